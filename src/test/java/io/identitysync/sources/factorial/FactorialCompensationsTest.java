package io.identitysync.sources.factorial;

import io.identitysync.IdentitySyncApp;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.CapturedLogs;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compensations are sensitive: off by default, stored and exported only when asked for, no events unless allowed, never logged. */
class FactorialCompensationsTest extends FixtureTest {

    private static final String WITH_PAY = "employees,teams,locations,employments,compensations";

    /** Every place pay could leak to: the export folder's files and the webhook bodies received. */
    private void assertNoPayAnywhere(String amount, String why) throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve("exports"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(f).contains(amount), why + ": " + f);
            }
        }
        assertTrue(fx.receiver.received().stream().noneMatch(r -> r.body().toString().contains(amount)), why + ": a webhook");
    }

    @Test
    void offByDefaultPayReachesNoTableFileOrEventEvenFromTheContractVersions() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(20, 5));
        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();
        assertTrue(outcome.succeeded(), outcome.error());
        assertEquals(0L, ((Number) fx.scalar("SELECT count(*) FROM compensations")).longValue());
        assertEquals(0, fx.factorial.calls("compensations"));
        assertFalse(Files.exists(Path.of(outcome.exportFolder()).resolve("compensations.ndjson")));
        assertNoPayAnywhere("4200000", "the contract's salary_amount");
    }

    @Test
    void whenAskedForTheyAreStoredAndExportedButAreNoEventsUnlessAllowedAndNeverLogged() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(20, 5));
        fx.set("factorial.resources", WITH_PAY);
        CapturedLogs<IdentitySyncApp.RunOutcome> run = CapturedLogs.during(fx::runFactorial);
        IdentitySyncApp.RunOutcome outcome = run.result();
        assertTrue(outcome.succeeded(), outcome.error());
        assertEquals(20L, ((Number) fx.scalar("SELECT count(*) FROM compensations")).longValue());
        Map<String, Object> first = fx.query("SELECT * FROM compensations WHERE user_external_id = '1'").get(0);
        assertEquals("3001000", first.get("amount"));
        assertEquals("EUR", first.get("currency"));
        assertEquals("yearly", first.get("period"));
        assertEquals(20, Files.readAllLines(Path.of(outcome.exportFolder()).resolve("compensations.ndjson")).size());
        assertEquals(0L, ((Number) fx.scalar("SELECT count(*) FROM events WHERE type LIKE 'compensation.%'")).longValue());
        assertTrue(fx.receiver.received().stream().noneMatch(r -> r.body().toString().contains("3001000")), "no webhook carries pay");
        assertFalse(run.text().contains("3001000"), "pay in the logs");

        fx.set("webhooks.compensation-events", "true");
        fx.factorial.data().compensations.get(0).put("amount", 3_100_000);
        fx.receiver.clear();
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(List.of("compensation.updated", "sync.completed"), fx.receiver.types(), "allowed: a raise is an event");
    }

    @Test
    void aKeyWithoutAccessToCompensationsFailsTheRunNamingTheResourceAndTheKey() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(20, 5));
        assertTrue(fx.runFactorial().succeeded());
        List<Map<String, Object>> before = fx.identitySnapshot();
        fx.factorial.limitedKey("no-payroll-key-7c1d", "compensations");
        fx.set("factorial.api-token", "no-payroll-key-7c1d").set("factorial.resources", WITH_PAY);
        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();
        assertEquals("failed", outcome.status());
        assertEquals("Factorial refused the API token (HTTP 403 on Factorial page 1 of compensations): check factorial.api-token "
                + "and the permissions of that key; Factorial said: \"Forbidden: You are not allowed to access this resource\"", outcome.error());
        assertEquals(before, fx.identitySnapshot(), "nothing applied");
    }

    @Test
    void compensationsWithoutEmploymentsIsAConfigurationError() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(5, 5));
        fx.set("factorial.resources", "employees,compensations");
        SyncFixture.Cli r = fx.runCli("--once");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("factorial.resources: compensations need employments too"), r.err());
    }
}
