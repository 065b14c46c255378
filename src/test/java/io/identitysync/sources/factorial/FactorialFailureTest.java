package io.identitysync.sources.factorial;

import io.identitysync.IdentitySyncApp;
import io.identitysync.cli.IdentitySync;
import io.identitysync.simulators.Fault;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import io.identitysync.support.VerifyingReceiver;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run that cannot read the whole source changes no identity row and emits sync.failed only. */
class FactorialFailureTest extends FixtureTest {


    /** A synced store, with a pending change in the source that a failed run must not apply. */
    private List<Map<String, Object>> syncedWithPendingChange() throws Exception {
        // Employees only: these tests page through one resource (FaultMatrixTest covers the employments).
        fx = new SyncFixture(dir, FactorialData.seeded(40, 3)).set("factorial.page-size", "10").set("factorial.resources", "employees,teams,locations");
        assertTrue(fx.runFactorial().succeeded());
        fx.factorial.data().employees.add(FactorialData.employee(41, "Late", "Hire"));
        fx.factorial.data().employeeById(2).put("active", false);
        fx.receiver.clear();
        return fx.identitySnapshot();
    }

    private void assertNothingApplied(List<Map<String, Object>> before, IdentitySyncApp.RunOutcome outcome) throws Exception {
        assertNothingApplied(before, outcome, List.of("sync.failed"));
    }

    /** @param types the events sent: sync.failed, and connector.quarantined when the source refused the key */
    private void assertNothingApplied(List<Map<String, Object>> before, IdentitySyncApp.RunOutcome outcome, List<String> types) throws Exception {
        assertEquals("failed", outcome.status());
        assertEquals(before, fx.identitySnapshot());
        assertEquals(types, fx.receiver.types());
        assertEquals(types, fx.query("SELECT type FROM events WHERE run_id = '" + outcome.runId() + "'").stream()
                .map(r -> r.get("type")).toList());
        assertEquals(outcome.error(), fx.scalar("SELECT error FROM sync_runs WHERE id = '" + outcome.runId() + "'"));
        assertEquals(0, fx.scalar("SELECT count(*) FROM stage_users") , "staging is dropped");
        assertEquals(null, outcome.exportFolder());
        fx.receiver.clear();
    }

    @Test
    void a500OnPage3IsRetriedUntilItsAttemptsRunOutThenMalformedJsonFailsTooAndTheNextRunSucceeds() throws Exception {
        List<Map<String, Object>> before = syncedWithPendingChange();
        for (int i = 0; i < 5; i++) {
            fx.factorial.fault("employees", 3, Fault.status(500));
        }
        fx.factorial.fault("employees", 3, Fault.malformedJson());

        IdentitySyncApp.RunOutcome first = fx.runFactorial();
        assertEquals("Factorial page 3 of employees: HTTP 500 after 5 attempts "
                + "(GET /api/2026-04-01/resources/employees/employees?limit=10&after_id=MjA%3D)", first.error());
        assertNothingApplied(before, first);
        assertEquals(2, fx.scalar("SELECT pages FROM sync_runs WHERE id = '" + first.runId() + "'"), "the run row shows how far it got");

        IdentitySyncApp.RunOutcome second = fx.runFactorial();
        assertTrue(second.error().startsWith("Factorial page 3 of employees: malformed JSON"), second.error());
        assertNothingApplied(before, second);

        IdentitySyncApp.RunOutcome third = fx.runFactorial();
        assertTrue(third.succeeded(), third.error());
        assertEquals(Map.of("user.created", 1L, "user.disabled", 1L, "sync.completed", 1L),
                VerifyingReceiver.countByType(fx.receiver.types()));
    }

    @Test
    void aPageWhoseDataIsNotAListFailsNamingThePage() throws Exception {
        List<Map<String, Object>> before = syncedWithPendingChange();
        fx.factorial.fault("teams", 1, Fault.body("{\"data\":{\"id\":1},\"meta\":{\"has_next_page\":false}}"));
        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();
        assertEquals("Factorial page 1 of teams: 'data' is not a list", outcome.error());
        assertNothingApplied(before, outcome);
    }

