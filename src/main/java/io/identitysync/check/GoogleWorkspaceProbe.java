package io.identitysync.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.identitysync.config.Settings;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.googleworkspace.GoogleTokens;
import io.identitysync.destinations.googleworkspace.GoogleWorkspaceKind;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Google Workspace: a token from the key file's token_uri (the service account acting for admin-email), then one
 * page of one user ({@code users.list}). Google's list reports no total, so the count is the page's.
 */
final class GoogleWorkspaceProbe extends DirectoryProbe {

    @Override
    Map<String, String> headers(DirectoryConfig config, Settings settings) {
        GoogleTokens tokens = GoogleWorkspaceKind.tokens(config);
        Map<String, String> h = new LinkedHashMap<>(tokens.headers());
        h.put("Accept", "application/json");
        return h;
    }

    @Override
    String credentialKeys(DirectoryConfig config) {
        return config.tokenKey() + " and " + config.key("admin-email");
    }

    @Override
    Map<String, String> reads(DirectoryConfig config) {
        return Map.of("users", "/admin/directory/v1/users?customer=my_customer&maxResults=1");
    }

    @Override
    long total(JsonNode list) {
        if (!"admin#directory#users".equals(list.path("kind").asText())) {
            return -1;
        }
        return list.path("users").size();
    }
}
