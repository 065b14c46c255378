package io.identitysync.destinations.entra;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.IdentitySyncApp;
import io.identitysync.cli.IdentitySync;
import io.identitysync.simulators.entra.EntraSimulator;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real process, killed with SIGKILL while it pushes to Entra ID: after a restart nobody is missing and nobody is
 * there twice (an account created just before the kill, its link never saved, is found by its employeeId).
 */
class EntraCrashTest extends FixtureTest {

    @BeforeAll
    static void trust() throws Exception {
        EntraSimulator.trustInThisJvm();
    }

    @Test
    void killedMidPushTheNextStartCompletesItWithoutDuplicates() throws Exception {
        FactorialData data = FactorialData.seeded(120, 9);
        fx = new SyncFixture(dir, data);
        try (EntraSimulator entra = new EntraSimulator(EntraDirectoryTest.TENANT, EntraDirectoryTest.CLIENT, EntraDirectoryTest.SECRET, "acme.test")) {
            EntraDirectoryTest.configure(fx, entra, "acme.test");
            entra.latency(4);
            Process process = launch(fx, "--once");
            Instant deadline = Instant.now().plusSeconds(60);
            while (entra.users().all().size() < 25 && Instant.now().isBefore(deadline) && process.isAlive()) {
                Thread.sleep(5);
            }
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no last write
            process.waitFor();
            int before = entra.users().all().size();
            assertTrue(before >= 25, "the child was pushing when it was killed");
            int active = ((Number) fx.scalar("SELECT count(*) FROM users WHERE connector = 'factorial' AND status IN ('active', 'pending')")).intValue();
            assertTrue(before < active, "and had not finished: " + before + " of " + active);

            entra.latency(0);
            try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), false).start()) {
                assertTrue(app.drainDirectories(Duration.ofSeconds(60)));
            }
            List<ObjectNode> users = entra.users().all();
            assertEquals(active, users.size(), "every active person and pre-hire, once");
            assertEquals(active, users.stream().map(u -> u.path("employeeId").asText()).distinct().count());
            assertEquals(active, ((Number) fx.scalar("SELECT count(*) FROM directory_links WHERE kind = 'user'")).intValue());
            assertEquals(0, ((Number) fx.scalar("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:entra' AND status <> 'delivered'")).intValue());
        }
    }

    /** As {@link SyncFixture#launch}, with the JVM options that make the child trust the simulator's login endpoint. */
    private static Process launch(SyncFixture fx, String... words) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(EntraSimulator.trustOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), IdentitySync.class.getName()));
        command.addAll(List.of(fx.cli(words)));
        return new ProcessBuilder(command).directory(fx.dir.toFile())
                .redirectOutput(fx.dir.resolve("out.log").toFile()).redirectError(fx.dir.resolve("err.log").toFile()).start();
    }
}
