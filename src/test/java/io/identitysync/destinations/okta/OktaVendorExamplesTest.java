package io.identitysync.destinations.okta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.simulators.okta.OktaSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Okta simulator answers as Okta's published examples (src/test/resources/vendor/okta) do, field for field: every
 * field of the example is in the answer with the same JSON type, except the optional ones named, and a timestamp
 * that has not happened here may be null where the example's has.
 */
class OktaVendorExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "00okta-examples-token-41";
    /** Timestamps and credentials that exist only once something happened (a login, a password set). */
    private static final Set<String> NOT_YET = Set.of("activated", "statusChanged", "lastLogin", "passwordChanged");
    private final HttpClient client = HttpClient.newHttpClient();
    private OktaSimulator okta;

    @BeforeEach
    void start() throws Exception {
        okta = new OktaSimulator(0, TOKEN, Clock.fixed(Instant.parse("2026-03-02T09:30:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        okta.close();
    }

    private static JsonNode file(String name) throws Exception {
        try (InputStream in = OktaVendorExamplesTest.class.getResourceAsStream("/vendor/okta/" + name + ".json")) {
            JsonNode file = JSON.readTree(in);
            assertTrue(file.path("source").asText().contains("Okta"), name + " names its source");
            return file;
        }
    }

    private HttpResponse<String> call(String method, String path, JsonNode body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(okta.baseUrl() + path)).header("Authorization", "SSWS " + token)
                .header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return client.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Every field of the example is in the answer with the same JSON type (recursively; arrays element by element). */
    private static List<String> differences(JsonNode example, JsonNode answer, String path, Set<String> optional) {
        List<String> out = new ArrayList<>();
        if (example.isObject()) {
            for (Iterator<String> it = example.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                String p = path.isEmpty() ? field : path + "." + field;
                if (!answer.has(field)) {
                    if (!optional.contains(p)) {
                        out.add(p + " missing");
                    }
                    continue;
                }
                JsonNode a = answer.get(field);
                if (a.isNull() && NOT_YET.contains(field)) {
                    continue;
                }
                out.addAll(differences(example.get(field), a, p, optional));
            }
        } else if (example.isArray()) {
            for (int i = 0; i < example.size() && i < answer.size(); i++) {
                out.addAll(differences(example.get(i), answer.get(i), path + "[" + i + "]", optional));
            }
            if ((answer.size() < example.size() || !answer.isArray()) && !optional.contains(path)) {
                out.add(path + ": " + answer.size() + " elements, the example has " + example.size());
            }
        } else if (example.getNodeType() != answer.getNodeType()) {
            out.add(path + " is " + answer.getNodeType() + ", the example's is " + example.getNodeType());
        }
        return out;
    }

    @Test
    void aCreatedUserIsOktasStagedUserObject() throws Exception {
        JsonNode file = file("users-create-staged");
        HttpResponse<String> r = call("POST", "/api/v1/users?activate=false", file.get("request"), TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode answer = JSON.readTree(r.body());
        assertEquals(List.of(), differences(file.get("example"), answer, "", Set.of()));
        assertEquals("STAGED", answer.path("status").asText());
        assertTrue(answer.path("id").asText().matches("00u[A-Za-z0-9]{17}"), answer.path("id").asText());
        assertTrue(answer.path("created").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), "Okta's timestamps");
    }

    @Test
    void aListIsABareArrayPagedWithALinkHeader() throws Exception {
        JsonNode file = file("users-list");
        JsonNode example = file.get("example");
        for (int i = 0; i < 201; i++) {
            ObjectNode profile = (ObjectNode) (i == 0 ? example.get(0) : example.get(1)).get("profile").deepCopy();
            okta.users().seed(profile.put("login", "u" + i + "@example.com"), i == 0 ? "STAGED" : "ACTIVE");
        }
        HttpResponse<String> r = call("GET", "/api/v1/users?limit=200", null, TOKEN);
        assertEquals(200, r.statusCode());
        JsonNode answer = JSON.readTree(r.body());
        assertEquals(200, answer.size());
        Set<String> credentialsOnceSet = Set.of("[1].credentials.password", "[1].credentials.recovery_question");
        assertEquals(List.of(), differences(example, JSON.createArrayNode().add(answer.get(0)).add(answer.get(1)), "", credentialsOnceSet));
        String next = r.headers().allValues("Link").stream().filter(l -> l.contains("rel=\"next\"")).findFirst().orElseThrow();
        String shape = file.path("link").asText().replaceFirst("^Link: ", "");
        assertTrue(next.matches("<" + okta.baseUrl() + "/api/v1/users\\?.*after=00u[A-Za-z0-9]{17}.*>; rel=\"next\""), next);
        assertTrue(shape.matches("<https://\\$\\{yourOktaDomain}/api/v1/users\\?after=[^>]+>; rel=\"next\""), "the example's own shape: " + shape);
        HttpResponse<String> second = call("GET", next.substring(next.indexOf(okta.baseUrl()) + okta.baseUrl().length(), next.indexOf('>')), null, TOKEN);
        assertEquals(1, JSON.readTree(second.body()).size(), "the rest, after the cursor");
        assertTrue(second.headers().allValues("Link").stream().noneMatch(l -> l.contains("rel=\"next\"")), "no next on the last page");
        assertTrue(r.headers().firstValue("X-Rate-Limit-Reset").orElse("").matches("\\d+"), "Okta's rate-limit headers");
    }

    @Test
    void anAddedGroupIsOktasGroupObject() throws Exception {
        JsonNode file = file("groups-add-group");
        HttpResponse<String> r = call("POST", "/api/v1/groups", file.get("request"), TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(List.of(), differences(file.get("example"), JSON.readTree(r.body()), "", Set.of()));
    }

    @Test
    void aRefusalIsOktasErrorBodyInOktasWords() throws Exception {
        JsonNode example = file("error-login-exists").get("example");
        JsonNode request = file("users-create-staged").get("request");
        call("POST", "/api/v1/users?activate=false", request, TOKEN);
        HttpResponse<String> r = call("POST", "/api/v1/users?activate=false", request, TOKEN);
        assertEquals(400, r.statusCode());
        JsonNode answer = JSON.readTree(r.body());
        assertEquals(List.of(), differences(example, answer, "", Set.of()));
        assertEquals(example.path("errorCode").asText(), answer.path("errorCode").asText());
        assertEquals(example.path("errorCauses").get(0).path("errorSummary").asText(), answer.path("errorCauses").get(0).path("errorSummary").asText());

        HttpResponse<String> denied = call("GET", "/api/v1/users", null, "not-the-token");
        assertEquals(401, denied.statusCode());
        JsonNode refused = JSON.readTree(denied.body());
        assertEquals(List.of(), differences(example, refused, "", Set.of("errorCauses")));
        assertEquals("E0000011", refused.path("errorCode").asText());
        assertEquals("Invalid token provided", refused.path("errorSummary").asText());
    }

    @Test
    void lifecycleFollowsOktasStateRules() throws Exception {
        JsonNode created = JSON.readTree(call("POST", "/api/v1/users?activate=false", file("users-create-staged").get("request"), TOKEN).body());
        String id = created.path("id").asText();
        HttpResponse<String> suspend = call("POST", "/api/v1/users/" + id + "/lifecycle/suspend", null, TOKEN);
        assertEquals(400, suspend.statusCode(), "suspend only from ACTIVE");
        assertTrue(suspend.body().contains("Cannot suspend a user that is not active"), suspend.body());
        assertEquals(200, call("POST", "/api/v1/users/" + id + "/lifecycle/activate?sendEmail=false", null, TOKEN).statusCode());
        assertEquals("PROVISIONED", JSON.readTree(call("GET", "/api/v1/users/" + id, null, TOKEN).body()).path("status").asText(),
                "activated without a password: PROVISIONED");
        assertEquals(200, call("POST", "/api/v1/users/" + id + "/lifecycle/deactivate", null, TOKEN).statusCode());
        JsonNode byLogin = JSON.readTree(call("GET", "/api/v1/users/isaac.brock%40example.com", null, TOKEN).body());
        assertEquals("DEPROVISIONED", byLogin.path("status").asText(), "found by login");
        assertEquals(0, JSON.readTree(call("GET", "/api/v1/users", null, TOKEN).body()).size(), "a list without a query leaves DEPROVISIONED out");
        assertEquals(1, JSON.readTree(call("GET", "/api/v1/users?search=profile.email%20eq%20%22ISAAC.BROCK%40example.com%22", null, TOKEN).body()).size(),
                "search: any case, DEPROVISIONED too");
        assertEquals(400, call("GET", "/api/v1/users?filter=profile.employeeNumber%20eq%20%221%22", null, TOKEN).statusCode(),
                "filter reaches only its few properties");
    }
}
