package io.identitysync.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.identitysync.config.Settings;
import io.identitysync.destinations.directories.DirectoryConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/** A SCIM 2.0 service provider: {@code /Users} and, with groups, {@code /Groups}, one resource each (RFC 7644 §3.4.2). */
final class ScimProbe extends DirectoryProbe {

    @Override
    Map<String, String> headers(DirectoryConfig config, Settings settings) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "Bearer " + settings.get(config.tokenKey()));
        h.put("Accept", "application/scim+json");
        return h;
    }

    @Override
    Map<String, String> reads(DirectoryConfig config) {
        Map<String, String> reads = new LinkedHashMap<>();
        reads.put("users", "/Users?startIndex=1&count=1");
        if (config.groups()) {
            reads.put("groups", "/Groups?startIndex=1&count=1");
        }
        return reads;
    }

    @Override
    long total(JsonNode list) {
        return list.path("totalResults").canConvertToLong() ? list.path("totalResults").asLong() : -1;
    }
}
