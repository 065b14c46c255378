package io.identitysync.destinations;

import io.identitysync.IdentitySyncApp;
import io.identitysync.core.Backoff;
import io.identitysync.destinations.webhooks.WebhookSigner;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import io.identitysync.support.VerifyingReceiver;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookDeliveryTest extends FixtureTest {


    private SyncFixture small() throws Exception {
        FactorialData data = new FactorialData();
        data.employees.add(FactorialData.employee(1, "Ada", "Lovelace"));
        data.employees.add(FactorialData.employee(2, "Alan", "Turing"));
        fx = new SyncFixture(dir, data);
        return fx;
    }

    @Test
    void serverErrorsAreRetriedWithTheSameWebhookIdUntilDelivered() throws Exception {
        small().receiver.answer(500, 1);
        fx.receiver.answer(429, 1);
        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();
        assertTrue(outcome.succeeded());

        List<String> stored = fx.query("SELECT id FROM events ORDER BY seq").stream().map(r -> (String) r.get("id")).toList();
        assertEquals(stored, fx.receiver.received().stream().map(VerifyingReceiver.Received::id).toList(), "every event once, in order");
        Map<String, Object> first = fx.query("SELECT * FROM webhook_deliveries WHERE event_id = '" + stored.get(0) + "'").get(0);
        assertEquals("delivered", first.get("status"));
        assertEquals(3, first.get("attempts"));
        assertEquals(0, fx.receiver.badSignatures());
    }

    @Test
    void aClientErrorIsDeadAtOnceAndTheNextEventStillGoes() throws Exception {
        small().receiver.answer(400, 1);
        assertTrue(fx.runFactorial().succeeded());
        List<Map<String, Object>> rows = fx.query("SELECT d.status, d.attempts, d.last_status_code FROM webhook_deliveries d "
                + "JOIN events e ON e.id = d.event_id ORDER BY e.seq");
        assertEquals("dead", rows.get(0).get("status"));
        assertEquals(1, rows.get(0).get("attempts"));
        assertEquals(400, rows.get(0).get("last_status_code"));
        assertTrue(rows.subList(1, rows.size()).stream().allMatch(r -> "delivered".equals(r.get("status"))));
    }

    @Test
    void retriesRunOutIntoDead() throws Exception {
        small().set("webhooks.retry-schedule", "50ms,50ms");
        fx.receiver.answer(503, 3);
        assertTrue(fx.runFactorial().succeeded());
        Map<String, Object> head = fx.query("SELECT d.* FROM webhook_deliveries d JOIN events e ON e.id = d.event_id ORDER BY e.seq LIMIT 1").get(0);
        assertEquals("dead", head.get("status"));
        assertEquals(3, head.get("attempts"));
        assertEquals("HTTP 503", head.get("last_error"));
    }

    @Test
    void pendingDeliveriesSurviveARestartAndKeepTheirIds() throws Exception {
        small().set("webhooks.retry-schedule", "1s,1s,1s,1s,1s");
        fx.receiver.answer(503, 1000);
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), false).start()) {
            assertTrue(app.run("factorial").succeeded());
            assertFalse(app.drainWebhooks(Duration.ofMillis(300)));
        }
        long pending = ((Number) fx.scalar("SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'")).longValue();
        assertTrue(pending > 0);
        assertTrue(fx.receiver.received().isEmpty());
        fx.receiver.stopFailing();

        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), false).start()) {
            assertTrue(app.drainWebhooks(Duration.ofSeconds(10)));
        }
        List<String> stored = fx.query("SELECT id FROM events ORDER BY seq").stream().map(r -> (String) r.get("id")).toList();
        assertEquals(stored, fx.receiver.received().stream().map(VerifyingReceiver.Received::id).toList());
    }

    @Test
    void aRetryAfterOn429Or503IsRespectedInsteadOfTheSchedule() throws Exception {
        small().set("webhooks.retry-schedule", "50ms,50ms");
        fx.receiver.answerRetryAfter(429, "2");
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), false).start()) {
            assertTrue(app.run("factorial").succeeded());
            assertFalse(app.drainWebhooks(Duration.ofMillis(1000)), "still waiting for the receiver's Retry-After");
            assertTrue(fx.receiver.received().isEmpty(), "later events wait behind the head, in order");
            assertTrue(app.drainWebhooks(Duration.ofSeconds(10)));
        }
        List<String> stored = fx.query("SELECT id FROM events ORDER BY seq").stream().map(r -> (String) r.get("id")).toList();
        assertEquals(stored, fx.receiver.received().stream().map(VerifyingReceiver.Received::id).toList());
    }

    @Test
    void aReceiverThatHangsTimesOutAndIsRetried() throws Exception {
        small().set("webhooks.timeout", "200ms").set("webhooks.retry-schedule", "50ms");
        fx.receiver.hang(1_000, 1);
        assertTrue(fx.runFactorial().succeeded());
        Map<String, Object> head = fx.query("SELECT d.* FROM webhook_deliveries d JOIN events e ON e.id = d.event_id ORDER BY e.seq LIMIT 1").get(0);
        assertEquals("delivered", head.get("status"));
        assertEquals(2, head.get("attempts"));
    }

    @Test
    void backOffIsJitteredAroundTheSchedule() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            long ms = Backoff.jittered(Duration.ofSeconds(10)).toMillis();
            assertTrue(ms >= 8_000 && ms <= 12_000, Long.toString(ms));
            seen.add(ms);
        }
        assertTrue(seen.size() > 10, "waits differ between attempts");
        assertEquals(Duration.ofSeconds(30), Backoff.retryAfter("30", Duration.ofHours(1)));
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60));
        long fromDate = Backoff.retryAfter(inAMinute, Duration.ofHours(1)).toSeconds();
        assertTrue(fromDate >= 58 && fromDate <= 60, Long.toString(fromDate));
    }

    @Test
    void theSignatureFollowsTheStandardWebhooksScheme() {
        WebhookSigner signer = new WebhookSigner("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        // The example of the Standard Webhooks specification.
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"));
        assertTrue(signer.verify("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}",
                "v1,bogus v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
    }
}
