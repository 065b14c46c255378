package io.identitysync.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.identitysync.config.Settings;
import io.identitysync.destinations.directories.DirectoryConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/** JumpCloud: v1 {@code /systemusers} and, with groups, v2 {@code /v2/usergroups}, one record each. */
final class JumpCloudProbe extends DirectoryProbe {

    @Override
    Map<String, String> headers(DirectoryConfig config, Settings settings) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("x-api-key", settings.get(config.tokenKey()));
        if (!config.orgId().isEmpty()) {
            h.put("x-org-id", config.orgId());
        }
        h.put("Accept", "application/json");
        return h;
    }

    /** A multi-tenant admin's key is refused without its organisation (x-org-id). */
    @Override
    String credentialKeys(DirectoryConfig config) {
        return config.tokenKey() + " and " + config.orgIdKey();
    }

    @Override
    Map<String, String> reads(DirectoryConfig config) {
        Map<String, String> reads = new LinkedHashMap<>();
        reads.put("users", "/systemusers?limit=1&fields=_id");
        if (config.groups()) {
            reads.put("groups", "/v2/usergroups?limit=1");
        }
        return reads;
    }

    /** v1 lists answer {totalCount, results}; v2 lists a bare array (its total is in a header, so the page's size). */
    @Override
    long total(JsonNode list) {
        if (list.isArray()) {
            return list.size();
        }
        return list.path("totalCount").canConvertToLong() ? list.path("totalCount").asLong() : -1;
    }
}
