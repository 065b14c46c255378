package io.identitysync.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.identitysync.IdentitySyncApp;
import io.identitysync.cli.IdentitySync;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run refused by sync.max-delete-ratio keeps what it read: runs show prints its plan, runs approve applies exactly that. */
class ApproveRunTest extends FixtureTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private String refusedRun(int firstGone, int lastGone) throws Exception {
        for (int id = firstGone; id <= lastGone; id++) {
            fx.factorial.data().employees.remove(fx.factorial.data().employeeById(id));
        }
        IdentitySyncApp.RunOutcome refused = fx.runFactorial();
        assertEquals("refused", refused.status());
        assertTrue(refused.error().contains("runs approve " + refused.runId()), refused.error());
        return refused.runId();
    }

    private SyncFixture company() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(30, 3)).set("teamtailor.enabled", "false");
        assertTrue(fx.runFactorial().succeeded());
        return fx;
    }

    @Test
    void anApprovedRunAppliesExactlyThePlanItShowedWithItsEventsAndFiles() throws Exception {
        company();
        String runId = refusedRun(1, 10);

        SyncFixture.Cli shown = fx.runCli("runs", "show", runId, "--format=json");
        assertEquals(IdentitySync.OK, shown.code(), shown.err());
        JsonNode doc = JSON.readTree(shown.out());
        assertTrue(doc.path("approvable").asBoolean(), shown.out());
        assertEquals(10, doc.at("/plan/counts/users/deleted").asInt());
        SyncFixture.Cli text = fx.runCli("runs", "show", runId);
        assertTrue(text.out().contains("approving it would change users: 10 deleted"), text.out());
        fx.receiver.clear();

        SyncFixture.Cli approved = fx.runCli("runs", "approve", runId);
        assertEquals(IdentitySync.OK, approved.code(), approved.err());
        assertTrue(approved.out().contains("approved and applied"), approved.out());
        assertEquals(0L, ((Number) fx.scalar("SELECT count(*) FROM users WHERE connector = 'factorial' AND external_id IN ('1','2','3') "
                + "AND deleted_at IS NULL")).longValue());
        Map<String, Object> row = fx.query("SELECT status, approved_at, error FROM sync_runs WHERE id = '" + runId + "'").get(0);
        assertEquals("succeeded", row.get("status"));
        assertNotNull(row.get("approved_at"));

        List<JsonNode> applied = new ArrayList<>();
        for (Map<String, Object> e : fx.query("SELECT payload FROM events WHERE run_id = '" + runId + "' AND type NOT IN ('sync.completed', 'sync.failed', 'run.refused') ORDER BY seq")) {
            JsonNode payload = JSON.readTree((String) e.get("payload"));
            com.fasterxml.jackson.databind.node.ObjectNode change = JSON.createObjectNode().put("type", payload.path("type").asText());
            change.setAll((com.fasterxml.jackson.databind.node.ObjectNode) payload.path("data"));
            applied.add(DryRunTest.timeless(change));
        }
        List<JsonNode> planned = new ArrayList<>();
        doc.at("/plan/changes").forEach(c -> planned.add(DryRunTest.timeless(c)));
        assertEquals(planned, applied, "exactly the plan it showed");
        assertEquals(10, fx.receiver.types().stream().filter("user.deleted"::equals).count(), fx.receiver.types().toString());
        assertTrue(fx.receiver.types().contains("sync.completed"));
        assertEquals(0L, ((Number) fx.scalar("SELECT count(*) FROM stage_users WHERE run_id = '" + runId + "'")).longValue(), "its staging is done with");
        assertTrue(approved.out().contains("files:"), approved.out());

        SyncFixture.Cli again = fx.runCli("runs", "approve", runId);
        assertEquals(IdentitySync.BAD_CONFIGURATION, again.code());
        assertTrue(again.err().contains("is succeeded, not refused"), again.err());
    }

    @Test
    void aStaleOrSupersededOrUnknownRunIsNotApprovedAndNothingChanges() throws Exception {
        company();
        String older = refusedRun(1, 10);
        String newer = refusedRun(11, 12);
        String before = DryRunTest.contents(fx);

        SyncFixture.Cli superseded = fx.runCli("runs", "approve", older);
        assertEquals(IdentitySync.BAD_CONFIGURATION, superseded.code());
        assertTrue(superseded.err().contains("was refused after " + older), superseded.err());
        assertEquals(0L, ((Number) fx.scalar("SELECT count(*) FROM stage_users WHERE run_id = '" + older + "'")).longValue(),
                "only the newest refused run keeps what it read");

        // The people come back and a run commits: what the refused run read is out of date now.
        fx.factorial.data().employees.addAll(FactorialData.seeded(30, 3).employees.subList(0, 12));
        assertTrue(fx.runFactorial().succeeded());
        before = DryRunTest.contents(fx);
        SyncFixture.Cli stale = fx.runCli("runs", "approve", newer);
        assertEquals(IdentitySync.BAD_CONFIGURATION, stale.code());
        assertTrue(stale.err().contains("committed after " + newer) && stale.err().contains("nothing was applied"), stale.err());
        assertEquals(before, DryRunTest.contents(fx), "nothing changed");
        assertTrue(fx.runCli("runs", "show", newer).out().contains("cannot be approved: run "), "show says why");

        SyncFixture.Cli unknown = fx.runCli("runs", "approve", "run_nope");
        assertEquals(IdentitySync.BAD_CONFIGURATION, unknown.code());
        assertTrue(unknown.err().contains("no run run_nope"), unknown.err());
        assertEquals(IdentitySync.BAD_CONFIGURATION, fx.runCli("runs", "approve").code(), "a run id is needed");
    }
}
