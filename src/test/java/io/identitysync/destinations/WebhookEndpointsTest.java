package io.identitysync.destinations;

import io.identitysync.IdentitySyncApp;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import io.identitysync.support.VerifyingReceiver;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Named endpoints: each with its filter, secret(s) and headers; endpoints never wait for each other. */
class WebhookEndpointsTest extends FixtureTest {

    private SyncFixture fixture() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(30, 3));
        fx.set("webhooks.urls", "");
        return fx;
    }

    private List<String> eventIds(String where) throws Exception {
        return fx.query("SELECT id FROM events " + where + " ORDER BY seq").stream().map(r -> (String) r.get("id")).toList();
    }

    /** Why a receiver may have seen an event twice: a send that failed after the receiver had it, then its retry. */
    private String retried() {
        try {
            return "deliveries sent more than once: " + fx.query("SELECT event_id, endpoint, attempts, last_error FROM webhook_deliveries WHERE attempts > 1");
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static List<String> ids(VerifyingReceiver r) {
        return r.received().stream().map(VerifyingReceiver.Received::id).toList();
    }

    /**
     * What a receiver got, each event once, in order of first arrival. At least once is the promise: an event may
     * arrive twice only where the outbox recorded a second attempt of that delivery (a send that failed after the
     * receiver had it, a timeout on a loaded machine), never otherwise.
     */
    private List<String> firstArrivals(VerifyingReceiver r, String endpoint) throws Exception {
        List<String> all = ids(r);
        for (String id : new LinkedHashSet<>(all)) {
            if (Collections.frequency(all, id) > 1) {
                Object attempts = fx.scalar("SELECT attempts FROM webhook_deliveries WHERE event_id = '" + id + "' AND endpoint = '" + endpoint + "'");
                assertTrue(((Number) attempts).intValue() > 1, id + " arrived twice at " + endpoint + " but was sent once: " + retried());
            }
        }
        return List.copyOf(new LinkedHashSet<>(all));
    }

    @Test
    void aFilterSendsOnlyTheTypesAnEndpointAskedFor() throws Exception {
        try (VerifyingReceiver audit = new VerifyingReceiver(fixture().secret)) {
            fx.set("webhooks.secret", fx.secret)
                    .set("webhooks.endpoint.everything.url", fx.receiver.url())
                    .set("webhooks.endpoint.audit.url", audit.url())
                    .set("webhooks.endpoint.audit.events", "user.*,sync.failed");
            assertTrue(fx.runFactorial().succeeded());

            assertEquals(eventIds(""), firstArrivals(fx.receiver, "everything"), this::retried);
            assertEquals(eventIds("WHERE type LIKE 'user.%'"), firstArrivals(audit, "audit"), this::retried);
            assertTrue(audit.types().stream().allMatch(t -> t.startsWith("user.")));
            assertEquals(0, fx.scalar("SELECT count(*) FROM webhook_deliveries d JOIN events e ON e.id = d.event_id "
                    + "WHERE d.endpoint = 'audit' AND e.type NOT LIKE 'user.%'"), "filtered events get no delivery row");
        }
    }

    @Test
    void duringARotationBothSecretsSignAndEitherVerifies() throws Exception {
        String oldSecret = VerifyingReceiver.newSecret();
        try (VerifyingReceiver knowsOld = new VerifyingReceiver(oldSecret)) {
            fixture().set("webhooks.endpoint.new-side.url", fx.receiver.url())
                    .set("webhooks.endpoint.old-side.url", knowsOld.url())
                    .set("webhooks.secret", fx.secret + " " + oldSecret);
            assertTrue(fx.runFactorial().succeeded());

            assertEquals(eventIds(""), firstArrivals(fx.receiver, "new-side"));
            assertEquals(eventIds(""), firstArrivals(knowsOld, "old-side"));
            assertEquals(0, fx.receiver.badSignatures() + knowsOld.badSignatures());
            String signatures = fx.receiver.headers().get(0).get("webhook-signature").get(0);
            assertEquals(2, signatures.split(" ").length, signatures);
        }
    }

    @Test
    void anEndpointHasItsOwnSecretAndExtraHeaders() throws Exception {
        String own = VerifyingReceiver.newSecret();
        try (VerifyingReceiver tenant = new VerifyingReceiver(own)) {
            fixture().set("webhooks.secret", fx.secret)
                    .set("webhooks.endpoint.main.url", fx.receiver.url())
                    .set("webhooks.endpoint.tenant.url", tenant.url())
                    .set("webhooks.endpoint.tenant.secret", own)
                    .set("webhooks.endpoint.tenant.header.X-Tenant", "acme")
                    .set("webhooks.endpoint.tenant.header.Authorization", "Bearer receiver-token-123");
            assertTrue(fx.runFactorial().succeeded());

            assertEquals(eventIds(""), firstArrivals(tenant, "tenant"));
            assertEquals(0, tenant.badSignatures());
            Map<String, List<String>> headers = tenant.headers().get(0);
            assertEquals(List.of("acme"), headers.get("x-tenant"));
            assertEquals(List.of("Bearer receiver-token-123"), headers.get("authorization"));
            assertFalse(fx.receiver.headers().get(0).containsKey("x-tenant"), "headers are per endpoint");
        }
    }

    @Test
    void aHangingEndpointHoldsBackNeitherTheOtherEndpointNorItsOwnLaterRetries() throws Exception {
        try (VerifyingReceiver stuck = new VerifyingReceiver(fixture().secret)) {
            fx.set("webhooks.secret", fx.secret)
                    .set("webhooks.endpoint.healthy.url", fx.receiver.url())
                    .set("webhooks.endpoint.stuck.url", stuck.url())
                    .set("webhooks.timeout", "300ms")
                    .set("webhooks.retry-schedule", "300ms,300ms,300ms");
            stuck.hang(2_000, 1);
            try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), false).start()) {
                assertTrue(app.run("factorial").succeeded());
                assertTrue(app.drainWebhooks(Duration.ofSeconds(20)));
            }
            List<String> all = eventIds("");
            assertEquals(all, firstArrivals(fx.receiver, "healthy"), "the healthy endpoint got everything, in order");
            // The hung request timed out and went again with the same id; the receiver may have kept both copies.
            assertEquals(Set.copyOf(all), Set.copyOf(ids(stuck)));
            Map<String, Object> head = fx.query("SELECT d.* FROM webhook_deliveries d JOIN events e ON e.id = d.event_id "
                    + "WHERE d.endpoint = 'stuck' ORDER BY e.seq LIMIT 1").get(0);
            assertEquals("delivered", head.get("status"));
            assertEquals(2, head.get("attempts"));
        }
    }
}
