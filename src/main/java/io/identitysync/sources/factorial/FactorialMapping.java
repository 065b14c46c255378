package io.identitysync.sources.factorial;

import com.fasterxml.jackson.databind.JsonNode;
import io.identitysync.model.CanonicalGroup;
import io.identitysync.model.CanonicalMembership;
import io.identitysync.model.CanonicalUser;
import io.identitysync.model.MappedPage;
import io.identitysync.model.Skipped;
import io.identitysync.run.RunProperties;
import org.apache.camel.ExchangeProperty;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.identitysync.core.SourceFields.id;
import static io.identitysync.core.SourceFields.text;

/**
 * Factorial's roster → canonical records: employees → users, teams → departments, team memberships → their
 * member/lead memberships, locations → location groups with their employees as members. One method per resource, named after it, because
 * the route calls the method of the resource it is paging. The rest of Factorial has its own mappings:
 * employments and pay ({@link FactorialEmploymentMapping}), time off ({@link FactorialTimeOffMapping}), custom
 * fields ({@link FactorialCustomFieldMapping}).
 */
public final class FactorialMapping {

    /** The route property holding {@code <prefix>email-field}: the employee fields the identity's address is read from, in order. */
    public static final String EMAIL_FIELD = "emailField";
    /** The employee fields {@code <prefix>email-field} may name. */
    public static final List<String> EMAIL_FIELDS = List.of("email", "login_email");
    /** The default of {@code <prefix>email-field}. */
    public static final String DEFAULT_EMAIL_FIELD = "email,login_email";

    /**
     * @param today the run's day (the property the run sets at its start): it decides whether a termination date has come
     * @param emailField {@code <prefix>email-field}, checked at start ({@link #emailFields})
     */
    public MappedPage employees(JsonNode records, @ExchangeProperty(RunProperties.TODAY) LocalDate today,
            @ExchangeProperty(EMAIL_FIELD) String emailField) {
        List<String> fields = emailFields(emailField == null || emailField.isBlank() ? DEFAULT_EMAIL_FIELD : emailField);
        MappedPage page = new MappedPage();
        for (JsonNode e : records) {
            String id = id(e);
            if (id == null) {
                page.skipped.add(new Skipped("user", null, "employee without an id", e));
                continue;
            }
            page.users.add(user(e, id, today, fields));
            page.records.put(id, e);
            String location = id(e.get("location_id"));
            if (location != null) {
                page.memberships.add(new CanonicalMembership(CanonicalGroup.scopedId(CanonicalGroup.LOCATION, location), id, CanonicalMembership.MEMBER));
            }
        }
        return page;
    }

    /**
     * The fields of {@code <prefix>email-field}, in the order they are tried: "email", "login_email" or a comma list
     * of both. Throws IllegalArgumentException with the reason when the value is not one of those.
     */
    public static List<String> emailFields(String setting) {
        List<String> fields = new ArrayList<>();
        for (String part : setting.split(",", -1)) {
            String field = part.trim();
            if (!EMAIL_FIELDS.contains(field)) {
                throw new IllegalArgumentException(field.isEmpty() ? "names an empty field" : "'" + field + "' is not an employee address field");
            }
            if (fields.contains(field)) {
                throw new IllegalArgumentException("names " + field + " twice");
            }
            fields.add(field);
        }
        return List.copyOf(fields);
    }

    /**
     * Which of an employee record's address fields (email, login_email) hold an address, with the address: what
     * {@code check --live} shows, masked, so an operator can tell which field holds the work address in their company.
     */
    public static Map<String, String> addressFields(JsonNode employee) {
        Map<String, String> found = new LinkedHashMap<>();
        for (String field : EMAIL_FIELDS) {
            String value = text(employee, field);
            if (value != null && value.contains("@")) {
                found.put(field, value);
            }
        }
        return found;
    }

    CanonicalUser user(JsonNode e, String id, LocalDate today) {
        return user(e, id, today, emailFields(DEFAULT_EMAIL_FIELD));
    }

