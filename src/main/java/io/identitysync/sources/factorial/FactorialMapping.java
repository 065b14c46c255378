package io.identitysync.sources.factorial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.core.CanonicalCompensation;
import io.identitysync.core.CanonicalEmployment;
import io.identitysync.core.CanonicalGroup;
import io.identitysync.core.CanonicalLeave;
import io.identitysync.core.CanonicalMembership;
import io.identitysync.core.CanonicalUser;
import io.identitysync.core.CustomField;
import io.identitysync.core.JobLevel;
import io.identitysync.core.LeavePolicy;
import io.identitysync.core.LeaveType;
import io.identitysync.core.MappedPage;
import io.identitysync.core.Skipped;
import io.identitysync.run.RunProperties;
import org.apache.camel.ExchangeProperty;

import static io.identitysync.core.SourceFields.text;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.time.format.DateTimeParseException;
import java.util.TreeMap;

/**
 * Factorial records → canonical ones: employees → users, teams → departments with member/lead memberships,
 * locations → location groups with their employees as members, contract versions → employments, job catalog
 * levels → the titles of employments that name a level and no title. One method per resource, named after it,
 * because the route calls the method of the resource it is paging.
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

    /** Contract versions → employments. Titles left null here are named by the job catalog level at staging. */
    public MappedPage contract_versions(JsonNode records) {
        MappedPage page = new MappedPage();
        page.employmentsRead = true;
        for (JsonNode v : records) {
            String id = id(v);
            String employee = id(v.get("employee_id"));
            if (id == null || employee == null) {
                page.skipped.add(new Skipped("employment", id, id == null ? "contract version without an id" : "contract version without an employee_id",
                        withoutPay(v)));
                continue;
            }
            page.employments.add(new CanonicalEmployment(id, employee, text(v, "effective_on"), text(v, "starts_on"), text(v, "ends_on"),
                    text(v, "job_title"), id(v.get("job_catalog_level_id")), employmentType(v), id(v.get("legal_entity_id")),
                    text(v, "working_hours"), text(v, "working_hours_frequency")));
        }
        return page;
    }

    /** A contract version with its salary fields left out: pay is kept only where compensations are asked for. */
    private static JsonNode withoutPay(JsonNode v) {
        ObjectNode copy = v.deepCopy();
        copy.properties().removeIf(field -> field.getKey().startsWith("salary_"));
        return copy;
    }

    /** Full or part time, from the working time percentage (in cents: 10000 is full time); null where Factorial gives none. */
    private static String employmentType(JsonNode v) {
        JsonNode percent = v.get("working_time_percentage_in_cents");
        if (percent == null || !percent.canConvertToLong()) {
            return null;
        }
        return percent.asLong() < 10_000 ? "part_time" : "full_time";
    }

    /**
     * Leave requests. Factorial's approval is tri-state: true approved, false rejected, null waiting. A leave with a
     * deleted_at is gone, as if not listed.
     */
    public MappedPage leaves(JsonNode records) {
        MappedPage page = new MappedPage();
        page.leavesRead = true;
        for (JsonNode l : records) {
            String id = id(l);
            String employee = id(l.get("employee_id"));
            if (id == null || employee == null) {
                page.skipped.add(new Skipped("leave", id, id == null ? "leave without an id" : "leave without an employee_id", l));
                continue;
            }
            if (text(l, "deleted_at") != null) {
                continue;
            }
            JsonNode approved = l.get("approved");
            String status = approved == null || approved.isNull() ? CanonicalLeave.PENDING
                    : approved.asBoolean() ? CanonicalLeave.APPROVED : CanonicalLeave.REJECTED;
            JsonNode hours = l.get("hours_amount_in_cents");
            page.leaves.add(new CanonicalLeave(id, employee, id(l.get("leave_type_id")), text(l, "leave_type_name"), text(l, "start_on"),
                    text(l, "finish_on"), text(l, "half_day"), status,
                    hours == null || !hours.canConvertToLong() ? null : String.valueOf(hours.asLong() / 100.0), text(l, "days_taken")));
        }
        return page;
    }

    /** Compensations (pay): sensitive, read only when asked for; the person is found from the contract version at staging. */
    public MappedPage compensations(JsonNode records) {
        MappedPage page = new MappedPage();
        page.compensationsRead = true;
        for (JsonNode c : records) {
            String id = id(c);
            if (id == null) {
                page.skipped.add(new Skipped("compensation", null, "compensation without an id", null));
                continue;
            }
            String concept = text(c, "description") != null ? text(c, "description") : id(c.get("contracts_taxonomy_id"));
            page.compensations.add(new CanonicalCompensation(id, id(c.get("contract_version_id")), concept, text(c, "compensation_type"),
                    text(c, "amount"), text(c, "currency"), text(c, "unit"), text(c, "recurrence"), text(c, "recurrence_count"),
                    text(c, "starts_on"), text(c, "first_payment_on")));
        }
        return page;
    }

    /** Custom field definitions: label, slug and Factorial's field type. */
    public MappedPage custom_fields(JsonNode records) {
        MappedPage page = new MappedPage();
        for (JsonNode f : records) {
            String id = id(f);
            if (id != null) {
                page.customFields.add(new CustomField.Definition(id, text(f, "label_text"), text(f, "slug"), text(f, "field_type")));
            }
        }
        return page;
    }

    public MappedPage custom_field_options(JsonNode records) {
        MappedPage page = new MappedPage();
        for (JsonNode o : records) {
            String id = id(o);
            if (id != null) {
                page.customOptions.add(new CustomField.Option(id, id(o.get("field_id")), text(o, "label") != null ? text(o, "label") : text(o, "value")));
            }
        }
        return page;
    }

    /**
     * People's custom field values, typed by the column Factorial fills: date_value a date, cents_value a number (in
     * units, not cents), single_choice_value an option, long_text_value text; else value as it comes (a checkbox is a
     * boolean, several choices are joined). Values of anything but employees are left out.
     */
    public MappedPage custom_field_values(JsonNode records) {
        MappedPage page = new MappedPage();
        for (JsonNode v : records) {
            String field = id(v.get("field_id"));
            String owner = id(v.get("valuable_id"));
            String type = text(v, "valuable_type");
            if (field == null || owner == null || type != null && !type.toLowerCase(Locale.ROOT).contains("employee")) {
                continue;
            }
            String[] typed = typedValue(v);
            if (typed != null) {
                page.customValues.add(new CustomField.Value(field, owner, typed[0], typed[1]));
            }
        }
        return page;
    }

    private static String[] typedValue(JsonNode v) {
        if (text(v, "date_value") != null) {
            return new String[] {CustomField.DATE, text(v, "date_value")};
        }
        JsonNode cents = v.get("cents_value");
        if (cents != null && cents.isNumber()) {
            return new String[] {CustomField.NUMBER, cents.decimalValue().movePointLeft(2).stripTrailingZeros().toPlainString()};
        }
        if (text(v, "single_choice_value") != null) {
            return new String[] {CustomField.OPTION, text(v, "single_choice_value")};
        }
        if (text(v, "long_text_value") != null) {
            return new String[] {CustomField.TEXT, text(v, "long_text_value")};
        }
        JsonNode value = v.get("value");
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return new String[] {CustomField.BOOLEAN, value.asText()};
        }
        if (value.isNumber()) {
            return new String[] {CustomField.NUMBER, value.decimalValue().toPlainString()};
        }
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(p -> parts.add(p.asText()));
            return new String[] {CustomField.TEXT, String.join(", ", parts)};
        }
        return value.isContainerNode() ? null : new String[] {CustomField.TEXT, value.asText()};
    }

    public MappedPage leave_types(JsonNode records) {
        MappedPage page = new MappedPage();
        for (JsonNode t : records) {
            String id = id(t);
            if (id != null) {
                page.leaveTypes.add(new LeaveType(id, text(t, "name"), text(t, "identifier"), bool(t, "active"), bool(t, "approval_required"),
                        bool(t, "payable")));
            }
        }
        return page;
    }

    public MappedPage leave_policies(JsonNode records) {
        MappedPage page = new MappedPage();
        for (JsonNode p : records) {
            String id = id(p);
            if (id != null) {
                page.leavePolicies.add(new LeavePolicy(id, text(p, "name"), bool(p, "main"), text(p, "description")));
            }
        }
        return page;
    }

    private static Boolean bool(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isBoolean() ? null : v.asBoolean();
    }

    /** Job catalog levels: the title of a contract version that names a level and no job title. */
    public MappedPage job_levels(JsonNode records) {
        MappedPage page = new MappedPage();
        for (JsonNode l : records) {
            String id = id(l);
            if (id != null) {
                page.jobLevels.add(new JobLevel(id, text(l, "name"), text(l, "role_name")));
            }
        }
        return page;
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

    private static String id(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        JsonNode id = node.isObject() ? node.get("id") : node;
        if (id == null || id.isNull() || id.asText().isBlank() || id.isContainerNode()) {
            return null;
        }
        return id.asText();
    }

    private static void putIfPresent(TreeMap<String, Object> attributes, String key, String value) {
        if (value != null) {
            attributes.put(key, value);
        }
    }
}
