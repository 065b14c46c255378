package io.identitysync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.factorial.FactorialSimulator;
import io.identitysync.sources.factorial.FactorialCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator's webhook subscriptions and credentials answer as Factorial's published examples do: the same fields
 * with the same JSON types (fields the SDK marks optional may be absent), and its requests' bodies are taken.
 */
class FactorialSubscriptionModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "model-test-key-41";
    private final HttpClient http = HttpClient.newHttpClient();
    private FactorialSimulator factorial;
    private String token;

    @BeforeEach
    void start() throws IOException {
        factorial = new FactorialSimulator(0, KEY, FactorialData.seeded(3, 1)).oauthClient("app", "app-secret", "refresh-1");
    }

    @AfterEach
    void stop() {
        factorial.close();
    }

    private static JsonNode example(String name) throws IOException {
        try (InputStream in = FactorialSubscriptionModelTest.class.getResourceAsStream("/vendor/factorial/" + name + ".json")) {
            assertNotNull(in, name);
            JsonNode file = JSON.readTree(in);
            assertTrue(file.path("source").asText().startsWith("factorialco/factorial-api-sdks:"), name + " names its source");
            return file.get("example");
        }
    }

    /** Every field the simulator sends is in the example with the same JSON type (null in the example: any); every required one is sent. */
    private static void sameShape(JsonNode example, JsonNode answer, List<String> required, String what) {
        for (Iterator<Map.Entry<String, JsonNode>> it = answer.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode published = example.get(field.getKey());
            assertNotNull(published, what + ": '" + field.getKey() + "' is not a field of the published example");
            assertFalse(field.getValue().isNull(), what + ": '" + field.getKey() + "' is null; an optional field is left out instead");
            if (!published.isNull()) {
                assertEquals(published.getNodeType(), field.getValue().getNodeType(), what + ": the JSON type of '" + field.getKey() + "'");
                assertEquals(published.isIntegralNumber(), field.getValue().isIntegralNumber(), what + ": '" + field.getKey() + "' integer");
            }
        }
        for (String field : required) {
            assertTrue(answer.has(field), what + ": the required '" + field + "' is missing");
        }
    }

    private HttpResponse<String> send(String method, String path, Object body, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(factorial.baseUrl() + "/resources/api_public/" + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (auth.startsWith("Bearer ")) {
            b.header("Authorization", auth);
        } else {
            b.header("x-api-key", auth);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One bearer token per test: the refresh token rotates at its first use, as Factorial's does. */
    private String accessToken() throws Exception {
        if (token != null) {
            return token;
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(factorial.origin() + "/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&client_id=app&client_secret=app-secret&refresh_token=refresh-1"))
                .build(), HttpResponse.BodyHandlers.ofString());
        token = "Bearer " + JSON.readTree(r.body()).get("access_token").asText();
        return token;
    }

    @Test
    void subscriptionsAreAnsweredAsApiPublicWebhookSubscription() throws Exception {
        JsonNode model = example("webhook_subscription");
        List<String> required = List.of("id", "target_url", "type", "company_id", "enabled", "api_version");
        ObjectNode create = JSON.createObjectNode().put("subscription_type", "employees/employee/update")
                .put("target_url", "https://sync.example.com/hooks/factorial/employees/employee/update").put("company_id", 1)
                .put("name", "update").put("challenge", "secret-challenge");
        HttpResponse<String> created = send("POST", "webhook_subscriptions", create, KEY);
        assertEquals(201, created.statusCode(), created.body());
        sameShape(model, JSON.readTree(created.body()), required, "POST answer");
        assertFalse(created.body().contains("secret-challenge"), "the challenge is never echoed");

        // Without a name, and read through an OAuth token: name absent, not null.
        create.remove("name");
        create.put("subscription_type", "employees/employee/terminate");
        assertEquals(201, send("POST", "webhook_subscriptions", create, accessToken()).statusCode());
        JsonNode list = JSON.readTree(send("GET", "webhook_subscriptions", null, KEY).body());
        assertEquals(2, list.path("data").size());
        for (JsonNode s : list.path("data")) {
            sameShape(model, s, required, "list item");
        }
        assertFalse(list.path("data").get(1).has("name"));
        for (String field : List.of("has_previous_page", "has_next_page", "limit", "total")) {
            assertTrue(list.path("meta").has(field), "PagedIndexMeta." + field);
        }

        JsonNode put = JSON.readTree(send("PUT", "webhook_subscriptions/" + list.path("data").get(0).get("id").asLong(),
                example("webhook_subscription_put_request"), KEY).body());
        sameShape(model, put, required, "PUT answer (the docs' own PUT body)");
        assertFalse(put.get("enabled").asBoolean());
    }

    @Test
    void aCreateWithoutCompanyIdOrForAnotherCompanyIsRefusedWithFactorialsErrorBody() throws Exception {
        ObjectNode body = JSON.createObjectNode().put("subscription_type", "employees/employee/update")
                .put("target_url", "https://sync.example.com/hooks/factorial/employees/employee/update");
        HttpResponse<String> refused = send("POST", "webhook_subscriptions", body, KEY);
        assertEquals(422, refused.statusCode());
        assertEquals("company_id is missing", JSON.readTree(refused.body()).get("message").asText());
        assertEquals("Unprocessable Entity: company_id is missing", FactorialCredentials.vendorWords(refused.body()));

        // The SDK's own example body is well formed; only its company (55) is not the simulated one.
        refused = send("POST", "webhook_subscriptions", example("webhook_subscription_create_request"), KEY);
        assertEquals(422, refused.statusCode());
        assertTrue(refused.body().contains("company_id 55"), refused.body());
        assertEquals(0, JSON.readTree(send("GET", "webhook_subscriptions", null, KEY).body()).path("data").size(), "nothing created");
    }

    @Test
    void credentialsAreAnsweredAsApiPublicCredentialForAKeyAndForAToken() throws Exception {
        JsonNode model = example("credentials");
        List<String> required = List.of("company_id", "id", "employee_id");
        JsonNode byKey = JSON.readTree(send("GET", "credentials", null, KEY).body());
        sameShape(model, byKey.path("data").get(0), required, "API key credential");
        JsonNode byToken = JSON.readTree(send("GET", "credentials", null, accessToken()).body());
        sameShape(model, byToken.path("data").get(0), required, "OAuth credential");

        assertEquals(new FactorialCredentials.Company(1, "Simulated Company"), FactorialCredentials.read(factorial.baseUrl(), Map.of("x-api-key", KEY)));
        FactorialCredentials.Company person = FactorialCredentials.read(factorial.baseUrl(), Map.of("Authorization", accessToken()));
        assertEquals(1, person.id());
        assertNull(person.name(), "a person's token carries no company name");

        FactorialCredentials.Refused refused = assertThrows(FactorialCredentials.Refused.class,
                () -> FactorialCredentials.read(factorial.baseUrl(), Map.of("x-api-key", "not-the-key")));
        assertEquals(401, refused.status());
        assertEquals("Factorial refused GET api_public/credentials (401): Unauthorized: Invalid or missing API key", refused.getMessage());
        assertFalse(refused.getMessage().contains("not-the-key"));
    }

    @Test
    void vendorWordsAreTheMessageTheErrorOrTheFirst200CharactersOfTheBody() {
        assertEquals("Unprocessable Entity: Subscription type has already been taken",
                FactorialCredentials.vendorWords("{\"error\":\"Unprocessable Entity\",\"message\":\"Subscription type has already been taken\"}"));
        assertEquals("invalid_grant", FactorialCredentials.vendorWords("{\"error\":\"invalid_grant\"}"));
        assertEquals("Bad company", FactorialCredentials.vendorWords("{\"errors\":[{\"detail\":\"Bad company\"}]}"));
        assertEquals("<html>Bad Gateway</html>", FactorialCredentials.vendorWords("<html>Bad Gateway</html>"));
        assertEquals("x".repeat(200) + "…", FactorialCredentials.vendorWords("x".repeat(500)));
        assertEquals("(an empty answer)", FactorialCredentials.vendorWords(""));
    }
}
