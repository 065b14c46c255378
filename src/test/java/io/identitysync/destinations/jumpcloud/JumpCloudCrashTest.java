package io.identitysync.destinations.jumpcloud;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.IdentitySyncApp;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.jumpcloud.JumpCloudSimulator;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real process, killed with SIGKILL while it pushes to JumpCloud: after a restart nobody is missing and nobody is there twice. */
class JumpCloudCrashTest extends FixtureTest {

    @Test
    void killedMidPushTheNextStartCompletesItWithoutDuplicates() throws Exception {
        FactorialData data = FactorialData.seeded(120, 9);
        fx = new SyncFixture(dir, data);
        try (JumpCloudSimulator jc = new JumpCloudSimulator(0, "jc-crash-key-77b1")) {
            jc.latency(4);
            fx.set("directories.jc.type", "jumpcloud").set("directories.jc.url", jc.baseUrl()).set("directories.jc.api-token", "jc-crash-key-77b1")
                    .set("directories.jc.connectors", "factorial");
            Process process = fx.launch("--once");
            Instant deadline = Instant.now().plusSeconds(60);
            while (jc.directory().users().size() < 25 && Instant.now().isBefore(deadline) && process.isAlive()) {
                Thread.sleep(5);
            }
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no last write
            process.waitFor();
            int before = jc.directory().users().size();
            assertTrue(before >= 25, "the child was pushing when it was killed");
            // Everyone who has or will have access: pre-hires are created too, STAGED.
            int active = ((Number) fx.scalar("SELECT count(*) FROM users WHERE connector = 'factorial' AND status IN ('active', 'pending')")).intValue();
            assertTrue(before < active, "and had not finished: " + before + " of " + active);

            jc.latency(0);
            try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), false).start()) {
                assertTrue(app.drainDirectories(Duration.ofSeconds(60)));
            }
            List<ObjectNode> users = jc.directory().users();
            assertEquals(active, users.size(), "every active person and pre-hire, once");
            assertEquals(active, users.stream().map(u -> u.path("employeeIdentifier").asText()).distinct().count());
            assertEquals(active, ((Number) fx.scalar("SELECT count(*) FROM directory_links WHERE kind = 'user'")).intValue());
            assertEquals(0, ((Number) fx.scalar("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:jc' AND status <> 'delivered'")).intValue());
        }
    }
}
