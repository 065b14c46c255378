package io.identitysync.store.staging;

import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.store.Store;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Clearing a run's staging never touches another run's (a refused run waiting for approval, a connector still reading). */
class StagingClearTest extends FixtureTest {

    @Test
    void aRunsStagingGoesAndOnlyItsOwnWhetherOrNotOthersAreStaged() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(1, 1));
        try (Store store = Store.open(fx.settings()).migrate()) {
            for (String run : List.of("run-a", "run-b", "run-c")) {
                for (int i = 0; i < 3; i++) {
                    fx.execute("INSERT INTO stage_users (run_id, external_id, status, attributes, content_hash) VALUES ('" + run + "', '" + i
                            + "', 'active', '{}', 'h')");
                }
                fx.execute("INSERT INTO stage_skipped (run_id, kind, reason) VALUES ('" + run + "', 'user', 'no email')");
            }
            Staging.clear(store, "run-b");
            assertEquals(List.of(Map.of("run_id", "run-a"), Map.of("run_id", "run-c")),
                    fx.query("SELECT DISTINCT run_id FROM stage_users ORDER BY run_id"), "runs before and after it in id order stay");
            assertEquals(2L, ((Number) fx.scalar("SELECT count(*) FROM stage_skipped")).longValue());
            Staging.clear(store, "run-a");
            Staging.clear(store, "run-c");
            assertEquals(0L, ((Number) fx.scalar("SELECT count(*) FROM stage_users")).longValue(), "the last run's rows go whole");
            assertEquals(0L, ((Number) fx.scalar("SELECT count(*) FROM stage_skipped")).longValue());
        }
    }
}
