package io.identitysync.sources.factorial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.identitysync.IdentitySyncApp;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Custom fields mapped onto attributes by configuration: by label, slug or id, typed, and a clear error for a field that is not there. */
class FactorialCustomFieldsTest extends FixtureTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SyncFixture mapped() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(20, 5));
        return fx.set("factorial.resources", "employees,teams,locations,employments,custom_fields")
                .set("factorial.attributes.cost_center", "custom:Cost center")
                .set("factorial.attributes.desk", "custom:desk_number")
                .set("factorial.attributes.badge_expiry", "custom:3")
                .set("factorial.attributes.shirt", "custom:t-shirt  SIZE")
                .set("factorial.attributes.remote", "custom:Remote eligible");
    }

    private JsonNode attributes(String id) throws Exception {
        return JSON.readTree((String) fx.scalar("SELECT attributes FROM users WHERE external_id = '" + id + "'"));
    }

    @Test
    void mappedFieldsArrivePerPersonTypedAndAChangeIsAnUpdate() throws Exception {
        IdentitySyncApp.RunOutcome outcome = mapped().runFactorial();
        assertTrue(outcome.succeeded(), outcome.error());
        JsonNode ada = attributes("1");
        assertEquals("CC-101", ada.get("cost_center").asText());
        assertTrue(ada.get("desk").isNumber(), "cents_value is a number, in units");
        assertEquals(1, ada.get("desk").asInt());
        assertTrue(ada.get("badge_expiry").asText().matches("\\d{4}-\\d{2}-\\d{2}"));
        assertEquals("M", ada.get("shirt").asText(), "an option is its label");
        assertTrue(ada.get("remote").isBoolean());
        assertEquals("1", ada.get("company_id").asText(), "Factorial's own attributes stay");
        assertFalse(attributes("8").has("cost_center"), "no value, no attribute");

        fx.factorial.data().customFieldValues.stream().filter(v -> v.get("id").asLong() == 11).findFirst().orElseThrow().put("value", "CC-999");
        fx.receiver.clear();
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(List.of("user.updated", "sync.completed"), fx.receiver.types());
        assertEquals("CC-999", attributes("1").get("cost_center").asText());
    }

    @Test
    void aMappingToAFieldThatIsNotThereFailsTheRunNamingTheKeyAndAppliesNothing() throws Exception {
        assertTrue(mapped().runFactorial().succeeded());
        List<Map<String, Object>> before = fx.identitySnapshot();
        fx.set("factorial.attributes.division", "custom:Division");
        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();
        assertEquals("failed", outcome.status());
        assertTrue(outcome.error().startsWith("factorial.attributes.division: there is no custom field 'Division' (by label, slug or id); "
                + "the fields are 'Badge expiry', 'Cost center'"), outcome.error());
        assertEquals(before, fx.identitySnapshot());
    }

    @Test
    void badMappingsAreConfigurationErrorsNamingTheKey() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(5, 5));
        fx.set("factorial.attributes.cost_center", "custom:Cost center");
        SyncFixture.Cli r = fx.runCli("--once");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("factorial.attributes.cost_center: maps a custom field, so factorial.resources must include custom_fields"), r.err());

        fx.set("factorial.resources", "employees,custom_fields").set("factorial.attributes.cost_center", "Cost center");
        r = fx.runCli("--once");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("factorial.attributes.cost_center: must be custom:<the field's label, slug or id>"), r.err());

        fx.set("factorial.attributes.cost_center", "custom:Cost center").set("factorial.attributes.Cost-Center", "custom:Cost center");
        r = fx.runCli("--once");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("factorial.attributes.Cost-Center: an attribute name is lower-case letters"), r.err());
    }
}
