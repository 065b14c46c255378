package io.identitysync.sources.factorial;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.identitysync.model.CanonicalLeave;
import io.identitysync.model.CustomField;
import io.identitysync.model.MappedPage;
import io.identitysync.simulators.factorial.FactorialRecords;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mappings beyond the roster, record by record: contracts, time off, custom fields. */
class FactorialHrMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate DAY = LocalDate.of(2026, 12, 1);

    @Test
    void aContractVersionIsAnEmploymentAndPartTimeComesFromTheWorkingTimePercentage() {
        MappedPage page = new FactorialEmploymentMapping().contract_versions(JSON.createArrayNode()
                .add(FactorialRecords.contractVersion(11, 1, DAY, DAY, "Engineer").put("working_time_percentage_in_cents", 5000))
                .add(FactorialRecords.contractVersion(12, 2, DAY, DAY, null).put("job_catalog_level_id", 3)));
        assertTrue(page.employmentsRead);
        assertEquals("part_time", page.employments.get(0).employmentType());
        assertEquals("Engineer", page.employments.get(0).title());
        assertNull(page.employments.get(1).title(), "the level names it at staging");
        assertEquals("3", page.employments.get(1).jobLevelId());
    }

    @Test
    void aSkippedContractVersionKeepsNoPay() {
        MappedPage page = new FactorialEmploymentMapping().contract_versions(JSON.createArrayNode()
                .add(FactorialRecords.contractVersion(11, 1, DAY, DAY, "Engineer").putNull("employee_id")));
        assertEquals(1, page.skipped.size());
        assertFalse(page.skipped.get(0).record().has("salary_amount"));
        assertTrue(page.skipped.get(0).record().has("job_title"));
    }

    @Test
    void approvalIsTriStateAndADeletedLeaveIsGone() {
        MappedPage page = new FactorialTimeOffMapping().leaves(JSON.createArrayNode()
                .add(FactorialRecords.leave(1, 1, 1, DAY, DAY, true))
                .add(FactorialRecords.leave(2, 1, 1, DAY, DAY, false))
                .add(FactorialRecords.leave(3, 1, 1, DAY, null, null).put("hours_amount_in_cents", 350))
                .add(FactorialRecords.leave(4, 1, 1, DAY, DAY, true).put("deleted_at", "2026-11-30T10:00:00Z")));
        assertEquals(List.of(CanonicalLeave.APPROVED, CanonicalLeave.REJECTED, CanonicalLeave.PENDING),
                page.leaves.stream().map(CanonicalLeave::status).toList());
        assertEquals("3.5", page.leaves.get(2).hours());
        assertNull(page.leaves.get(2).finishOn(), "open-ended");
    }

    @Test
    void customValuesAreTypedByTheColumnFactorialFills() {
        FactorialCustomFieldMapping mapping = new FactorialCustomFieldMapping();
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        mapping.custom_fields(JSON.createArrayNode().add(FactorialRecords.customField(5, "checkbox", "Remote", "remote"))
                .add(FactorialRecords.customField(1, "text", "Cost center", "cost_center")), exchange);
        MappedPage page = mapping.custom_field_values(JSON.createArrayNode()
                .add(FactorialRecords.customValue(1, 1, 7).put("value", "CC-1"))
                .add(FactorialRecords.customValue(2, 2, 7).put("cents_value", 1234))
                .add(FactorialRecords.customValue(3, 3, 7).put("date_value", "2027-01-31"))
                .add(FactorialRecords.customValue(4, 4, 7).put("single_choice_value", "42"))
                .add(FactorialRecords.customValue(5, 5, 7).put("value", "true"))
                .add(FactorialRecords.customValue(7, 5, 8).put("value", true))
                .add(FactorialRecords.customValue(8, 1, 8).put("value", "true"))
                .add(FactorialRecords.customValue(6, 1, 8).put("valuable_type", "Company").put("value", "not a person's")), exchange);
        // CustomFieldsValue.value is a string: a checkbox's "true" is a boolean because its field is a checkbox (a
        // JSON boolean is read as one too); the same text in a text field stays text.
        assertEquals(List.of(CustomField.TEXT, CustomField.NUMBER, CustomField.DATE, CustomField.OPTION, CustomField.BOOLEAN, CustomField.BOOLEAN,
                CustomField.TEXT), page.customValues.stream().map(CustomField.Value::type).toList());
        assertEquals("true", page.customValues.get(4).value());
        assertEquals("12.34", page.customValues.get(1).value(), "cents in units");
        assertEquals(7, page.customValues.size(), "values of anything but employees are left out");
    }
}
