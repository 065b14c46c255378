package io.identitysync.sources.factorial;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.IdentitySyncApp;
import io.identitysync.cli.IdentitySync;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Incremental reads: runs on the schedule read only the employees and contract versions changed since the last
 * successful run (updated_at_gteq); they create and update exactly as a full run would and never delete; the full
 * read on full-schedule finds what they cannot (a deletion) and nothing else left to do.
 */
class FactorialIncrementalTest extends FixtureTest {

    private SyncFixture company() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(60, 5)).set("teamtailor.enabled", "false").set("factorial.full-schedule", "0 0 2 * * ?");
        IdentitySyncApp.RunOutcome first = fx.runFactorial();
        assertTrue(first.succeeded());
        assertEquals("full", kind(first), "the first run reads in full: there is nothing to read changes since");
        return fx;
    }

    private IdentitySyncApp.RunOutcome incremental() throws Exception {
        fx.set("sync.incremental", "true");
        try {
            IdentitySyncApp.RunOutcome run = fx.runFactorial();
            assertTrue(run.succeeded(), String.valueOf(run));
            return run;
        } finally {
            fx.set("sync.incremental", "false");
        }
    }

    private String kind(IdentitySyncApp.RunOutcome run) throws Exception {
        return (String) fx.scalar("SELECT kind FROM sync_runs WHERE id = '" + run.runId() + "'");
    }

    private List<String> changes(IdentitySyncApp.RunOutcome run) throws Exception {
        return fx.query("SELECT type || ' ' || subject_id AS c FROM events WHERE run_id = '" + run.runId() + "' AND type <> 'sync.completed' ORDER BY seq")
                .stream().map(r -> (String) r.get("c")).toList();
    }

    @Test
    void aNoChangeIncrementalRunAsksTwiceAndReadsNothingMore() throws Exception {
        company();
        int before = fx.factorial.requests();
        IdentitySyncApp.RunOutcome run = incremental();
        assertEquals(2, fx.factorial.requests() - before, "contract versions and employees changed since the last run: none");
        assertEquals("incremental", kind(run));
        assertEquals(List.of(), changes(run));
        assertEquals(0L, ((Number) fx.scalar("SELECT count(*) FROM users WHERE deleted_at IS NOT NULL")).longValue(), "nobody deleted");
        assertEquals(0L, ((Number) fx.scalar("SELECT count(*) FROM groups WHERE deleted_at IS NOT NULL")).longValue(), "no group deleted");
    }

    @Test
    void aChangedPersonAndAContractChangedAloneAreAppliedAsAFullRunWouldAndTheFullRunFindsNothingLeft() throws Exception {
        company();
        FactorialData data = fx.factorial.data();
        FactorialData.touch(data.employeeById(2).put("last_name", "Hopper"));
        ObjectNode current = data.contractVersions.stream().filter(v -> v.path("employee_id").asInt() == 3)
                .filter(v -> !LocalDate.parse(v.path("effective_on").asText()).isAfter(LocalDate.now()))
                .max(Comparator.comparing(v -> v.path("effective_on").asText())).orElseThrow();
        FactorialData.touch(current.put("job_title", "Chief Tester"));
        data.employees.add(FactorialData.employee(900, "Ada", "Newhire"));

        IdentitySyncApp.RunOutcome run = incremental();
        List<String> changes = changes(run);
        assertTrue(changes.contains("user.updated 2"), changes.toString());
        assertTrue(changes.contains("user.updated 3"), "a contract's title reaches its person though the employee did not change: " + changes);
        assertTrue(changes.contains("user.created 900"), changes.toString());
        assertEquals("Chief Tester", fx.scalar("SELECT title FROM users WHERE external_id = '3'"));
        assertTrue(changes.stream().noneMatch(c -> c.contains(".deleted") || c.startsWith("group.")), changes.toString());

        IdentitySyncApp.RunOutcome full = fx.runFactorial();
        assertEquals("full", kind(full));
        assertEquals(List.of(), changes(full), "the full reconciliation finds nothing the incremental run left");
    }

    @Test
    void anIncrementalRunNeverDeletesTheNextFullRunDoes() throws Exception {
        company();
        fx.factorial.data().employees.remove(fx.factorial.data().employeeById(4));
        IdentitySyncApp.RunOutcome run = incremental();
        assertEquals(List.of(), changes(run));
        assertNull(fx.scalar("SELECT deleted_at FROM users WHERE external_id = '4'"));

        IdentitySyncApp.RunOutcome full = fx.runFactorial();
        assertTrue(changes(full).contains("user.deleted 4"), changes(full).toString());
    }

    @Test
    void onceReadsInFullUnlessAskedAndTheServiceHasBothSchedules() throws Exception {
        company();
        SyncFixture.Cli once = fx.runCli("--once");
        assertEquals(IdentitySync.OK, once.code(), once.err());
        assertEquals("full", fx.scalar("SELECT kind FROM sync_runs ORDER BY started_at DESC LIMIT 1"));
        SyncFixture.Cli incremental = fx.runCli("--once", "--incremental");
        assertEquals(IdentitySync.OK, incremental.code(), incremental.err());
        assertEquals("incremental", fx.scalar("SELECT kind FROM sync_runs ORDER BY started_at DESC LIMIT 1"));
        assertEquals(IdentitySync.BAD_CONFIGURATION, fx.runCli("--incremental").code(), "with --once only");

        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), true).start()) {
            assertTrue(app.camelContext().getRoute("factorial-schedule").getEndpoint().getEndpointUri().contains("cron="));
            assertTrue(app.camelContext().getRoute("factorial-full-schedule").getEndpoint().getEndpointUri().contains("identity-sync/factorial-full"));
        }
    }

    @Test
    void aFullScheduleNeedsACronAndResourcesThatCanBeReadByPerson() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(5, 5)).set("teamtailor.enabled", "false");
        for (Map.Entry<String, String> bad : Map.of("factorial.full-schedule", "nightly", "factorial.incremental-overlap", "a while").entrySet()) {
            SyncFixture.Cli r = fx.set("factorial.full-schedule", "0 0 2 * * ?").set(bad.getKey(), bad.getValue()).runCli("--once");
            assertEquals(IdentitySync.BAD_CONFIGURATION, r.code(), r.err());
            assertTrue(r.err().startsWith("configuration error: " + bad.getKey() + ":"), r.err());
            fx.set("factorial.incremental-overlap", "10m");
        }
        SyncFixture.Cli leaves = fx.set("factorial.full-schedule", "0 0 2 * * ?").set("factorial.resources", "employees,leaves").runCli("--once");
        assertEquals(IdentitySync.BAD_CONFIGURATION, leaves.code(), leaves.err());
        assertTrue(leaves.err().contains("factorial.full-schedule: incremental reads need resources that can be read by person"), leaves.err());
    }
}
