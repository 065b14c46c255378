package io.identitysync.cli;

import io.identitysync.simulators.Fault;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusCommandTest extends FixtureTest {

    @Test
    void statusShowsEachConnectorsLastRunsAndTheWebhookBacklog() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(20, 3));
        assertTrue(fx.runFactorial().succeeded());
        fx.factorial.fault("employees", 1, Fault.status(401));
        assertEquals("failed", fx.runFactorial().status());
        fx.receiver.answer(410, 1);
        assertTrue(fx.runTeamtailor().succeeded());

        SyncFixture.Cli status = fx.runCli("status");
        assertEquals(IdentitySync.OK, status.code(), status.err());
        String out = status.out();
        assertTrue(out.contains("factorial ("), out);
        assertTrue(out.contains("teamtailor ("), out);
        assertTrue(out.contains("succeeded") && out.contains("failed"), out);
        assertTrue(out.contains("Factorial refused the API token (HTTP 401 on Factorial page 1 of employees)"), out);
        assertTrue(out.contains("dead 1"), out);
        assertFalse(out.contains(SyncFixture.TOKEN), out);
    }
}
