package io.identitysync.destinations.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The user properties we own, as Graph should hold them, and what differs from an account: displayName, givenName,
 * surname, jobTitle, department, employeeId, employeeHireDate; usageLocation only where the account has none (an
 * administrator's choice for licences is kept). A value the source lacks is left as Entra has it, never cleared.
 */
final class EntraUserFields {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EntraUserFields() {
    }

    static ObjectNode desired(ObjectNode row, String employeeId, String department, String usageLocation, JsonNode remote) {
        ObjectNode u = JSON.createObjectNode();
        String given = text(row, "given_name");
        String family = text(row, "family_name");
        String display = text(row, "display_name");
        if (display == null) {
            display = ((given == null ? "" : given) + " " + (family == null ? "" : family)).trim();
        }
        u.put("displayName", display.isEmpty() ? row.path("username").asText() : display);
        putIf(u, "givenName", given);
        putIf(u, "surname", family);
        putIf(u, "jobTitle", text(row, "title"));
        putIf(u, "department", department);
        u.put("employeeId", employeeId);
        putIf(u, "employeeHireDate", hireDate(row));
        if (usageLocation != null && !usageLocation.isEmpty() && (remote == null || !remote.path("usageLocation").isTextual())) {
            u.put("usageLocation", usageLocation);
        }
        return u;
    }

    /** The properties of {@code want} whose values differ from the account's (instants compared as instants). */
    static ObjectNode diff(ObjectNode want, JsonNode remote) {
        ObjectNode diff = JSON.createObjectNode();
        want.fieldNames().forEachRemaining(f -> {
            if (!same(want.path(f).asText(), remote.path(f).isNull() || remote.path(f).isMissingNode() ? null : remote.path(f).asText())) {
                diff.set(f, want.get(f));
            }
        });
        return diff;
    }

    /** The first day of the employment (start date, else effective date) as Graph's DateTimeOffset; null when unknown. */
    static String hireDate(ObjectNode row) {
        JsonNode e = employment(row);
        String day = e.path("start_date").asText(e.path("effective_on").asText(null));
        return day == null || day.length() < 10 ? null : day.substring(0, 10) + "T00:00:00Z";
    }

    /** The leaver's last day: the employment's end date, else the day our store saw them leave. */
    static String leaveDate(ObjectNode row) {
        String day = employment(row).path("end_date").asText(null);
        if (day == null) {
            day = row.path("deleted_at").isTextual() ? row.path("deleted_at").asText() : row.path("updated_at").asText(null);
        }
        return day == null || day.length() < 10 ? null : day.substring(0, 10) + "T00:00:00Z";
    }

    private static JsonNode employment(ObjectNode row) {
        JsonNode e = row.path("employment");
        if (e.isTextual()) {
            try {
                return JSON.readTree(e.asText());
            } catch (IOException ex) {
                return JSON.createObjectNode();
            }
        }
        return e;
    }

    private static boolean same(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.equals(b)) {
            return true;
        }
        try {
            return Instant.parse(a).equals(Instant.parse(b));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String text(ObjectNode row, String field) {
        String v = row.path(field).asText(null);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static void putIf(ObjectNode u, String field, String value) {
        if (value != null) {
            u.put(field, value);
        }
    }
}
