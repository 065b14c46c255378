package io.identitysync.destinations.googleworkspace;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.IdentitySyncApp;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.googleworkspace.GoogleWorkspaceSimulator;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real process, killed with SIGKILL while it pushes to Google Workspace: after a restart nobody is missing and
 * nobody is there twice (an account created just before the kill, its link never saved, is found by its externalId).
 */
class GoogleWorkspaceCrashTest extends FixtureTest {

    @Test
    void killedMidPushTheNextStartCompletesItWithoutDuplicates() throws Exception {
        FactorialData data = FactorialData.seeded(120, 9);
        fx = new SyncFixture(dir, data);
        KeyPair pair = GoogleWorkspaceDirectoryTest.rsa();
        try (GoogleWorkspaceSimulator gw = new GoogleWorkspaceSimulator(0, pair.getPublic(), GoogleWorkspaceDirectoryTest.CLIENT_EMAIL,
                GoogleWorkspaceDirectoryTest.ADMIN)) {
            Path key = dir.resolve("gw-key.json");
            Files.writeString(key, GoogleWorkspaceDirectoryTest.keyFile(pair, gw.tokenUri()));
            gw.latency(4);
            fx.set("directories.gw.type", "google-workspace").set("directories.gw.url", gw.baseUrl())
                    .set("directories.gw.credentials-file", key.toString()).set("directories.gw.admin-email", GoogleWorkspaceDirectoryTest.ADMIN)
                    .set("directories.gw.domain", "acme.test").set("directories.gw.connectors", "factorial");
            Process process = fx.launch("--once");
            Instant deadline = Instant.now().plusSeconds(60);
            while (gw.users().users().size() < 25 && Instant.now().isBefore(deadline) && process.isAlive()) {
                Thread.sleep(5);
            }
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no last write
            process.waitFor();
            int before = gw.users().users().size();
            assertTrue(before >= 25, "the child was pushing when it was killed");
            int active = ((Number) fx.scalar("SELECT count(*) FROM users WHERE connector = 'factorial' AND status IN ('active', 'pending')")).intValue();
            assertTrue(before < active, "and had not finished: " + before + " of " + active);

            gw.latency(0);
            try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), false).start()) {
                assertTrue(app.drainDirectories(Duration.ofSeconds(60)));
            }
            List<ObjectNode> users = gw.users().users();
            assertEquals(active, users.size(), "every active person and pre-hire, once");
            assertEquals(active, users.stream().map(u -> u.path("externalIds").toString()).distinct().count());
            assertEquals(active, ((Number) fx.scalar("SELECT count(*) FROM directory_links WHERE kind = 'user'")).intValue());
            assertEquals(0, ((Number) fx.scalar("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:gw' AND status <> 'delivered'")).intValue());
        }
    }
}
