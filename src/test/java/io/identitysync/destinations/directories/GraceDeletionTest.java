package io.identitysync.destinations.directories;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.jumpcloud.JumpCloudSimulator;
import io.identitysync.support.Companies;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** on-delete=delete waits directories.<id>.delete-after (30d) suspended: the clock the code takes is moved, nobody sleeps. */
class GraceDeletionTest extends FixtureTest {

    private static final String KEY = "jc-admin-key-grace-5c2";
    private JumpCloudSimulator jc;
    private FactorialData data;

    private void company() throws Exception {
        data = Companies.engineering();
        fx = new SyncFixture(dir, data);
        jc = new JumpCloudSimulator(0, KEY);
        fx.set("directories.jc.type", "jumpcloud").set("directories.jc.url", jc.baseUrl()).set("directories.jc.api-token", KEY)
                .set("directories.jc.initial-state", "ACTIVATED").set("directories.jc.connectors", "factorial")
                .set("directories.jc.on-delete", "delete").set("directories.retry-schedule", "100ms,100ms,100ms");
    }

    @AfterEach
    void stopJumpCloud() {
        if (jc != null) {
            jc.close();
        }
    }

    private List<ObjectNode> grace() {
        return jc.directory().users().stream().filter(u -> u.path("username").asText().equals("grace.hopper")).toList();
    }

    @Test
    void aPersonDeletedInTheSourceIsSuspendedThenDeletedOnlyAfterTheGracePeriod() throws Exception {
        company();
        assertTrue(fx.runFactorial().succeeded());
        data.employees.remove(data.employeeById(3));
        data.employeeById(2).putNull("manager_id");
        assertTrue(fx.runFactorial().succeeded());
        assertEquals("SUSPENDED", grace().get(0).path("state").asText(), "suspended, not deleted");
        assertEquals(0, jc.calls("DELETE /systemusers/{id}"));

        fx.clock = Clock.offset(Clock.systemUTC(), Duration.ofDays(29));
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(1, grace().size(), "29 days: still there");

        fx.clock = Clock.offset(Clock.systemUTC(), Duration.ofDays(31));
        assertTrue(fx.runFactorial().succeeded());
        assertTrue(grace().isEmpty(), "31 days: deleted");
        assertEquals(1, jc.calls("DELETE /systemusers/{id}"));
        assertEquals(0, ((Number) fx.scalar("SELECT count(*) FROM directory_links WHERE directory = 'jc' AND external_id = '3'")).intValue());
        List<Object> decisions = fx.query("SELECT decision FROM person_decisions WHERE external_id = '3' ORDER BY id").stream()
                .map(r -> r.get("decision")).toList();
        assertTrue(decisions.contains("suspended_until") && decisions.contains("deleted_after_grace"), decisions.toString());
    }

    @Test
    void reconcileListsThoseDue() throws Exception {
        company();
        assertTrue(fx.runFactorial().succeeded());
        data.employees.remove(data.employeeById(3));
        data.employeeById(2).putNull("manager_id");
        assertTrue(fx.runFactorial().succeeded());

        SyncFixture.Cli inGrace = fx.runCli("directories", "reconcile", "jc");
        assertFalse(inGrace.out().contains("delete grace.hopper"), inGrace.out());

        // The same store, seen by a reconcile whose grace period is over.
        SyncFixture.Cli due = fx.runCli("directories", "reconcile", "jc", "--directories.jc.delete-after=0s");
        assertEquals(1, due.code(), "drift is left: " + due.out() + due.err());
        assertTrue(due.out().contains("delete grace.hopper") && due.out().contains("grace over"), due.out());
        assertEquals(1, grace().size(), "reconcile without --apply writes nothing");

        SyncFixture.Cli applied = fx.runCli("directories", "reconcile", "jc", "--apply", "--directories.jc.delete-after=0s");
        assertEquals(0, applied.code(), applied.out() + applied.err());
        assertTrue(grace().isEmpty());
    }

    @Test
    void anInvalidDeleteAfterIsExit2NamingTheKey() throws Exception {
        company();
        fx.set("directories.jc.delete-after", "a month");
        SyncFixture.Cli check = fx.runCli("check");
        assertEquals(2, check.code(), check.out() + check.err());
        assertTrue(check.err().contains("directories.jc.delete-after"), check.err());
    }
}
