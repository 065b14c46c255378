package io.identitysync.simulators.factorial;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Factorial's records beyond the roster, as its API returns them, field for field from the models of Factorial's
 * SDK (factorialco/factorial-api-sdks, python/factorial_api_client/generated/models, API 2026-04-01): contract
 * versions, compensations, leaves and leave types, custom fields and values, locations and job catalog levels. A field the model marks optional
 * (Unset) is left out, never sent as null. The simulator's company is made of them, and so are the companies tests
 * write by hand.
 */
public final class FactorialRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FactorialRecords() {
    }

    /** A leave as Factorial returns it (TimeoffLeave); {@code approved} true, false, or null while waiting (then absent). */
    public static ObjectNode leave(long id, int employeeId, int typeId, LocalDate start, LocalDate finish, Boolean approved) {
        ObjectNode l = JSON.createObjectNode();
        l.put("id", id);
        l.put("company_id", 1);
        l.put("employee_id", employeeId);
        l.put("start_on", start.toString());
        if (finish != null) {
            l.put("finish_on", finish.toString());
        }
        l.put("leave_type_id", typeId);
        l.put("leave_type_name", typeId == 1 ? "Vacation" : typeId == 2 ? "Sick leave" : "Parental leave");
        if (approved != null) {
            l.put("approved", approved);
        }
        l.put("days_taken", finish == null ? 0 : (int) (finish.toEpochDay() - start.toEpochDay()) + 1);
        l.put("updated_at", start.atStartOfDay() + ":00Z");
        return l;
    }

    static ObjectNode leaveType(int id, String name, String identifier, boolean approvalRequired) {
        return JSON.createObjectNode().put("id", id).put("name", name).put("identifier", identifier).put("color", "#00a3ff")
                .put("active", true).put("approval_required", approvalRequired).put("accrues", id == 1).put("attachment", id == 2)
                .put("visibility", true).put("workable", false).put("payable", true).put("company_id", 1).put("details_required", false)
                .set("allowance_ids", JSON.createArrayNode().add(id));
    }

    public static ObjectNode customField(int id, String type, String label, String slug) {
        return JSON.createObjectNode().put("id", id).put("field_type", type).put("label_text", label).put("slug", slug).put("required", false);
    }

    /** An employee's value in a custom field, empty; the caller puts it in the column its type uses. */
    public static ObjectNode customValue(long id, int fieldId, int employeeId) {
        return JSON.createObjectNode().put("id", id).put("field_id", fieldId).put("valuable_id", employeeId)
                .put("valuable_type", "Employee").put("custom_field_identifier", "cf_" + fieldId);
    }

    /** A yearly base salary (amount in cents) on a contract version, as Factorial's compensations list it. */
    public static ObjectNode compensation(long id, long contractVersionId, long amountCents, LocalDate startsOn) {
        return JSON.createObjectNode().put("id", id).put("contract_version_id", contractVersionId).put("contracts_taxonomy_id", 1)
                .put("description", "Base salary").put("compensation_type", "fixed").put("amount", amountCents).put("unit", "money")
                .put("recurrence_count", 1).put("starts_on", startsOn.toString()).put("recurrence", "yearly")
                .put("first_payment_on", startsOn.plusMonths(1).withDayOfMonth(1).toString()).put("currency", "EUR");
    }

    /** A contract version as Factorial returns it (ContractsContractVersion): full time, 40 hours a week. */
    public static ObjectNode contractVersion(long id, int employeeId, LocalDate effectiveOn, LocalDate startsOn, String jobTitle) {
        ObjectNode v = JSON.createObjectNode();
        v.put("id", id);
        v.put("company_id", 1);
        v.put("employee_id", employeeId);
        v.put("updated_at", Instant.now().toString());
        v.put("effective_on", effectiveOn.toString());
        v.put("starts_on", startsOn.toString());
        if (jobTitle != null) {
            v.put("job_title", jobTitle);
        }
        v.put("has_payroll", true);
        v.put("working_hours", 40);
        v.put("working_hours_frequency", "week");
        v.put("working_time_percentage_in_cents", 10000);
        // Pay on the contract itself, as Factorial sends it: it must reach nothing unless compensations are asked for.
        v.put("salary_amount", 4_200_000);
        v.put("salary_frequency", "yearly");
        v.put("bank_holiday_treatment", "non_workable");
        v.put("fr_forfait_jours", false);
        v.put("created_at", effectiveOn.atStartOfDay() + ":00Z");
        v.put("updated_at", effectiveOn.atStartOfDay() + ":00Z");
        return v;
    }

    /** A workplace as Factorial returns it (LocationsLocation): its id and company_id are strings. */
    public static ObjectNode location(int id, String name, String country, String city, boolean main) {
        return JSON.createObjectNode().put("id", String.valueOf(id)).put("company_id", "1").put("name", name).put("main", main)
                .put("country", country).put("city", city);
    }

    /** A job catalog level as Factorial returns it (JobCatalogLevel): string ids; {@code roleName} null gives an empty one. */
    public static ObjectNode jobLevel(String id, String name, String roleName) {
        return JSON.createObjectNode().put("id", id).put("role_id", roleName == null ? "0" : "1" + id).put("name", name)
                .put("role_name", roleName == null ? "" : roleName).put("order", Integer.parseInt(id)).put("archived", false)
                .put("is_default", "1".equals(id));
    }
}
