package io.identitysync.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.IdentitySyncApp;
import io.identitysync.cli.IdentitySync;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --once --dry-run: reads every source, prints what a run would change, changes nothing; the plan is what the next real run does. */
class DryRunTest extends FixtureTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a store holds for the contract (not the nodes' check-ins and leases, which any start writes). */
    static final List<String> CONTRACT_TABLES = List.of("users", "groups", "memberships", "employments", "events", "webhook_deliveries", "sync_runs",
            "directory_links", "inbound_notifications", "stage_users", "stage_groups", "stage_memberships", "stage_skipped");

    static String contents(SyncFixture fx) throws Exception {
        StringBuilder all = new StringBuilder();
        for (String table : CONTRACT_TABLES) {
            List<String> rows = new ArrayList<>();
            for (Map<String, Object> row : fx.query("SELECT * FROM " + table)) {
                rows.add(row.toString());
            }
            rows.sort(null);
            all.append(table).append(": ").append(rows).append('\n');
        }
        return all.toString();
    }

    /** A change as it can be compared across runs: without its times (when it was worked out). */
    static JsonNode timeless(JsonNode change) {
        JsonNode copy = change.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (name.endsWith("_at") || name.equals("run_id")) {
                    names.remove();
                } else {
                    strip(o.get(name));
                }
            }
        } else if (node.isArray()) {
            node.forEach(DryRunTest::strip);
        }
    }

    private void changeTheCompany() {
        FactorialData data = fx.factorial.data();
        data.employeeById(2).put("last_name", "Hopper");
        data.employeeById(3).put("active", false);
        data.employees.remove(data.employeeById(4));
        data.employees.add(FactorialData.employee(900, "Ada", "Newhire"));
    }

    private List<String> exportFolders() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("exports/factorial"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void thePlanChangesNothingAndIsExactlyWhatTheNextRunDoes() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(30, 3));
        assertTrue(fx.runFactorial().succeeded());
        changeTheCompany();
        String before = contents(fx);
        List<String> folders = exportFolders();
        fx.receiver.clear();

        SyncFixture.Cli dry = fx.runCli("--once", "--dry-run", "--format=json");
        assertEquals(IdentitySync.OK, dry.code(), dry.err());
        JsonNode plan = JSON.readTree(dry.out()).path("plans").get(0);
        assertEquals(before, contents(fx), "no identity row, event, delivery, run row or staging");
        assertEquals(folders, exportFolders(), "no export");
        assertEquals(List.of(), fx.receiver.types(), "nothing sent");
        assertEquals("factorial", plan.path("connector").asText());
        assertTrue(plan.path("refused").isNull());

        IdentitySyncApp.RunOutcome real = fx.runFactorial();
        assertTrue(real.succeeded());
        List<JsonNode> applied = new ArrayList<>();
        for (Map<String, Object> e : fx.query("SELECT payload FROM events WHERE run_id = '" + real.runId() + "' AND type <> 'sync.completed' ORDER BY seq")) {
            JsonNode payload = JSON.readTree((String) e.get("payload"));
            ObjectNode change = JSON.createObjectNode().put("type", payload.path("type").asText());
            change.setAll((ObjectNode) payload.path("data"));
            applied.add(timeless(change));
        }
        List<JsonNode> planned = new ArrayList<>();
        plan.path("changes").forEach(c -> planned.add(timeless(c)));
        assertEquals(applied, planned, "the plan is the run's changes, in its order");
        assertTrue(applied.size() >= 4, applied.toString());
        JsonNode counts = plan.path("counts");
        assertEquals(1, counts.at("/users/created").asInt());
        assertEquals(1, counts.at("/users/updated").asInt());
        assertEquals(1, counts.at("/users/disabled").asInt());
        assertEquals(1, counts.at("/users/deleted").asInt());
    }

    @Test
    void theTextPlanNamesEachChangeAndItsFields() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(30, 3));
        assertTrue(fx.runFactorial().succeeded());
        changeTheCompany();
        SyncFixture.Cli dry = fx.runCli("--once", "--dry-run");
        assertEquals(IdentitySync.OK, dry.code(), dry.err());
        List<String> lines = dry.out().lines().toList();
        assertTrue(lines.get(0).startsWith("factorial: a run would change users: 1 created, 1 updated, 1 disabled, 1 deleted"), dry.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("  user\\.updated +\\S+ \\(2, .*\\): .*family_name.*")), dry.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("  user\\.created +\\S+ \\(900, .*\\)")), dry.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  user.disabled ") && l.contains("(3, ")), dry.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  user.deleted ") && l.contains("(4, ")), dry.out());
    }

    @Test
    void aRunThatWouldBeRefusedSaysSoAndAReadThatFailsChangesNothingEither() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(30, 3));
        assertTrue(fx.runFactorial().succeeded());
        for (int id = 1; id <= 10; id++) {
            fx.factorial.data().employees.remove(fx.factorial.data().employeeById(id));
        }
        String before = contents(fx);
        SyncFixture.Cli dry = fx.runCli("--once", "--dry-run", "--format=json");
        assertEquals(IdentitySync.OK, dry.code(), dry.err());
        JsonNode plan = JSON.readTree(dry.out()).path("plans").get(0);
        assertTrue(plan.path("refused").asText().contains("sync.max-delete-ratio"), plan.toString());
        assertEquals(10, plan.at("/counts/users/deleted").asInt(), "and what approving it would apply");

        fx.set("factorial.api-token", "refused-token").set("factorial.retry.max-attempts", "1");
        SyncFixture.Cli failed = fx.runCli("--once", "--dry-run");
        assertEquals(IdentitySync.RUN_FAILED, failed.code(), failed.err());
        assertTrue(failed.err().contains("factorial.api-token"), failed.err());
        assertEquals(before, contents(fx), "no failed run row, no sync.failed event");
    }

    @Test
    void aDryRunGoesWithOnceAndAFormatIsTextOrJson() {
        fx = null;
        SyncFixture.Cli r = new SyncFixtureless(dir).run("--dry-run");
        assertEquals(IdentitySync.BAD_CONFIGURATION, r.code());
        assertTrue(r.err().startsWith("configuration error: --dry-run:"), r.err());
        r = new SyncFixtureless(dir).run("--once", "--dry-run", "--format=xml");
        assertEquals(IdentitySync.BAD_CONFIGURATION, r.code());
        assertTrue(r.err().startsWith("configuration error: --format:"), r.err());
    }

    /** The command line with only a token and a store: for argument checks that never reach a source. */
    private record SyncFixtureless(Path dir) {
        SyncFixture.Cli run(String... args) {
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--factorial.api-token=t0ken", "--store.url=jdbc:sqlite:" + dir.resolve("identity.db"), "--files.dir=" + dir.resolve("exports")));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = IdentitySync.run(all.toArray(String[]::new), Map.of(), new PrintStream(out), new PrintStream(err));
            return new SyncFixture.Cli(code, out.toString(), err.toString());
        }
    }
}
