package io.identitysync.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * What a vendor said when it refused a request, in its own words, read from the error body whatever its shape:
 * Factorial's {@code message} / {@code error}, JSON:API {@code errors} as an array (Teamtailor's 401, 422) or as an
 * object (Teamtailor's 406), OAuth's {@code error} with {@code error_description} (RFC 6749 §5.2), JumpCloud's
 * {@code message} with {@code details}, SCIM's {@code detail} with {@code scimType} (RFC 7644 §3.12); any other body
 * by its first 200 characters, as Factorial's own SDK reports one (typescript/src/errors.ts).
 */
public final class VendorWords {

    static final int MAX = 200;

    private VendorWords() {
    }

    /** The vendor's words, or "" when the body says nothing. {@code json} null: the body is not JSON. */
    public static String of(JsonNode json, String text) {
        if (json == null || !json.isObject()) {
            return clip(text == null ? "" : text.strip().replaceAll("\\s+", " "));
        }
        List<String> parts = new ArrayList<>();
        JsonNode errors = json.path("errors");
        if (errors.isArray()) {
            for (int i = 0; i < errors.size() && i < 3; i++) {
                add(parts, jsonApi(errors.get(i)));
            }
        } else if (errors.isObject()) {
            add(parts, jsonApi(errors));
            if (parts.isEmpty()) {
                // Rails' model errors: {"errors": {"email": ["is invalid"]}}
                errors.fields().forEachRemaining(f -> add(parts, f.getKey() + " " + joined(f.getValue())));
            }
        } else if (errors.isTextual()) {
            add(parts, errors.asText());
        }
        JsonNode error = json.path("error");
        String description = json.path("error_description").asText("");
        boolean message = json.path("message").isTextual() && !json.path("message").asText().isBlank();
        // Factorial's {error: "Unprocessable Entity", message: "…"}: there the error is only the status's name.
        if (error.isTextual() && (!message || !description.isBlank())) {
            add(parts, description.isBlank() ? error.asText() : error.asText() + ": " + description);
        } else if (error.isObject()) {
            add(parts, error.path("message").asText(error.path("detail").asText("")));
        }
        add(parts, json.path("message").isTextual() ? json.path("message").asText() : "");
        JsonNode details = json.path("details");
        if (!details.isMissingNode() && !details.isNull() && !(details.isArray() && details.isEmpty())) {
            add(parts, details.isTextual() ? details.asText() : details.toString());
        }
        String detail = json.path("detail").asText("");
        String scimType = json.path("scimType").asText("");
        add(parts, scimType.isBlank() ? detail : detail.isBlank() ? scimType : detail + " (scimType " + scimType + ")");
        return clip(parts.isEmpty() ? json.toString() : String.join("; ", parts));
    }

    /** " (the vendor's words)", or "" when it said nothing: for appending to a message. */
    public static String inParentheses(JsonNode json, String text) {
        String words = of(json, text);
        return words.isEmpty() ? "" : " (" + words + ")";
    }

    private static String jsonApi(JsonNode error) {
        String detail = error.path("detail").asText("");
        String title = error.path("title").asText("");
        return detail.isBlank() ? title : title.isBlank() || detail.startsWith(title) ? detail : title + ": " + detail;
    }

    private static String joined(JsonNode value) {
        if (!value.isArray()) {
            return value.asText(value.toString());
        }
        List<String> out = new ArrayList<>();
        value.forEach(v -> out.add(v.asText(v.toString())));
        return String.join(", ", out);
    }

    private static void add(List<String> parts, String part) {
        if (part != null && !part.isBlank() && !parts.contains(part)) {
            parts.add(part);
        }
    }

    private static String clip(String text) {
        return text.length() <= MAX ? text : text.substring(0, MAX) + "…";
    }
}
