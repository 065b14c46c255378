package io.identitysync.sources.factorial;

import io.identitysync.IdentitySyncApp;
import io.identitysync.simulators.Fault;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault matrix's two outcomes on every resource beyond the roster (FaultMatrixTest covers employees and contract
 * versions in full): a 503 is ridden out, malformed JSON fails the run naming the page, and nothing of any kind is
 * applied (people, employments, leaves, compensations), until the next good run.
 */
class FactorialResourceFaultsTest {

    @TempDir
    Path dir;

    private static List<Map<String, Object>> everything(SyncFixture fx) throws Exception {
        List<Map<String, Object>> all = new ArrayList<>(fx.identitySnapshot());
        for (String table : List.of("employments", "leaves", "leave_types", "leave_policies", "compensations")) {
            all.addAll(fx.query("SELECT * FROM " + table + " ORDER BY connector, external_id"));
        }
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"job_levels", "contract_versions", "compensations", "leave_types", "leave_policies", "leaves",
        "custom_fields", "custom_field_options", "custom_field_values"})
    void aFaultOnAnyResourceIsRiddenOutOrFailsTheRunWithNothingApplied(String resource) throws Exception {
        try (SyncFixture fx = new SyncFixture(dir, FactorialData.seeded(25, 7))) {
            fx.set("factorial.page-size", "10").set("webhooks.urls", "")
                    .set("factorial.resources", "employees,teams,locations,employments,leaves,compensations,custom_fields")
                    .set("factorial.attributes.cost_center", "custom:Cost center");
            assertTrue(fx.runFactorial().succeeded());
            fx.factorial.data().employeeById(3).put("last_name", "Renamed");

            fx.factorial.fault(resource, 1, Fault.status(503));
            IdentitySyncApp.RunOutcome riddenOut = fx.runFactorial();
            assertTrue(riddenOut.succeeded(), riddenOut.error());
            assertEquals(List.of("user.updated", "sync.completed"), types(fx, riddenOut.runId()));

            fx.factorial.data().employeeById(3).put("last_name", "Renamed Again");
            List<Map<String, Object>> before = everything(fx);
            fx.factorial.fault(resource, 1, Fault.malformedJson());
            IdentitySyncApp.RunOutcome failed = fx.runFactorial();
            assertEquals("failed", failed.status());
            assertTrue(failed.error().startsWith("Factorial page 1 of " + resource + ": malformed JSON"), failed.error());
            assertEquals(List.of("sync.failed"), types(fx, failed.runId()));
            assertEquals(before, everything(fx), "nothing of any kind applied");

            assertTrue(fx.runFactorial().succeeded());
            assertNotEquals(before, everything(fx), "the next good run applies the change");
        }
    }

    private static List<Object> types(SyncFixture fx, String runId) throws Exception {
        return fx.query("SELECT type FROM events WHERE run_id = '" + runId + "' ORDER BY seq").stream().map(r -> r.get("type")).toList();
    }
}
