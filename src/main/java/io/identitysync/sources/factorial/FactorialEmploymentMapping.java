package io.identitysync.sources.factorial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.model.CanonicalCompensation;
import io.identitysync.model.CanonicalEmployment;
import io.identitysync.model.JobLevel;
import io.identitysync.model.MappedPage;
import io.identitysync.model.Skipped;

import static io.identitysync.core.SourceFields.id;
import static io.identitysync.core.SourceFields.text;

/**
 * Factorial's contracts → canonical employments: contract versions → employments (the title a version has, else
 * its job catalog level's, named at staging), job catalog levels → those titles, compensations → pay (sensitive,
 * read only when asked for). One method per resource, named after it, as the route calls them.
 */
public final class FactorialEmploymentMapping {

    /**
     * Contract versions → employments. Titles left null here are named by the job catalog level at staging. The
     * legal entity is no field of Factorial's contract version: it is the employee's (legal_entity_id, kept in the
     * person's attributes), so an employment's stays null.
     */
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
                    text(v, "job_title"), id(v.get("job_catalog_level_id")), employmentType(v), null,
                    text(v, "working_hours"), text(v, "working_hours_frequency")));
        }
        return page;
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
}
