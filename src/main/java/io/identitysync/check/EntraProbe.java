package io.identitysync.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.identitysync.config.Settings;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.entra.EntraTokens;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Microsoft Entra ID: a token for the app registration from the login URL (client credentials), then one page of
 * one user from Microsoft Graph. Graph's list reports no total without advanced query headers, so the count is the page's.
 */
final class EntraProbe extends DirectoryProbe {

    @Override
    Map<String, String> headers(DirectoryConfig config, Settings settings) {
        EntraTokens tokens = EntraTokens.of(config, settings.get(config.tokenKey()), settings.duration("directories.timeout"));
        Map<String, String> h = new LinkedHashMap<>(tokens.headers());
        h.put("Accept", "application/json");
        return h;
    }

    @Override
    String credentialKeys(DirectoryConfig config) {
        return config.key("tenant-id") + ", " + config.key("client-id") + " and " + config.tokenKey();
    }

    @Override
    Map<String, String> reads(DirectoryConfig config) {
        return Map.of("users", "/users?$select=id&$top=1");
    }

    @Override
    long total(JsonNode list) {
        if (!list.path("value").isArray() || !list.has("@odata.context")) {
            return -1;
        }
        return list.path("value").size();
    }
}
