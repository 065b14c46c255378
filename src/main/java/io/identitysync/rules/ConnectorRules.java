package io.identitysync.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.identitysync.model.CanonicalUser;
import io.identitysync.store.staging.Staging;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A connector's {@code <prefix>scope} and {@code <prefix>map.<attribute>} applied to each person as a page is staged:
 * out of scope is skipped ("out of scope"), a rule that fails for someone skips them with its words, and an override
 * replaces the canonical field of that name or, for any other name (department, location, a custom one), sets the
 * attribute.
 */
public final class ConnectorRules implements Staging.People {

    private final PersonRules rules;

    private ConnectorRules(PersonRules rules) {
        this.rules = rules;
    }

    /** Null when the connector has no rules: staging then does what it always did. */
    public static ConnectorRules of(Map<String, String> values, String keyPrefix) {
        PersonRules rules = PersonRules.of(values, keyPrefix);
        return rules.isEmpty() ? null : new ConnectorRules(rules);
    }

    @Override
    public CanonicalUser apply(CanonicalUser u, JsonNode record) {
        Map<String, Object> person = person(u);
        try {
            String out = rules.outOfScope(person, record);
            if (out != null) {
                throw new Staging.Excluded(out, true);
            }
            return override(u, rules.overrides(person, record));
        } catch (RuleException e) {
            throw new Staging.Excluded(e.getMessage(), false);
        }
    }

    /** A person before staging as rules see them: the fields events carry, and their department when an attribute gives it. */
    public static Map<String, Object> person(CanonicalUser u) {
        Map<String, Object> f = new LinkedHashMap<>(Staging.userFields(u));
        // Present even when empty, so that ${person.employment.start_date} is null rather than a failure.
        f.putIfAbsent("employment", Map.of());
        f.put("department", u.attributes().get("department"));
        return f;
    }

    static CanonicalUser override(CanonicalUser u, Map<String, String> values) {
        if (values.isEmpty()) {
            return u;
        }
        String email = u.email();
        String given = u.givenName();
        String family = u.familyName();
        String display = u.displayName();
        String title = u.title();
        String manager = u.managerExternalId();
        String number = u.employeeNumber();
        TreeMap<String, Object> attributes = new TreeMap<>(u.attributes());
        for (Map.Entry<String, String> e : values.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "email" -> email = v;
                case "given_name" -> given = v;
                case "family_name" -> family = v;
                case "display_name" -> display = v;
                case "title" -> title = v;
                case "manager" -> manager = v;
                case "employee_number" -> number = v;
                default -> {
                    if (v == null) {
                        attributes.remove(e.getKey());
                    } else {
                        attributes.put(e.getKey(), v);
                    }
                }
            }
        }
        return new CanonicalUser(u.externalId(), email, given, family, display, title, u.status(), manager, attributes, number,
                u.employment(), u.onLeaveToday());
    }
}