    CanonicalUser user(JsonNode e, String id, LocalDate today, List<String> emailFields) {
        String given = text(e, "first_name");
        String family = text(e, "last_name");
        String display = text(e, "full_name");
        if (display == null) {
            display = String.join(" ", given == null ? "" : given, family == null ? "" : family).trim();
        }
        String email = null;
        for (int i = 0; i < emailFields.size() && email == null; i++) {
            email = text(e, emailFields.get(i));
        }
        String terminatedOn = text(e, "terminated_on");
        TreeMap<String, Object> attributes = new TreeMap<>();
        if (terminatedOn != null) {
            attributes.put("terminated_on", terminatedOn);
        }
        putIfPresent(attributes, "company_id", id(e.get("company_id")));
        putIfPresent(attributes, "legal_entity_id", id(e.get("legal_entity_id")));
        putIfPresent(attributes, "location_id", id(e.get("location_id")));
        // Factorial keeps the job title on the contract, not the employee: the employments give it (null without them).
        // The address comes from <prefix>email-field: Factorial's schema calls `email` "personal email" and
        // `login_email` the session's address, while integrations map `email` as the work address; which one holds
        // the work address differs by company, so the operator names it. personal_email is never identity.
        return new CanonicalUser(id, email, given, family, display.isEmpty() ? null : display, null,
                disabled(e, terminatedOn, today) ? CanonicalUser.DISABLED : CanonicalUser.ACTIVE, id(e.get("manager_id")), attributes,
                text(e, "company_identifier"), null, null);
    }

    /** Disabled when Factorial says inactive, or the termination date has come (on or before today, UTC). */
    static boolean disabled(JsonNode e, String terminatedOn, LocalDate today) {
        if (e.has("active") && !e.get("active").isNull() && !e.get("active").asBoolean(true)) {
            return true;
        }
        if (terminatedOn == null) {
            return false;
        }
        try {
            return !LocalDate.parse(terminatedOn.length() > 10 ? terminatedOn.substring(0, 10) : terminatedOn).isAfter(today);
        } catch (DateTimeParseException ex) {
            // An unreadable date must not keep a leaver active: treat it as terminated.
            return true;
        }
    }

    public MappedPage teams(JsonNode records) {
        MappedPage page = new MappedPage();
        for (JsonNode t : records) {
            String id = id(t);
            if (id == null) {
                page.skipped.add(new Skipped("group", null, "team without an id", t));
                continue;
            }
            String groupId = CanonicalGroup.scopedId(CanonicalGroup.DEPARTMENT, id);
            TreeMap<String, Object> attributes = new TreeMap<>();
            attributes.put("source_type", "team");
            putIfPresent(attributes, "company_id", id(t.get("company_id")));
            page.groups.add(new CanonicalGroup(groupId, text(t, "name"), CanonicalGroup.DEPARTMENT, text(t, "description"), attributes));
        }
        return page;
    }

    /**
     * Team memberships ({@code teams/memberships}: employee_id, team_id, lead) → department members, and leads too.
     * They are read from their own list, not from a team's employee_ids and lead_ids: those are optional in
     * Factorial's team model, and a team sent without them must not read as a team without members.
     */
    public MappedPage team_memberships(JsonNode records) {
        MappedPage page = new MappedPage();
        for (JsonNode m : records) {
            String team = id(m.get("team_id"));
            String employee = id(m.get("employee_id"));
            if (team == null || employee == null) {
                page.skipped.add(new Skipped("membership", id(m), team == null ? "team membership without a team_id" : "team membership without an employee_id", m));
                continue;
            }
            String groupId = CanonicalGroup.scopedId(CanonicalGroup.DEPARTMENT, team);
            page.memberships.add(new CanonicalMembership(groupId, employee, CanonicalMembership.MEMBER));
            if (m.path("lead").asBoolean(false)) {
                page.memberships.add(new CanonicalMembership(groupId, employee, CanonicalMembership.LEAD));
            }
        }
        return page;
    }

    public MappedPage locations(JsonNode records) {
        MappedPage page = new MappedPage();
        for (JsonNode l : records) {
            String id = id(l);
            if (id == null) {
                page.skipped.add(new Skipped("group", null, "location without an id", l));
                continue;
            }
            TreeMap<String, Object> attributes = new TreeMap<>();
            for (String field : new String[] {"country", "state", "city", "postal_code", "timezone"}) {
                putIfPresent(attributes, field, text(l, field));
            }
            page.groups.add(new CanonicalGroup(CanonicalGroup.scopedId(CanonicalGroup.LOCATION, id), text(l, "name"),
                    CanonicalGroup.LOCATION, null, attributes));
        }
        return page;
    }

    private static void putIfPresent(TreeMap<String, Object> attributes, String key, String value) {
        if (value != null) {
            attributes.put(key, value);
        }
    }
}
