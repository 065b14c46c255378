package io.identitysync.destinations.directories;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.rules.PersonRules;
import io.identitysync.store.identities.DirectoryState;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A directory's {@code directories.<id>.scope} and {@code directories.<id>.map.<attribute>}, on the stored person a
 * push reads: the scope decides who is provisioned here, the map what this directory receives (a field of the row
 * by its name, any other name an attribute; {@code department} replaces the department group's name).
 */
final class DirectoryRules {

    private final PersonRules rules;
    private final DirectoryState state;

    DirectoryRules(DirectoryConfig config, DirectoryState state) {
        Map<String, String> values = new LinkedHashMap<>();
        config.options().forEach((k, v) -> values.put(config.key(k), v));
        this.rules = PersonRules.of(values, config.key(""));
        this.state = state;
    }

    /** Why this directory's scope leaves the person out, or null. */
    String outOfScope(String connector, String externalId, ObjectNode row) {
        if (!rules.hasScope() || row == null) {
            return null;
        }
        return rules.outOfScope(PersonRules.person(row, state.department(connector, externalId)));
    }

    /** The row with this directory's overrides applied (a copy), or the row itself when it has none. */
    ObjectNode mapped(String connector, String externalId, ObjectNode row) {
        if (row == null || rules.map().isEmpty()) {
            return row;
        }
        ObjectNode out = row.deepCopy();
        ObjectNode attributes = out.path("attributes").isObject() ? (ObjectNode) out.get("attributes") : out.putObject("attributes");
        rules.overrides(PersonRules.person(row, state.department(connector, externalId))).forEach((attribute, value) -> {
            if (out.has(attribute) && !attribute.equals("attributes")) {
                out.put(attribute, value);
            } else {
                attributes.put(attribute, value);
            }
        });
        return out;
    }
}
