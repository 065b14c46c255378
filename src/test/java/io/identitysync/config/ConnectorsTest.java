package io.identitysync.config;

import io.identitysync.IdentitySyncApp;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.factorial.FactorialSimulator;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several instances of one source, declared in properties, each with its own id, keys, rows, events and files. */
class ConnectorsTest extends FixtureTest {

    @Test
    void twoFactorialCompaniesAndTeamtailorRunSideBySideUnderTheirOwnIds() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(12, 1));
        try (FactorialSimulator globex = new FactorialSimulator(0, "globex-token-77aa", FactorialData.seeded(7, 2))) {
            fx.set("connectors.acme-hr.type", "factorial")
                    .set("connectors.acme-hr.base-url", fx.factorial.baseUrl())
                    .set("connectors.acme-hr.api-token", SyncFixture.TOKEN)
                    .set("connectors.acme-hr.page-size", "5")
                    .set("connectors.globex.type", "factorial")
                    .set("connectors.globex.base-url", globex.baseUrl())
                    .set("connectors.globex.api-token", "globex-token-77aa")
                    .set("connectors.globex.retry.backoff", "20ms");
            try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), false).start()) {
                assertEquals(List.of("factorial", "teamtailor", "acme-hr", "globex"), app.enabledConnectors());
                for (String id : app.enabledConnectors()) {
                    IdentitySyncApp.RunOutcome outcome = app.run(id);
                    assertTrue(outcome.succeeded(), id + ": " + outcome.error());
                    assertTrue(Files.isRegularFile(dir.resolve("exports").resolve(id).resolve("latest")), id);
                }
                app.drainWebhooks(Duration.ofSeconds(20));
            }
            Map<String, Long> users = new TreeMap<>();
            for (Map<String, Object> row : fx.query("SELECT connector, count(*) AS n FROM users GROUP BY connector")) {
                users.put((String) row.get("connector"), ((Number) row.get("n")).longValue());
            }
            assertEquals(users.get("factorial"), users.get("acme-hr"), "the same company under two ids: the same users, kept apart");
            assertTrue(users.get("globex") > 0 && users.get("teamtailor") > 0, users.toString());
            assertTrue(((Number) fx.scalar("SELECT pages FROM sync_runs WHERE connector = 'acme-hr'")).intValue()
                    > ((Number) fx.scalar("SELECT pages FROM sync_runs WHERE connector = 'factorial'")).intValue(),
                    "acme-hr pages through with its own page size");
            assertTrue(fx.receiver.received().stream().anyMatch(r -> "globex".equals(r.body().path("data").path("connector").asText())));
        }
    }

    @Test
    void aConnectorsTokenCanComeFromTheEnvironment() {
        Settings s = Settings.load(null, Map.of("CONNECTORS_ACME_HR_API_TOKEN", "from-env-123"), new Properties(),
                Map.of("connectors.acme-hr.type", "factorial"));
        Connectors.Connector acme = Connectors.byId(s, "acme-hr");
        assertEquals("from-env-123", s.get(acme.key("api-token")));
        assertEquals("100", s.get(acme.key("page-size")), "the type's bundled default");
        assertTrue(Connectors.enabled(s, acme));
    }
}
