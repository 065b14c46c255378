package io.identitysync;

import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service as a real process, stopped with SIGTERM in the middle of a run: the run is abandoned, recorded, and nothing applied. */
class ShutdownTest extends FixtureTest {

    @Test
    void sigtermDuringARunAbandonsItCleanlyAndTheProcessExitsPromptly() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(300, 9));
        fx.set("factorial.page-size", "10").set("factorial.schedule", "* * * * * ?").set("teamtailor.enabled", "false");
        fx.factorial.latency(200);
        Process service = fx.launch();
        Instant deadline = Instant.now().plusSeconds(60);
        while (fx.factorial.requests() < 4 && Instant.now().isBefore(deadline) && service.isAlive()) {
            Thread.sleep(20);
        }
        assertTrue(fx.factorial.requests() >= 4, "the run was under way: " + Files.readString(dir.resolve("err.log")));

        long stopAt = System.nanoTime();
        service.destroy(); // SIGTERM
        assertTrue(service.waitFor(15, TimeUnit.SECONDS), "the process exits promptly");
        double seconds = (System.nanoTime() - stopAt) / 1e9;
        assertTrue(seconds < 10, "exited in " + seconds + " s");

        String log = Files.readString(dir.resolve("err.log"));
        assertEquals("failed", fx.scalar("SELECT status FROM sync_runs"), log);
        String error = (String) fx.scalar("SELECT error FROM sync_runs");
        assertTrue(error.contains("shut"), error);
        assertEquals(0, fx.scalar("SELECT count(*) FROM users"), "nothing applied");
        assertEquals(List.of("sync.failed"), fx.query("SELECT type FROM events").stream().map(r -> r.get("type")).toList());
        assertEquals(0, fx.scalar("SELECT count(*) FROM stage_users"), "staging dropped");
        assertTrue(!log.contains(SyncFixture.TOKEN) && !Files.readString(dir.resolve("out.log")).contains(SyncFixture.TOKEN));
    }

    @Test
    void sigkillDuringARunLeavesItRunningUntilTheNextStartFailsItAndNothingWasApplied() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(300, 9));
        // Employees first (no employments to read before them), so the sixth request finds people staged.
        fx.set("factorial.page-size", "10").set("teamtailor.enabled", "false").set("factorial.resources", "employees,teams,locations");
        fx.factorial.latency(100);
        Process child = fx.launch("--once");
        Instant deadline = Instant.now().plusSeconds(60);
        while (fx.factorial.requests() < 6 && Instant.now().isBefore(deadline) && child.isAlive()) {
            Thread.sleep(20);
        }
        child.destroyForcibly(); // SIGKILL: no shutdown hook runs
        child.waitFor();
        assertEquals("running", fx.scalar("SELECT status FROM sync_runs"), Files.readString(dir.resolve("err.log")));
        assertTrue(((Number) fx.scalar("SELECT count(*) FROM stage_users")).intValue() > 0, "it had staged pages");
        assertEquals(0, fx.scalar("SELECT count(*) FROM users"));

        fx.factorial.latency(0);
        IdentitySyncApp.RunOutcome next = fx.runFactorial();
        assertTrue(next.succeeded(), next.error());
        List<Map<String, Object>> runs = fx.query("SELECT status, error FROM sync_runs ORDER BY started_at");
        assertEquals("failed", runs.get(0).get("status"));
        // Which node notices first depends on timing: the restarted node itself, or the heartbeat sweep
        // (on PostgreSQL the sweep can win). Both fail the run as interrupted with nothing applied.
        String error = (String) runs.get(0).get("error");
        assertTrue(error.startsWith("interrupted: ") && error.endsWith("nothing was applied"), runs.toString());
        assertEquals(List.of("sync.failed"), fx.query("SELECT type FROM events WHERE run_id = (SELECT id FROM sync_runs ORDER BY started_at LIMIT 1)")
                .stream().map(r -> r.get("type")).toList());
        assertEquals(0, fx.scalar("SELECT count(*) FROM stage_users"), "the killed run's staging is gone");
    }
}
