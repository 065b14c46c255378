package io.identitysync.model;

import com.fasterxml.jackson.databind.JsonNode;

/** A source record that was read but not stored, and why: it lands in skipped.ndjson. */
public record Skipped(String kind, String externalId, String reason, JsonNode record) {
}
