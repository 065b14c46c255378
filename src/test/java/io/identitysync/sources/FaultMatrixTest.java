package io.identitysync.sources;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.identitysync.IdentitySyncApp;
import io.identitysync.simulators.Fault;
import io.identitysync.simulators.SimulatorServer;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.teamtailor.TeamtailorData;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every fault against every source. A fault the service can ride out (a 5xx, a reset, a 429, a slow answer) leaves a
 * run that succeeds with exactly the pending change; any other fails the run with a message naming the page, changes
 * no identity row, emits only sync.failed, and the next good run applies the change normally. The token appears in
 * no log line, stored error or table.
 */
class FaultMatrixTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A fault to install on page 2 of the users resource (or on the whole server) and what must come of it. */
    record Case(String source, String name, BiConsumer<SyncFixture, SimulatorServer> install, String expectedError) {
        Case(String source, String resource, String name, BiConsumer<SyncFixture, SimulatorServer> install, String expectedError) {
            this(source, resource.equals("contract_versions") ? resource + ": " + name : name, install, expectedError);
        }

        boolean survivable() {
            return expectedError == null;
        }

        @Override
        public String toString() {
            return source + ": " + name;
        }
    }

    static Stream<Case> cases() {
        List<Case> all = new ArrayList<>();
        // Each source's people, and Factorial's employments too: every fault on every resource a run pages through.
        for (String[] target : new String[][] {{"factorial", "employees"}, {"factorial", "contract_versions"}, {"teamtailor", "users"}}) {
            String source = target[0];
            String users = target[1];
            String page2 = (source.equals("factorial") ? "Factorial" : "Teamtailor") + " page 2 of " + users;
            // Ridden out: retried or waited for, then the run succeeds.
            for (int status : new int[] {500, 502, 503, 504}) {
                all.add(new Case(source, users, status + " once", (fx, sim) -> sim.fault(users, 2, Fault.status(status)), null));
            }
            all.add(new Case(source, users, "connection reset twice", (fx, sim) -> {
                sim.fault(users, 2, Fault.reset());
                sim.fault(users, 2, Fault.reset());
            }, null));
            all.add(new Case(source, users, "truncated body once", (fx, sim) -> sim.fault(users, 2, Fault.truncated()), null));
            all.add(new Case(source, users, "429 with Retry-After seconds", (fx, sim) -> sim.fault(users, 2, Fault.rateLimited("1")), null));
            all.add(new Case(source, users, "429 with Retry-After date", (fx, sim) -> sim.fault(users, 2,
                    Fault.rateLimited(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(1)))), null));
            all.add(new Case(source, users, "slow, within the read timeout", (fx, sim) -> sim.fault(users, 2, Fault.slow(400)), null));
            all.add(new Case(source, users, "reset on request 3", (fx, sim) -> sim.faultOnRequest(sim.requests() + 3, Fault.reset()), null));
            all.add(new Case(source, users, "faults on 30% of requests (seeded)", (fx, sim) -> sim.faultRandomly(0.3, 42, Fault.status(503)), null));

            // Not ridden out: the run fails, naming the page, and nothing is applied.
            all.add(new Case(source, users, "503 on every attempt", (fx, sim) -> sim.faultRandomly(1.0, 1, Fault.status(503)),
                    "page 1 of " + (source.equals("factorial") ? "job_levels" : "departments") + ": HTTP 503 after 5 attempts (GET "));
            all.add(new Case(source, users, "reset on every attempt", (fx, sim) -> {
                for (int i = 0; i < 5; i++) {
                    sim.fault(users, 2, Fault.reset());
                }
            }, page2 + ": the connection was dropped before a complete answer"));
            all.add(new Case(source, users, "slower than the read timeout", (fx, sim) -> {
                fx.set(source + ".read-timeout-ms", "300").set(source + ".retry.max-attempts", "2");
                sim.fault(users, 2, Fault.slow(1500));
                sim.fault(users, 2, Fault.slow(1500));
            }, page2 + ": no answer from http://127.0.0.1:"));
            all.add(new Case(source, users, "malformed JSON", (fx, sim) -> sim.fault(users, 2, Fault.malformedJson()), page2 + ": malformed JSON"));
            all.add(new Case(source, users, "truncated on every attempt", (fx, sim) -> {
                for (int i = 0; i < 5; i++) {
                    sim.fault(users, 2, Fault.truncated());
                }
            }, page2 + ": the connection was dropped before a complete answer (ConnectionClosedException) after 5 attempts"));
            all.add(new Case(source, users, "data is not a list", (fx, sim) -> sim.fault(users, 2, Fault.body(
                    "{\"data\":{\"id\":1},\"meta\":{\"has_next_page\":false},\"links\":{}}")), page2 + ": 'data' is not a list"));
            // A record without an id is skipped and reported, not a failure: SourceErrorsTest (conformance F10).
            all.add(new Case(source, users, "an id already read on page 1", (fx, sim) -> sim.fault(users, 2, Fault.body(
                    "{\"data\":[" + firstRecord(fx, users) + "],\"meta\":{\"has_next_page\":false,\"total\":1000},\"links\":{}}")),
                    page2 + (users.equals("contract_versions") ? ": employment 11" : ": user 1") + " was already read earlier in this run (duplicate id)"));
            all.add(new Case(source, users, "a cursor that repeats", (fx, sim) -> sim.fault(users, 2, Fault.body(repeatingPage(fx, source, users))),
                    "repeats"));
            all.add(new Case(source, users, "more pages than promised", (fx, sim) -> sim.fault(users, 2, Fault.body(overlongPage(fx, source))),
                    "promised; stopping instead of reading on"));
            all.add(new Case(source, users, "401", (fx, sim) -> sim.fault(users, 2, Fault.status(401)),
                    "refused the API token (HTTP 401 on " + page2 + "): check " + source + ".api-token"));
            all.add(new Case(source, users, "403", (fx, sim) -> sim.fault(users, 2, Fault.status(403)),
                    "refused the API token (HTTP 403 on " + page2 + "): check " + source + ".api-token and the permissions of that key"));
        }
        return all.stream();
    }

    private static String firstRecord(SyncFixture fx, String resource) {
        return (resource.equals("users") ? fx.teamtailor.data().resource("users") : fx.factorial.data().resource(resource)).get(0).toString();
    }

    private static String repeatingPage(SyncFixture fx, String source, String resource) {
        if (source.equals("factorial")) {
            // Page 1 ended at its 10th id (page size 10); this page sends the reader back there.
            // Factorial's cursors are base64 of an id (pagination.md).
            String end = java.util.Base64.getEncoder().encodeToString(fx.factorial.data().resource(resource).stream().map(r -> r.get("id").asLong())
                    .sorted().skip(9).findFirst().orElseThrow().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "{\"data\":[],\"meta\":{\"has_next_page\":true,\"end_cursor\":\"" + end + "\",\"total\":1000}}";
        }
        String self = fx.teamtailor.baseUrl() + "/users?page%5Bnumber%5D=2&page%5Bsize%5D=10&include=department%2Clocation%2Cteams";
        return "{\"data\":[],\"meta\":{\"page-count\":9},\"links\":{\"next\":\"" + self + "\"}}";
    }

    private static String overlongPage(SyncFixture fx, String source) {
        if (source.equals("factorial")) {
            List<String> records = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                records.add(FactorialData.employee(9000 + i, "Extra", "Person" + i).toString());
            }
            return "{\"data\":[" + String.join(",", records) + "],\"meta\":{\"has_next_page\":true,\"end_cursor\":\"OTAxMA==\",\"total\":12}}";
        }
        return "{\"data\":[],\"meta\":{\"page-count\":2},\"links\":{\"next\":\"" + fx.teamtailor.baseUrl()
                + "/users?page%5Bnumber%5D=3&page%5Bsize%5D=10\"}}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachFaultIsRiddenOutOrFailsTheRunCleanly(Case c) throws Exception {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try (SyncFixture fx = new SyncFixture(dir, FactorialData.seeded(25, 7), TeamtailorData.seeded(25, 7))) {
            fx.set("factorial.page-size", "10").set("teamtailor.page-size", "10").set("webhooks.urls", "");
            SimulatorServer sim = c.source().equals("factorial") ? fx.factorial : fx.teamtailor;
            assertTrue(fx.run(c.source()).succeeded());
            pendingChange(fx, c.source());
            List<Map<String, Object>> before = fx.identitySnapshot();

            c.install().accept(fx, sim);
            IdentitySyncApp.RunOutcome faulted = fx.run(c.source());
            originalErr.println("fault matrix: " + c + " -> " + faulted.status() + (faulted.error() == null ? "" : ": " + faulted.error()));
            List<String> types = fx.query("SELECT type FROM events WHERE run_id = '" + faulted.runId() + "' ORDER BY seq").stream()
                    .map(r -> (String) r.get("type")).toList();
            if (c.survivable()) {
                assertTrue(faulted.succeeded(), faulted.error());
                assertEquals(List.of(c.source().equals("factorial") ? "user.updated" : "user.disabled", "sync.completed"), types);
            } else {
                assertEquals("failed", faulted.status(), "the run must fail");
                assertTrue(faulted.error().contains(c.expectedError()), faulted.error());
                assertEquals(faulted.error(), fx.scalar("SELECT error FROM sync_runs WHERE id = '" + faulted.runId() + "'"));
                // A refused key also quarantines the connector at once (docs/alerts.md).
                List<String> expected = faulted.error().contains("refused the") ? List.of("sync.failed", "connector.quarantined") : List.of("sync.failed");
                assertEquals(expected, types, "no identity event");
                assertEquals(before, fx.identitySnapshot(), "no identity row changed");
                assertEquals(0, fx.scalar("SELECT count(*) FROM stage_users"), "staging dropped");
                assertNull(faulted.exportFolder());

                sim.clearFaults();
                fx.set(c.source() + ".read-timeout-ms", "60000").set(c.source() + ".retry.max-attempts", "5");
                IdentitySyncApp.RunOutcome next = fx.run(c.source());
                assertTrue(next.succeeded(), next.error());
                assertFalse(fx.identitySnapshot().equals(before), "the next good run applies the pending change");
            }
        } finally {
            System.setErr(originalErr);
        }
        String logged = logs.toString(StandardCharsets.UTF_8);
        assertFalse(logged.contains(SyncFixture.TOKEN), "the token in a log line");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("identity.db")).toList()) {
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(SyncFixture.TOKEN), "the token in " + f);
            }
        }
    }

    private static void pendingChange(SyncFixture fx, String source) {
        if (source.equals("factorial")) {
            fx.factorial.data().employeeById(3).put("last_name", "Renamed");
        } else {
            fx.teamtailor.data().userById(2).with("attributes").put("role", "no_access");
        }
    }
}
