package io.identitysync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.identitysync.support.Companies;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code webhooks-in subscribe} against Factorial's API as the SDK models it: the company id it needs, OAuth as well
 * as an API key, repairs made in place (so a refusal never costs a working subscription), every page read, and
 * Factorial's own words on every refusal.
 */
class WebhooksInSubscribeTest extends FixtureTest {

    private static final String CHALLENGE = "factorial-challenge-7d21";
    private static final String URL = "https://sync.example.com";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final int types = Subscriptions.TYPES.size();

    private SyncFixture fixture() throws Exception {
        fx = new SyncFixture(dir, Companies.engineering());
        return fx.set("factorial.webhooks-in.challenge", CHALLENGE);
    }

    private SyncFixture.Cli subscribe(String url) {
        return fx.runCli("webhooks-in", "subscribe", "factorial", "--url=" + url);
    }

    private HttpResponse<String> api(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(fx.factorial.baseUrl() + "/resources/api_public/webhook_subscriptions" + path))
                .header("x-api-key", SyncFixture.TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Every subscription, read page by page as an operator's own script would. */
    private List<JsonNode> subscriptions() throws Exception {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = JSON.readTree(api("GET", cursor == null ? "" : "?after_id=" + cursor.replace("=", "%3D"), null).body());
            page.path("data").forEach(all::add);
            cursor = page.path("meta").path("has_next_page").asBoolean() ? page.path("meta").path("end_cursor").asText() : null;
        } while (cursor != null);
        return all;
    }

    private JsonNode subscription(String type) throws Exception {
        return subscriptions().stream().filter(s -> s.path("type").asText().equals(type)).findFirst().orElseThrow();
    }

    private int writes() {
        return fx.factorial.calls("POST /webhook_subscriptions") + fx.factorial.calls("PUT /webhook_subscriptions/{id}")
                + fx.factorial.calls("DELETE /webhook_subscriptions/{id}");
    }

    @Test
    void aRefusedCreateShowsFactorialsWordsAndTheKeyAndKeepsEveryWorkingSubscription() throws Exception {
        fixture();
        assertEquals(0, subscribe(URL).code());
        assertEquals(200, api("DELETE", "/" + subscription("teams/membership/move").get("id").asLong(), null).statusCode(), "one type lost");

        SyncFixture.Cli r = fx.set("factorial.company-id", "999").runCli("webhooks-in", "subscribe", "factorial", "--url=" + URL);
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains("Factorial refused POST webhook_subscriptions (422): Unprocessable Entity: company_id 999 is not the company of this credential; "
                + "check factorial.company-id"), r.err());
        assertFalse(r.err().contains("HTTP 422"), r.err());
        List<JsonNode> kept = subscriptions();
        assertEquals(types - 1, kept.size(), "the others are still there");
        assertTrue(kept.stream().allMatch(s -> s.path("enabled").asBoolean() && s.path("target_url").asText().startsWith(URL + "/hooks/factorial/")));
        assertEquals(0, fx.factorial.calls("DELETE /webhook_subscriptions/{id}") - 1, "the command itself removed nothing");

        // The configured company id is used as given; a wrong one is a configuration error before any request.
        int requests = fx.factorial.requests();
        r = fx.set("factorial.company-id", "acme").runCli("webhooks-in", "subscribe", "factorial", "--url=" + URL);
        assertEquals(2, r.code());
        assertTrue(r.err().contains("factorial.company-id: must be Factorial's company id, a positive integer"), r.err());
        assertEquals(requests, fx.factorial.requests());

