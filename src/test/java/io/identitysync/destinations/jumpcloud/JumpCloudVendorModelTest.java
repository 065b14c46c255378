package io.identitysync.destinations.jumpcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.identitysync.simulators.jumpcloud.JumpCloudSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator against JumpCloud's published model: its answers carry the fields of the spec's own examples
 * (src/test/resources/vendor/jumpcloud), with the same JSON types; the x-org-id rules of a multi-tenant admin; the
 * search endpoint; duplicates worded otherwise.
 */
class JumpCloudVendorModelTest {

    private static final String KEY = "jc-key-model-51c0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private JumpCloudSimulator jc;

    private record Answer(int status, JsonNode body) {
    }

    @BeforeEach
    void start() throws Exception {
        jc = new JumpCloudSimulator(0, KEY);
    }

    @AfterEach
    void stop() {
        jc.close();
    }

    private Answer call(String method, String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(jc.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("x-api-key", KEY);
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body()));
    }

    private Answer call(String method, String path, String body) throws Exception {
        return call(method, path, body, Map.of());
    }

    private static JsonNode example(String name) throws Exception {
        try (InputStream in = JumpCloudVendorModelTest.class.getResourceAsStream("/vendor/jumpcloud/" + name + ".json")) {
            JsonNode file = JSON.readTree(in);
            assertFalse(file.path("source").asText().isBlank(), name + " names its source");
            return file.path("example");
        }
    }

    /**
     * Every field the simulator sends is one the vendor's example has, of the same JSON type, deeply (a null in the
     * example says nothing of the type); the example's other fields are optional ones the simulator leaves out.
     */
    private static void sameShape(String where, JsonNode example, JsonNode answer, List<String> problems) {
        if (example == null || example.isNull()) {
            return;
        }
        if (example.getNodeType() != answer.getNodeType() && !(example.isNumber() && answer.isNumber())) {
            problems.add(where + ": " + answer.getNodeType() + " where the vendor has " + example.getNodeType());
            return;
        }
        if (answer.isObject()) {
            answer.fields().forEachRemaining(f -> {
                if (f.getValue().isNull()) {
                    problems.add(where + "." + f.getKey() + ": null (JumpCloud leaves a field without value out)");
                } else if (!example.has(f.getKey())) {
                    problems.add(where + "." + f.getKey() + ": not in the vendor's model");
                } else {
                    sameShape(where + "." + f.getKey(), example.get(f.getKey()), f.getValue(), problems);
                }
            });
        } else if (answer.isArray() && example.size() > 0) {
            for (JsonNode item : answer) {
                sameShape(where + "[]", example.get(0), item, problems);
            }
        }
    }

    private static void assertSameShape(String name, JsonNode answer, String... required) throws Exception {
        List<String> problems = new ArrayList<>();
        sameShape(name, example(name), answer, problems);
        for (String field : required) {
            if (!answer.has(field)) {
                problems.add(name + "." + field + ": missing");
            }
        }
        assertTrue(problems.isEmpty(), problems + " in " + answer);
    }

    @Test
    void answersCarryTheFieldsAndTypesOfTheSpecsExamples() throws Exception {
        Answer boss = call("POST", "/systemusers", "{\"username\":\"grace.hopper\",\"email\":\"grace@acme.test\",\"state\":\"ACTIVATED\"}");
        Answer created = call("POST", "/systemusers", "{\"username\":\"ada.lovelace\",\"email\":\"ada@acme.test\",\"firstname\":\"Ada\","
                + "\"lastname\":\"Lovelace\",\"displayname\":\"Ada Lovelace\",\"employeeIdentifier\":\"factorial:1\",\"jobTitle\":\"Engineer\","
                + "\"department\":\"Engineering\",\"manager\":\"" + boss.body().path("_id").asText() + "\",\"state\":\"STAGED\"}");
        assertEquals(200, created.status());
        String id = created.body().path("_id").asText();
        assertSameShape("systemuser", created.body(), "_id", "username", "email", "state", "activated", "suspended", "organization", "created");
        assertFalse(created.body().has("id"), "SystemUserReturn has _id, not id");
        assertSameShape("systemuser", call("GET", "/systemusers/" + id, null).body(), "_id");
        assertSameShape("systemuser", call("PUT", "/systemusers/" + id, "{\"jobTitle\":\"Analyst\",\"manager\":null}").body(), "_id");

        Answer list = call("GET", "/systemusers?limit=10&sort=_id", null);
        assertSameShape("systemusers-list", list.body(), "totalCount", "results");
        assertEquals(2, list.body().path("results").size());
        Answer none = call("GET", "/systemusers?filter=" + URLEncoder.encode("email:$eq:nobody@acme.test", StandardCharsets.UTF_8), null);
        assertEquals(0, none.body().path("totalCount").asInt());
        assertTrue(none.body().path("results").isArray(), "no match: an empty list, still there");
        assertSameShape("systemusers-list", call("POST", "/search/systemusers", "{\"filter\":{\"and\":[{\"employeeIdentifier\":\"factorial:1\"}]}}").body(), "totalCount", "results");

        Answer group = call("POST", "/v2/usergroups", "{\"name\":\"Engineering\",\"description\":\"Builds things\"}");
        assertEquals(201, group.status());
        assertSameShape("usergroup", group.body(), "id", "name", "type");
        assertSameShape("usergroup", call("GET", "/v2/usergroups/" + group.body().path("id").asText(), null).body(), "id", "name", "type");
        for (JsonNode g : call("GET", "/v2/usergroups", null).body()) {
            assertSameShape("usergroup", g, "id", "name", "type");
        }

        for (Answer refused : List.of(call("POST", "/systemusers", "{\"username\":\"nomail\"}"), call("GET", "/systemusers/0123456789abcdef01234567", null),
                call("POST", "/v2/usergroups", "{\"name\":\"engineering\"}"))) {
            assertSameShape("error", refused.body(), "code", "message", "status");
            assertEquals(refused.status(), refused.body().path("code").asInt());
        }
        assertEquals(400, call("POST", "/systemusers", "{\"email\":\"x@acme.test\"}").status(), "username is required");
        assertEquals(400, call("POST", "/systemusers", "{\"username\":\"x\",\"email\":\"\"}").status(), "email is required");
    }

    @Test
    void aMultiTenantAdminsCallWithoutTheOrganisationIsRefusedAsJumpCloudRefusesIt() throws Exception {
        String org = "5f1a2b3c4d5e6f7a8b9c0d1e";
        jc.multiTenant(org);
        Answer missing = call("GET", "/systemusers", null);
        assertEquals(401, missing.status());
        assertEquals("ID not included for multi-tenant admin", missing.body().path("message").asText(), "the spec's words (v1 info, Multi-Tenant Portal Headers)");
        assertEquals(401, missing.body().path("code").asInt());
        Answer malformed = call("GET", "/v2/usergroups", null, Map.of("x-org-id", "acme"));
        assertEquals(400, malformed.status());
        assertEquals("Malformed ID.", malformed.body().path("message").asText());
        Answer other = call("GET", "/systemusers", null, Map.of("x-org-id", "000000000000000000000001"));
        assertEquals(404, other.status());
        assertEquals("Organization ID Not Found.", other.body().path("message").asText());
        assertEquals(200, call("GET", "/systemusers", null, Map.of("x-org-id", org)).status());
        assertEquals(201, call("POST", "/v2/usergroups", "{\"name\":\"Ops\"}", Map.of("x-org-id", org)).status());
        assertEquals(1, jc.callsWithoutOrgId());
    }

    @Test
    void theSearchMatchesFilterValuesExactlyColonsIncludedAndSearchTermsInPart() throws Exception {
        call("POST", "/systemusers", "{\"username\":\"GRACE.HOPPER\",\"email\":\"gh@acme.test\",\"employeeIdentifier\":\"factorial:3\"}");
        call("POST", "/systemusers", "{\"username\":\"grace.hopper1\",\"email\":\"gh1@acme.test\",\"employeeIdentifier\":\"factorial:31\"}");
        Answer byId = call("POST", "/search/systemusers", "{\"filter\":{\"and\":[{\"employeeIdentifier\":\"factorial:3\"}]}}");
        assertEquals(1, byId.body().path("totalCount").asInt());
        assertEquals("GRACE.HOPPER", byId.body().path("results").get(0).path("username").asText());
        assertEquals(2, call("POST", "/search/systemusers", "{\"filter\":{\"or\":[{\"employeeIdentifier\":\"factorial:3\"},{\"email\":\"gh1@acme.test\"}]}}")
                .body().path("totalCount").asInt());
        assertEquals(1, call("POST", "/search/systemusers", "{\"filter\":[{\"email\":\"gh1@acme.test\"}]}").body().path("totalCount").asInt(),
                "the spec's sample form: a list");

        String text = "{\"searchFilter\":{\"searchTerm\":\"grace.hopper\",\"fields\":[\"username\"]},\"fields\":\"username\"}";
        Answer found = call("POST", "/search/systemusers?limit=100", text);
        assertEquals(2, found.body().path("totalCount").asInt());
        JsonNode first = found.body().path("results").get(0);
        assertNotNull(first.get("_id"));
        assertEquals(List.of("_id", "username"), iterable(first), "only the fields asked for, and _id");
        jc.caseSensitiveSearch(true);
        assertEquals(1, call("POST", "/search/systemusers?limit=100", text).body().path("totalCount").asInt());
    }

    @Test
    void aDuplicateCanBeWordedAnotherWay() throws Exception {
        jc.directory().duplicateWording("%s is already in use");
        call("POST", "/systemusers", "{\"username\":\"ana\",\"email\":\"ana@acme.test\"}");
        Answer duplicate = call("POST", "/systemusers", "{\"username\":\"ANA\",\"email\":\"other@acme.test\"}");
        assertEquals(400, duplicate.status());
        assertEquals("username is already in use", duplicate.body().path("message").asText());
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
