package io.identitysync.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The vendor's own words in a refused answer. An operator can act on "Please provide a correct API version" but not
 * on "HTTP 406", and every vendor puts its words somewhere else:
 * <ul>
 * <li>JSON:API {@code errors} as an array of {@code {title, detail, status}} (Teamtailor, jsonapi-resources), or as one
 * object {@code {"errors": {"detail": …}}} (how teamtailor-rb's error.rb reads a 406);</li>
 * <li>OAuth's {@code error} with {@code error_description} (RFC 6749 §5.2);</li>
 * <li>Okta's {@code errorSummary} with each of its {@code errorCauses};</li>
 * <li>plain JSON {@code {"error": …}}, {@code {"message": …}} (Factorial), or a problem's {@code title}/{@code detail};</li>
 * <li>anything else: the body itself, on one line and cut at 200 characters, as Factorial's SDK does (errors.ts).</li>
 * </ul>
 */
public final class VendorWords {

    /** The longest excerpt kept, as Factorial's SDK keeps it. */
    static final int MAX_LENGTH = 200;
    private static final int MAX_ERRORS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private VendorWords() {
    }

    /** What the body says, on one line; empty when it says nothing. */
    public static String of(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException notJson) {
            return excerpt(body);
        }
        String said = json == null ? "" : said(json);
        return excerpt(said.isBlank() ? body : said);
    }

    private static String said(JsonNode json) {
        if (json.isTextual()) {
            return json.asText();
        }
        if (!json.isObject()) {
            return "";
        }
        JsonNode errors = json.get("errors");
        if (errors != null && errors.isArray() && !errors.isEmpty()) {
            List<String> each = new ArrayList<>();
            for (int i = 0; i < Math.min(MAX_ERRORS, errors.size()); i++) {
                String one = said(errors.get(i));
                if (!one.isBlank() && !each.contains(one)) {
                    each.add(one);
                }
            }
            String joined = String.join("; ", each);
            return errors.size() > MAX_ERRORS ? joined + "; and " + (errors.size() - MAX_ERRORS) + " more" : joined;
        }
        if (errors != null && (errors.isObject() || errors.isTextual())) {
            String one = said(errors);
            if (!one.isBlank()) {
                return one;
            }
            // Rails' {"errors": {"email": ["is invalid"]}}: field and complaint.
            return errors.isObject() ? fieldErrors(errors) : "";
        }
        String summary = text(json, "errorSummary");
        if (summary != null) {
            // Okta's {errorCode, errorSummary, errorCauses: [{errorSummary}]}.
            List<String> each = new ArrayList<>(List.of(summary));
            for (JsonNode cause : json.path("errorCauses")) {
                String one = text(cause, "errorSummary");
                if (one != null) {
                    each.add(one);
                }
            }
            return String.join("; ", each);
        }
        JsonNode error = json.get("error");
        String description = text(json, "error_description");
        if (error != null && error.isObject()) {
            return said(error);
        }
        String code = text(json, "error");
        String message = text(json, "message");
        String detail = text(json, "detail");
        String title = text(json, "title");
        String explanation = description != null ? description : message != null ? message : detail;
        String head = code != null ? code : title;
        if (head != null && explanation != null) {
            return explanation.contains(head) ? explanation : head + ": " + explanation;
        }
        return head != null ? head : explanation != null ? explanation : "";
    }

    private static String fieldErrors(JsonNode errors) {
        List<String> out = new ArrayList<>();
        errors.properties().forEach(field -> {
            JsonNode v = field.getValue();
            if (v.isArray()) {
                v.forEach(m -> out.add(field.getKey() + " " + m.asText()));
            } else if (v.isValueNode()) {
                out.add(field.getKey() + " " + v.asText());
            }
        });
        return String.join("; ", out);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isValueNode() || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
    }

    /** " (the vendor's words)", or "" when the body says nothing: for appending to a message. */
    public static String inParentheses(String body) {
        String words = of(body);
        return words.isEmpty() ? "" : " (" + words + ")";
    }

    /** The text on one line, cut at {@value #MAX_LENGTH} characters. */
    public static String excerpt(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() > MAX_LENGTH ? oneLine.substring(0, MAX_LENGTH) + "…" : oneLine;
    }
}
