package io.identitysync.sources.factorial;

import com.fasterxml.jackson.databind.JsonNode;
import io.identitysync.core.CanonicalGroup;
import io.identitysync.core.CanonicalMembership;
import io.identitysync.core.CanonicalUser;
import io.identitysync.core.MappedPage;
import io.identitysync.core.Skipped;
import io.identitysync.run.RunProperties;
import org.apache.camel.ExchangeProperty;

import static io.identitysync.core.SourceFields.id;
import static io.identitysync.core.SourceFields.text;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.TreeMap;

/**
 * Factorial's roster → canonical records: employees → users, teams → departments with member/lead memberships,
 * locations → location groups with their employees as members. One method per resource, named after it, because
 * the route calls the method of the resource it is paging. The rest of Factorial has its own mappings:
 * employments and pay ({@link FactorialEmploymentMapping}), time off ({@link FactorialTimeOffMapping}), custom
 * fields ({@link FactorialCustomFieldMapping}).
 */
public final class FactorialMapping {

    /** @param today the run's day (the property the run sets at its start): it decides whether a termination date has come */
    public MappedPage employees(JsonNode records, @ExchangeProperty(RunProperties.TODAY) LocalDate today) {
        MappedPage page = new MappedPage();
        for (JsonNode e : records) {
            String id = id(e);
            if (id == null) {
                page.skipped.add(new Skipped("user", null, "employee without an id", e));
                continue;
            }
            page.users.add(user(e, id, today));
            String location = id(e.get("location_id"));
            if (location != null) {
                page.memberships.add(new CanonicalMembership(CanonicalGroup.scopedId(CanonicalGroup.LOCATION, location), id, CanonicalMembership.MEMBER));
            }
        }
        return page;
    }

    CanonicalUser user(JsonNode e, String id, LocalDate today) {
        String given = text(e, "first_name");
        String family = text(e, "last_name");
        String display = text(e, "full_name");
        if (display == null) {
            display = String.join(" ", given == null ? "" : given, family == null ? "" : family).trim();
        }
        String email = text(e, "email");
        if (email == null) {
            email = text(e, "login_email");
        }
        String terminatedOn = text(e, "terminated_on");
        TreeMap<String, Object> attributes = new TreeMap<>();
        if (terminatedOn != null) {
            attributes.put("terminated_on", terminatedOn);
        }
        putIfPresent(attributes, "role", text(e, "role"));
        putIfPresent(attributes, "company_id", id(e.get("company_id")));
        putIfPresent(attributes, "legal_entity_id", id(e.get("legal_entity_id")));
        putIfPresent(attributes, "location_id", id(e.get("location_id")));
        // Factorial keeps the job title on the contract, not the employee: the employments give it (null without them).
        // email is the company address (falling back to the login address); personal_email is never identity.
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
            for (JsonNode member : t.path("employee_ids")) {
                page.memberships.add(new CanonicalMembership(groupId, member.asText(), CanonicalMembership.MEMBER));
            }
            for (JsonNode lead : t.path("lead_ids")) {
                page.memberships.add(new CanonicalMembership(groupId, lead.asText(), CanonicalMembership.LEAD));
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