        fx.set("factorial.company-id", "1");
        r = subscribe(URL);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("created   teams/membership/move"), r.out());
        assertEquals(0, fx.factorial.calls("GET /credentials") - 1, "the configured id: api_public/credentials not asked again");
    }

    @Test
    void aRefusedCredentialIsSaidInFactorialsWordsNamingTheKey() throws Exception {
        fixture().set("factorial.api-token", "not-the-key");
        SyncFixture.Cli r = subscribe(URL);
        assertEquals(1, r.code());
        assertEquals("webhooks-in subscribe: Factorial refused GET webhook_subscriptions (401): Unauthorized: Invalid or missing API key; check factorial.api-token\n",
                r.err());
        assertFalse(r.err().contains("not-the-key"));
    }

    @Test
    void withOnlyOAuthKeysItSubscribesWithABearerTokenAndKeepsTheRotatedRefreshTokenSealed() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        fixture().set("factorial.api-token", "").set("factorial.oauth.client-id", "app-4f2c").set("factorial.oauth.client-secret", "secret-93ab")
                .set("factorial.oauth.refresh-token", "refresh-first-5d0e").set("store.encryption-secret", Base64.getEncoder().encodeToString(key));
        fx.factorial.oauthClient("app-4f2c", "secret-93ab", "refresh-first-5d0e");
        SyncFixture.Cli r = subscribe(URL);
        assertEquals(0, r.code(), r.err());
        assertEquals(types, r.out().lines().filter(l -> l.startsWith("created")).count(), r.out());
        assertEquals(1, fx.factorial.calls("GET /credentials"));
        assertTrue(((String) fx.scalar("SELECT refresh_token FROM oauth_grants WHERE connector = 'factorial'")).startsWith("v1:"));

        // The configured token was used up by the rotation: a second command works only with the one kept.
        r = subscribe(URL);
        assertEquals(0, r.code(), r.err());
        assertEquals(types, r.out().lines().filter(l -> l.startsWith("ok")).count(), r.out());
        assertEquals(2, fx.factorial.calls("POST /oauth/token"));
        assertFalse((r.out() + r.err()).contains("refresh-") || (r.out() + r.err()).contains("secret-93ab"));

        fx.factorial.revokeOAuthGrant();
        r = subscribe(URL);
        assertEquals(1, r.code());
        assertTrue(r.err().contains("refused the OAuth grant (invalid_grant)") && r.err().contains("factorial.oauth.refresh-token"), r.err());
    }

    @Test
    void aDisabledSubscriptionIsEnabledAndAMovedServiceRepointedInPlace() throws Exception {
        fixture();
        assertEquals(0, subscribe(URL).code());
        JsonNode update = subscription("employees/employee/update");
        // Factorial disables a subscription after failed retries; the docs' own PUT body does the same.
        assertEquals(200, api("PUT", "/" + update.get("id").asLong(), "{\"enabled\":false}").statusCode());
        int posts = fx.factorial.calls("POST /webhook_subscriptions");

        SyncFixture.Cli r = subscribe(URL);
        assertTrue(r.out().contains("repaired  employees/employee/update (was disabled)"), r.out());
        assertEquals(types - 1, r.out().lines().filter(l -> l.startsWith("ok")).count(), r.out());
        assertEquals(2, fx.factorial.calls("PUT /webhook_subscriptions/{id}"), "the test's PUT, and the one repair");
        assertTrue(subscription("employees/employee/update").get("enabled").asBoolean());
        assertEquals(update.get("id"), subscription("employees/employee/update").get("id"), "the same subscription");

        r = subscribe("https://sync2.example.com");
        assertEquals(types, r.out().lines().filter(l -> l.startsWith("repointed")).count(), r.out());
        assertTrue(r.out().contains("repointed employees/employee/update → https://sync2.example.com/hooks/factorial/employees/employee/update "
                + "(was https://sync.example.com/hooks/factorial/employees/employee/update)"), r.out());
        assertEquals(posts, fx.factorial.calls("POST /webhook_subscriptions"), "nothing created");
        assertEquals(0, fx.factorial.calls("DELETE /webhook_subscriptions/{id}"), "nothing removed");
        assertTrue(subscriptions().stream().allMatch(s -> s.path("target_url").asText().startsWith("https://sync2.example.com/hooks/factorial/")));
    }

    @Test
    void everyPageOfTheListIsReadSoASecondSubscribeWritesNothing() throws Exception {
        fixture().set("factorial.page-size", "5");
        assertEquals(0, subscribe(URL).code());
        int lists = fx.factorial.calls("GET /webhook_subscriptions");
        int writes = writes();
        SyncFixture.Cli r = subscribe(URL);
        assertEquals(types, r.out().lines().filter(l -> l.startsWith("ok")).count(), r.out());
        assertEquals(writes, writes());
        assertEquals((types + 4) / 5, fx.factorial.calls("GET /webhook_subscriptions") - lists, "every page, by its cursor");
        assertTrue(fx.runCli("webhooks-in", "list", "factorial").out().contains(types + " subscriptions; 0 of the " + types));
    }

    @Test
    void aTypeTakenBySomeoneElsesSubscriptionIsRepointedAfterFactorialSaysSo() throws Exception {
        fixture();
        String foreign = JSON.createObjectNode().put("subscription_type", "employees/employee/terminate").put("company_id", 1)
                .put("target_url", "https://old-integration.example.com/factorial").toString();
        assertEquals(201, api("POST", "", foreign).statusCode());
        SyncFixture.Cli r = subscribe(URL);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("repointed employees/employee/terminate → " + URL + "/hooks/factorial/employees/employee/terminate "
                + "(was https://old-integration.example.com/factorial; Factorial: Unprocessable Entity: Subscription type has already been taken)"), r.out());
        assertEquals(types, subscriptions().size());
    }
}
