package io.identitysync.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.identitysync.config.Settings;
import io.identitysync.destinations.directories.DirectoryConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/** Okta: {@code /api/v1/users} and, with groups, {@code /api/v1/groups}, one record each, with the push's SSWS token. */
final class OktaProbe extends DirectoryProbe {

    @Override
    Map<String, String> headers(DirectoryConfig config, Settings settings) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "SSWS " + settings.get(config.tokenKey()));
        h.put("Accept", "application/json");
        return h;
    }

    @Override
    Map<String, String> reads(DirectoryConfig config) {
        Map<String, String> reads = new LinkedHashMap<>();
        reads.put("users", "/api/v1/users?limit=1");
        if (config.groups()) {
            reads.put("groups", "/api/v1/groups?limit=1");
        }
        return reads;
    }

    /** Okta's lists are bare arrays with no total (paging is by Link header): the page's size. */
    @Override
    long total(JsonNode list) {
        return list.isArray() ? list.size() : -1;
    }
}
