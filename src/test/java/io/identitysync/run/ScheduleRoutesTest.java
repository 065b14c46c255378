package io.identitysync.run;

import io.identitysync.IdentitySyncApp;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import io.identitysync.support.TestStores;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The schedules a start makes: a route per connector's cron, one back-off route per distinct quarantine cron. */
class ScheduleRoutesTest extends FixtureTest {

    private static final String NEVER = "0 0 3 1 1 ? 2099";

    private SyncFixture tenants(List<String> ids) throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(3, 1));
        fx.set("teamtailor.enabled", "false").set("factorial.enabled", "false");
        for (String id : ids) {
            fx.set("connectors." + id + ".type", "factorial").set("connectors." + id + ".base-url", fx.factorial.baseUrl())
                    .set("connectors." + id + ".api-token", SyncFixture.TOKEN).set("connectors." + id + ".schedule", NEVER);
        }
        return fx;
    }

    @Test
    void connectorsThatShareABackOffCronShareOneBackOffRoute() throws Exception {
        tenants(List.of("acme", "beta", "gamma")).set("connectors.gamma.quarantine-schedule", "0 30 * * * ?");
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), true).start()) {
            List<String> ids = app.camelContext().getRoutes().stream().map(Route::getRouteId).toList();
            assertEquals(List.of("acme-schedule", "beta-schedule", "gamma-schedule"),
                    ids.stream().filter(id -> id.endsWith("-schedule") && !id.startsWith("quarantine")).sorted().toList());
            assertEquals(2, ids.stream().filter(id -> id.startsWith("quarantine-schedule-")).count(), ids.toString());
        }
    }

    @Test
    void aClusteredScheduleLosesTheJobsOfAConnectorTakenOut() throws Exception {
        tenants(List.of("acme", "beta"));
        if (!TestStores.postgresql()) {
            return;
        }
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), true).start()) {
            assertEquals(List.of("acme", "beta", "quarantine-schedule-"), jobs());
        }
        fx.set("connectors.beta.enabled", "false");
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), true).start()) {
            assertEquals(List.of("acme", "quarantine-schedule-"), jobs());
        }
    }

    /** Our jobs in the shared schedule, the back-off's hash cut off. */
    private List<String> jobs() throws Exception {
        return fx.query("SELECT trigger_name FROM qrtz_triggers WHERE trigger_group = 'identity-sync' ORDER BY trigger_name").stream()
                .map(r -> String.valueOf(r.values().iterator().next()).replaceAll("(quarantine-schedule-).*", "$1")).toList();
    }
}