    @Test
    void aRepeatingCursorStopsTheRunInsteadOfLoopingForever() throws Exception {
        List<Map<String, Object>> before = syncedWithPendingChange();
        fx.factorial.fault("employees", 2, Fault.body("{\"data\":[],\"meta\":{\"has_next_page\":true,\"end_cursor\":\"MTA=\"}}"));
        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();
        assertTrue(outcome.error().contains("the cursor MTA= repeats"), outcome.error());
        assertNothingApplied(before, outcome);
    }

    @Test
    void anIdReadTwiceFailsTheRun() throws Exception {
        List<Map<String, Object>> before = syncedWithPendingChange();
        fx.factorial.fault("employees", 2, Fault.body("{\"data\":[" + FactorialData.employee(5, "Dup", "Licate") + "],"
                + "\"meta\":{\"has_next_page\":true,\"end_cursor\":\"MjA=\"}}"));
        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();
        assertEquals("Factorial page 2 of employees: user 5 was already read earlier in this run (duplicate id)", outcome.error());
        assertNothingApplied(before, outcome);
    }

    @Test
    void aRefusedTokenGivesOneClearMessageAndTheTokenIsNowhere() throws Exception {
        List<Map<String, Object>> before = syncedWithPendingChange();
        String wrong = "wrong-token-0b5e77d1";
        fx.set("factorial.api-token", wrong);
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream original = System.err;
        IdentitySyncApp.RunOutcome outcome;
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            outcome = fx.runFactorial();
        } finally {
            System.setErr(original);
        }
        assertEquals("Factorial refused the API token (HTTP 401 on Factorial page 1 of employees): check factorial.api-token; "
                + "Factorial said: \"Unauthorized: Invalid or missing API key\"", outcome.error());
        // A refused key is quarantined at once (docs/alerts.md): no number of runs fixes it.
        assertNothingApplied(before, outcome, List.of("sync.failed", "connector.quarantined"));
        String logged = logs.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("Factorial refused the API token"), logged);
        for (String secret : List.of(wrong, SyncFixture.TOKEN)) {
            assertFalse(logged.contains(secret), "a token in the logs");
            assertFalse(fx.storedText().contains(secret), "a token in the store");
            for (Path f : filesUnder(dir.resolve("exports"))) {
                assertFalse(Files.readString(f).contains(secret), "a token in " + f);
            }
        }
    }

    @Test
    void anUnreachableSourceNamesTheKeyToFix() throws Exception {
        List<Map<String, Object>> before = syncedWithPendingChange();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        fx.set("factorial.base-url", "http://127.0.0.1:" + closedPort + "/api/2026-04-01");
        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();
        assertTrue(outcome.error().startsWith("Factorial page 1 of employees: cannot reach http://127.0.0.1:" + closedPort), outcome.error());
        assertTrue(outcome.error().endsWith("check factorial.base-url"), outcome.error());
        assertNothingApplied(before, outcome);
    }

    @Test
    void onceExitsOneWhenARunFailsAndSaysWhyOnStandardError() throws Exception {
        syncedWithPendingChange();
        fx.factorial.fault("employees", 1, Fault.status(401));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--once"));
        fx.settings().asProperties().forEach((k, v) -> {
            if (k.toString().startsWith("factorial.") || k.toString().startsWith("store.") || k.toString().startsWith("files.")
                    || k.toString().startsWith("webhooks.")) {
                args.add("--" + k + "=" + v);
            }
        });
        int code = IdentitySync.run(args.toArray(String[]::new), Map.of(), new PrintStream(out), new PrintStream(err));
        assertEquals(IdentitySync.RUN_FAILED, code, out + "\n" + err);
        assertTrue(err.toString().contains("factorial: run run_"), err.toString());
        assertTrue(err.toString().contains("failed: Factorial refused the API token (HTTP 401 on Factorial page 1 of employees)"), err.toString());
        assertFalse(err.toString().contains(SyncFixture.TOKEN));

        assertEquals(IdentitySync.OK, IdentitySync.run(args.toArray(String[]::new), Map.of(), new PrintStream(out), new PrintStream(err)));
    }

    private static List<Path> filesUnder(Path root) throws Exception {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (var walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
