package io.identitysync.people;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.identitysync.config.Settings;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Fields a person's history names but never shows: pay (compensation, salary), birthday, personal email, and the
 * attributes listed in people.sensitive-fields. Matched on the field's name, wherever it is nested, so a custom
 * attribute called "Birth date" or "salary_band" is hidden as well.
 */
public final class Sensitive {

    public static final String HIDDEN = "(sensitive, not shown)";
    private static final String[] ALWAYS = {"compensation", "salary", "pay", "wage", "birth", "personal_email", "personalemail"};

    private final Set<String> marked;

    public Sensitive(Set<String> marked) {
        this.marked = marked.stream().map(Sensitive::fold).collect(Collectors.toSet());
    }

    public static Sensitive of(Settings settings) {
        String keys = settings.get("people.sensitive-fields");
        return new Sensitive(Arrays.stream(keys == null ? new String[0] : keys.split(",")).map(String::trim).filter(k -> !k.isEmpty())
                .collect(Collectors.toSet()));
    }

    public boolean hides(String field) {
        String f = fold(field);
        if (marked.contains(f)) {
            return true;
        }
        for (String word : ALWAYS) {
            if (f.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** A copy with every sensitive field's value replaced by {@link #HIDDEN}, at any depth. */
    public JsonNode redact(JsonNode node) {
        if (node == null || !node.isContainerNode()) {
            return node;
        }
        JsonNode copy = node.deepCopy();
        scrub(copy);
        return copy;
    }

    private void scrub(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (hides(e.getKey())) {
                    e.setValue(TextNode.valueOf(HIDDEN));
                } else {
                    scrub(e.getValue());
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(this::scrub);
        }
    }

    /** Lower case, letters and digits only: "Birth date", "birth_date" and "birthDate" are one name. */
    private static String fold(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "").replace("personalemail", "personal_email");
    }
}
