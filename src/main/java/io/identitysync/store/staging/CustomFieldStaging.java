package io.identitysync.store.staging;

import io.identitysync.core.SourceException;
import io.identitysync.model.CanonicalUser;
import io.identitysync.model.CustomField;
import io.identitysync.model.MappedPage;
import io.identitysync.store.Statements;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The custom fields side of staging: definitions, options and values, read before the people; each page of people
 * then gets the mapped fields as attributes, typed. A mapping that names a field the source does not have fails the
 * run, naming the key, before anything is applied.
 */
final class CustomFieldStaging {

    private static final String REFERENCE = "custom:";

    private CustomFieldStaging() {
    }

    static void stage(Connection c, String runId, MappedPage page) throws SQLException {
        Statements.batch(c, "INSERT INTO stage_custom_fields (run_id, external_id, label, slug, type) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                page.customFields.stream().map(f -> Arrays.asList(runId, f.externalId(), f.label(), f.slug(), f.type())).toList());
        Statements.batch(c, "INSERT INTO stage_custom_options (run_id, external_id, field_id, label) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                page.customOptions.stream().map(o -> Arrays.asList(runId, o.externalId(), o.fieldId(), o.label())).toList());
        Statements.batch(c, "INSERT INTO stage_custom_values (run_id, field_id, user_external_id, type, value) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                page.customValues.stream().map(v -> Arrays.asList(runId, v.fieldId(), v.userExternalId(), v.type(), v.value())).toList());
    }

    /**
     * The page's people with their mapped custom fields in attributes.
     *
     * @param mappings attribute name → its configuration key and reference ("custom:Cost center")
     */
    static List<CanonicalUser> withCustomFields(Connection c, String runId, List<CanonicalUser> users, Map<String, String[]> mappings)
            throws SQLException {
        if (users.isEmpty() || mappings.isEmpty()) {
            return users;
        }
        Map<String, String> fieldOf = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> m : mappings.entrySet()) {
            fieldOf.put(m.getKey(), field(c, runId, m.getValue()[0], m.getValue()[1]));
        }
        List<String> params = new ArrayList<>(List.of(runId));
        params.addAll(new LinkedHashSet<>(fieldOf.values()));
        int fields = params.size() - 1;
        users.forEach(u -> params.add(u.externalId()));
        Map<String, Map<String, Object>> valuesByUser = new HashMap<>();
        try (PreparedStatement ps = Statements.bind(c.prepareStatement("SELECT v.field_id, v.user_external_id, v.type, v.value, o.label "
                + "FROM stage_custom_values v LEFT JOIN stage_custom_options o ON o.run_id = v.run_id AND o.external_id = v.value AND v.type = 'option' "
                + "WHERE v.run_id = ? AND v.field_id IN (" + marks(fields) + ") AND v.user_external_id IN (" + marks(users.size()) + ")"), params);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Object typed = typed(rs.getString("type"), rs.getString("value"), rs.getString("label"));
                valuesByUser.computeIfAbsent(rs.getString("user_external_id"), k -> new HashMap<>()).put(rs.getString("field_id"), typed);
            }
        }
        List<CanonicalUser> result = new ArrayList<>(users.size());
        for (CanonicalUser u : users) {
            Map<String, Object> values = valuesByUser.getOrDefault(u.externalId(), Map.of());
            TreeMap<String, Object> attributes = new TreeMap<>(u.attributes());
            for (Map.Entry<String, String> m : fieldOf.entrySet()) {
                Object value = values.get(m.getValue());
                if (value != null) {
                    attributes.put(m.getKey(), value);
                }
            }
            result.add(u.withAttributes(attributes));
        }
        return result;
    }

    /** The field a reference names: by id, else slug, else label (case and spaces aside); none is a failure naming the key. */
    private static String field(Connection c, String runId, String key, String reference) throws SQLException {
        String wanted = reference.substring(REFERENCE.length()).trim();
        List<String[]> all = new ArrayList<>();
        try (PreparedStatement ps = Statements.bind(c.prepareStatement("SELECT external_id, slug, label FROM stage_custom_fields "
                + "WHERE run_id = ? ORDER BY label"), List.of(runId)); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                all.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        for (int pass = 0; pass < 3; pass++) {
            for (String[] f : all) {
                String candidate = f[pass];
                if (candidate != null && (pass == 2 ? normal(candidate).equals(normal(wanted)) : candidate.equals(wanted))) {
                    return f[0];
                }
            }
        }
        List<String> labels = all.stream().map(f -> "'" + f[2] + "'").toList();
        throw new SourceException(key + ": there is no custom field '" + wanted + "' (by label, slug or id); the fields are "
                + (labels.isEmpty() ? "none (is custom_fields in the resources, and may the key read them?)" : String.join(", ", labels)));
    }

    private static String normal(String s) {
        return s.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static Object typed(String type, String value, String optionLabel) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case CustomField.NUMBER -> {
                try {
                    yield new BigDecimal(value);
                } catch (NumberFormatException e) {
                    yield value;
                }
            }
            case CustomField.BOOLEAN -> Boolean.valueOf(value);
            case CustomField.OPTION -> optionLabel != null ? optionLabel : value;
            default -> value;
        };
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
