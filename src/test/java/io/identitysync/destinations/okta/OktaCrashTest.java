package io.identitysync.destinations.okta;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.IdentitySyncApp;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.okta.OktaSimulator;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real process, killed with SIGKILL while it pushes to Okta, whose search lags its writes by two seconds as
 * Okta's may: after a restart nobody is missing and nobody is there twice, though a user created just before the
 * kill is not yet in the search (the login lookup, which is exact, finds it).
 */
class OktaCrashTest extends FixtureTest {

    @Test
    void killedMidPushTheNextStartCompletesItWithoutDuplicates() throws Exception {
        FactorialData data = FactorialData.seeded(120, 9);
        fx = new SyncFixture(dir, data);
        try (OktaSimulator okta = new OktaSimulator(0, OktaDirectoryTest.TOKEN)) {
            okta.latency(4);
            okta.users().searchLag(Duration.ofSeconds(2));
            fx.set("directories.okta.type", "okta").set("directories.okta.url", okta.baseUrl())
                    .set("directories.okta.api-token", OktaDirectoryTest.TOKEN).set("directories.okta.connectors", "factorial");
            Process process = fx.launch("--once");
            Instant deadline = Instant.now().plusSeconds(60);
            while (okta.users().users().size() < 25 && Instant.now().isBefore(deadline) && process.isAlive()) {
                Thread.sleep(5);
            }
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no last write
            process.waitFor();
            int before = okta.users().users().size();
            assertTrue(before >= 25, "the child was pushing when it was killed");
            // Everyone who has or will have access: pre-hires are created too, STAGED.
            int active = ((Number) fx.scalar("SELECT count(*) FROM users WHERE connector = 'factorial' AND status IN ('active', 'pending')")).intValue();
            assertTrue(before < active, "and had not finished: " + before + " of " + active);

            okta.latency(0);
            try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), false).start()) {
                assertTrue(app.drainDirectories(Duration.ofSeconds(60)));
            }
            List<ObjectNode> users = okta.users().users();
            assertEquals(active, users.size(), "every active person and pre-hire, once");
            assertEquals(active, users.stream().map(u -> u.path("profile").path("employeeNumber").asText()).distinct().count());
            assertEquals(active, ((Number) fx.scalar("SELECT count(*) FROM directory_links WHERE kind = 'user'")).intValue());
            assertEquals(0, ((Number) fx.scalar("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:okta' AND status <> 'delivered'")).intValue());
        }
    }
}
