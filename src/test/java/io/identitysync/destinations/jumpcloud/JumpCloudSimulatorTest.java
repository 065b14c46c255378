package io.identitysync.destinations.jumpcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.identitysync.simulators.Fault;
import io.identitysync.simulators.jumpcloud.JumpCloudSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JumpCloud simulator answers like JumpCloud's API as its published clients describe it. */
class JumpCloudSimulatorTest {

    private static final String KEY = "jc-key-9d1e77";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private JumpCloudSimulator jc;

    private record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    }

    private Answer call(String method, String path, String body) throws Exception {
        return call(method, path, body, KEY);
    }

    private Answer call(String method, String path, String body, String key) throws Exception {
        if (jc == null) {
            jc = new JumpCloudSimulator(0, KEY);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(jc.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("x-api-key", key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body()), response);
    }

    private String create(String username, String email, String extra) throws Exception {
        Answer a = call("POST", "/systemusers", "{\"username\":\"" + username + "\",\"email\":\"" + email + "\"" + extra + "}");
        assertEquals(200, a.status(), String.valueOf(a.body()));
        return a.body().path("_id").asText();
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @AfterEach
    void stop() {
        if (jc != null) {
            jc.close();
        }
    }

    @Test
    void aMissingOrWrongKeyIsRefusedWithJumpCloudsErrorBody() throws Exception {
        for (String key : new String[] {null, "wrong"}) {
            Answer a = call("GET", "/systemusers", null, key);
            assertEquals(401, a.status());
            assertEquals(401, a.body().path("code").asInt());
            assertEquals("UNAUTHENTICATED", a.body().path("status").asText());
        }
    }

    @Test
    void aCreatedUserIsStagedByDefaultAndEachUniqueFieldIsEnforced() throws Exception {
        Answer created = call("POST", "/systemusers", "{\"username\":\"ana.garcia\",\"email\":\"ana@acme.test\",\"employeeIdentifier\":\"4\","
                + "\"firstname\":\"Ana\",\"lastname\":\"García\"}");
        assertEquals(200, created.status());
        assertTrue(created.body().path("_id").asText().matches("[0-9a-f]{24}"));
        assertEquals("STAGED", created.body().path("state").asText());
        assertFalse(created.body().path("activated").asBoolean());
        assertEquals("ACTIVATED", call("POST", "/systemusers", "{\"username\":\"bo\",\"email\":\"bo@acme.test\",\"state\":\"ACTIVATED\"}").body().path("state").asText());

        for (String duplicate : List.of("{\"username\":\"ANA.GARCIA\",\"email\":\"x@acme.test\"}", "{\"username\":\"x\",\"email\":\"Ana@Acme.test\"}",
                "{\"username\":\"y\",\"email\":\"y@acme.test\",\"employeeIdentifier\":\"4\"}")) {
            Answer a = call("POST", "/systemusers", duplicate);
            assertEquals(400, a.status(), duplicate);
            assertTrue(a.body().path("message").asText().startsWith("User already exists"), a.body().toString());
        }
        assertEquals(400, call("POST", "/systemusers", "{\"username\":\"nomail\"}").status());
        assertEquals(400, call("POST", "/systemusers", "{\"username\":\"1abc\",\"email\":\"n@acme.test\"}").status(), "a username starts with a letter");
        assertEquals(400, call("POST", "/systemusers", "{\"username\":\"z\",\"email\":\"z@acme.test\",\"manager\":\"0123456789abcdef01234567\"}").status());
    }

    @Test
    void listsFilterSortAndPageAsTheV1ApiDoes() throws Exception {
        for (int i = 1; i <= 25; i++) {
            create("user" + i, "u" + i + "@acme.test", ",\"department\":\"" + (i % 2 == 0 ? "Even" : "Odd") + "\"");
        }
        Answer one = call("GET", "/systemusers?filter=" + q("email:$eq:u7@acme.test"), null);
        assertEquals(1, one.body().path("totalCount").asInt());
        assertEquals("user7", one.body().path("results").get(0).path("username").asText());
        Answer and = call("GET", "/systemusers?" + q("filter[0]") + "=" + q("department:$eq:Even") + "&" + q("filter[1]") + "=" + q("username:$ne:user2"), null);
        assertEquals(11, and.body().path("totalCount").asInt());
        Answer or = call("GET", "/systemusers?" + q("filter[or][0]") + "=" + q("username:$eq:user1") + "&" + q("filter[or][1]") + "=" + q("email:$eq:u3@acme.test"), null);
        assertEquals(2, or.body().path("totalCount").asInt());
        assertEquals(10, call("GET", "/systemusers", null).body().path("results").size(), "limit defaults to 10");
        Answer last = call("GET", "/systemusers?limit=10&skip=20&sort=_id", null);
        assertEquals(25, last.body().path("totalCount").asInt());
        assertEquals(5, last.body().path("results").size());
        assertEquals("user25", last.body().path("results").get(4).path("username").asText());
        assertEquals(400, call("GET", "/systemusers?limit=101", null).status());
        assertEquals(400, call("GET", "/systemusers?filter=" + q("email:eq:u1@acme.test"), null).status(), "v1 operators carry a $");
    }

    @Test
    void anUpdateMergesTheFieldsSentAndKeepsStatesConsistent() throws Exception {
        String boss = create("boss", "boss@acme.test", "");
        String id = create("ana", "ana@acme.test", ",\"jobTitle\":\"Engineer\"");
        Answer updated = call("PUT", "/systemusers/" + id, "{\"lastname\":\"García\",\"manager\":\"" + boss + "\"}");
        assertEquals(200, updated.status());
        assertEquals("Engineer", updated.body().path("jobTitle").asText(), "fields not sent stay");
        assertEquals(boss, updated.body().path("manager").asText());
        assertEquals(400, call("PUT", "/systemusers/" + id, "{\"state\":\"STAGED\"}").status());
        assertEquals(400, call("PUT", "/systemusers/" + id, "{\"state\":\"ACTIVATED\",\"suspended\":true}").status());
        Answer suspended = call("PUT", "/systemusers/" + id, "{\"suspended\":true}");
        assertEquals("SUSPENDED", suspended.body().path("state").asText());
        assertEquals("ACTIVATED", call("PUT", "/systemusers/" + id, "{\"state\":\"ACTIVATED\"}").body().path("state").asText());
        assertEquals(400, call("PUT", "/systemusers/" + id, "{\"email\":\"BOSS@acme.test\"}").status(), "still unique on update");
        assertEquals(404, call("PUT", "/systemusers/0123456789abcdef01234567", "{\"lastname\":\"X\"}").status());
        assertEquals(400, call("POST", "/systemusers/" + id + "/state/activate", "{}").status(), "only a staged user is activated");
        String staged = create("cy", "cy@acme.test", "");
        assertEquals(400, call("PUT", "/systemusers/" + staged, "{\"state\":\"ACTIVATED\"}").status(), "STAGED leaves for ACTIVATED by /state/activate only");
        assertEquals(400, call("PUT", "/systemusers/" + staged, "{\"suspended\":false}").status());
        Answer activated = call("POST", "/systemusers/" + staged + "/state/activate", "{\"email\":false}");
        assertEquals(200, activated.status());
        assertEquals("OK", activated.body().asText(), "the spec's answer is a string");
        assertEquals("ACTIVATED", call("GET", "/systemusers/" + staged, null).body().path("state").asText());
        assertEquals("false", jc.directory().activationEmails().get(staged));
        String leaver = create("dee", "dee@acme.test", "");
        assertEquals("SUSPENDED", call("PUT", "/systemusers/" + leaver, "{\"state\":\"SUSPENDED\"}").body().path("state").asText(),
                "a STAGED user can be suspended");

        assertEquals(409, call("DELETE", "/systemusers/" + boss, null).status(), "a manager is not deleted while someone reports to them");
        assertEquals(200, call("DELETE", "/systemusers/" + boss + "?cascade_manager=null", null).status());
        assertTrue(call("GET", "/systemusers/" + id, null).body().path("manager").isMissingNode(), "a field without a value is absent, not null");
        assertEquals(404, call("GET", "/systemusers/" + boss, null).status());
    }

    @Test
    void userGroupsAndTheirMembersAnswerAsTheV2ApiDoes() throws Exception {
        String ana = create("ana", "ana@acme.test", "");
        Answer group = call("POST", "/v2/usergroups", "{\"name\":\"Engineering\"}");
        assertEquals(201, group.status());
        String id = group.body().path("id").asText();
        assertEquals("user_group", group.body().path("type").asText());
        assertEquals(409, call("POST", "/v2/usergroups", "{\"name\":\"engineering\"}").status());
        Answer found = call("GET", "/v2/usergroups?filter=" + q("name:eq:Engineering"), null);
        assertTrue(found.body().isArray());
        assertEquals("1", found.raw().headers().firstValue("X-Total-Count").orElse(null));

        String add = "{\"op\":\"add\",\"type\":\"user\",\"id\":\"" + ana + "\"}";
        assertEquals(204, call("POST", "/v2/usergroups/" + id + "/members", add).status());
        Answer again = call("POST", "/v2/usergroups/" + id + "/members", add);
        assertEquals(409, again.status());
        assertEquals("Already Exists", again.body().path("message").asText());
        assertEquals(ana, call("GET", "/v2/usergroups/" + id + "/members", null).body().get(0).path("to").path("id").asText());
        String remove = "{\"op\":\"remove\",\"type\":\"user\",\"id\":\"" + ana + "\"}";
        assertEquals(204, call("POST", "/v2/usergroups/" + id + "/members", remove).status());
        assertEquals(404, call("POST", "/v2/usergroups/" + id + "/members", remove).status());
    }

    @Test
    void faultsAndTheRateLimitAreServedPerOperation() throws Exception {
        call("GET", "/systemusers", null);
        jc.fault("POST /systemusers", 1, Fault.status(503));
        assertEquals(503, call("POST", "/systemusers", "{\"username\":\"a\",\"email\":\"a@acme.test\"}").status());
        assertEquals(200, call("POST", "/systemusers", "{\"username\":\"a\",\"email\":\"a@acme.test\"}").status());
        assertEquals(2, jc.calls("POST /systemusers"));
        assertEquals(400, call("POST", "/systemusers", "not json").status());

        jc.rateLimit(2, 60_000, "3");
        call("GET", "/systemusers", null);
        call("GET", "/systemusers", null);
        Answer limited = call("GET", "/systemusers", null);
        assertEquals(429, limited.status());
        assertEquals("3", limited.raw().headers().firstValue("Retry-After").orElse(null));
    }
}
