package io.identitysync.destinations.googleworkspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.simulators.googleworkspace.GoogleWorkspaceSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Iterator;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator's answers against Google's published model (src/test/resources/vendor/google-workspace: the
 * admin:directory_v1 discovery document's schemas, and the error bodies of Google's "Handle API errors" guide): every
 * field it answers is one the model has, with the model's JSON type.
 */
class GoogleWorkspaceVendorExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    private GoogleWorkspaceSimulator gw;
    private GoogleTokens tokens;
    private GoogleTokens groupTokens;

    @BeforeEach
    void start() throws Exception {
        KeyPair pair = GoogleWorkspaceDirectoryTest.rsa();
        gw = new GoogleWorkspaceSimulator(0, pair.getPublic(), GoogleWorkspaceDirectoryTest.CLIENT_EMAIL, GoogleWorkspaceDirectoryTest.ADMIN);
        Path key = dir.resolve("key.json");
        Files.writeString(key, GoogleWorkspaceDirectoryTest.keyFile(pair, gw.tokenUri()));
        TokenEndpointWords words = new TokenEndpointWords();
        tokens = new GoogleTokens(ServiceAccountKey.load(key.toString(), GoogleWorkspaceDirectoryTest.ADMIN, ServiceAccountKey.scopes(false), words),
                words, "test", "key");
        groupTokens = new GoogleTokens(ServiceAccountKey.load(key.toString(), GoogleWorkspaceDirectoryTest.ADMIN, ServiceAccountKey.scopes(true), words),
                words, "test", "key");
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    private static JsonNode example(String name) throws Exception {
        try (InputStream in = GoogleWorkspaceVendorExamplesTest.class.getResourceAsStream("/vendor/google-workspace/" + name)) {
            assertNotNull(in, name);
            JsonNode file = JSON.readTree(in);
            assertTrue(file.path("source").asText().length() > 20, "an example names its source");
            return file.path("example");
        }
    }

    private HttpResponse<String> call(String method, String path, JsonNode body) throws Exception {
        return call(tokens, method, path, body);
    }

    private HttpResponse<String> call(GoogleTokens with, String method, String path, JsonNode body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.baseUrl() + path)).header("Authorization", "Bearer " + with.token())
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every field of {@code answer} is a property of {@code schema} with its JSON type ("any": a list here). */
    private static void conforms(JsonNode answer, JsonNode schema, String where) {
        for (Iterator<Map.Entry<String, JsonNode>> it = answer.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode property = schema.path("properties").path(f.getKey());
            assertTrue(property.isObject(), where + "." + f.getKey() + " is not in Google's model");
            String type = property.has("$ref") ? "object" : property.path("type").asText();
            JsonNode v = f.getValue();
            boolean ok = switch (type) {
                case "string" -> v.isTextual();
                case "boolean" -> v.isBoolean();
                case "integer" -> v.isIntegralNumber();
                case "array", "any" -> v.isArray();
                case "object" -> v.isObject();
                default -> false;
            };
            assertTrue(ok, where + "." + f.getKey() + " should be " + type + ", was " + v);
        }
    }

    /** The same fields with the same JSON types, recursively (lists: their first element). */
    private static void sameShape(JsonNode example, JsonNode answer, String where) {
        assertEquals(example.getNodeType(), answer.getNodeType(), where);
        if (example.isObject()) {
            example.fieldNames().forEachRemaining(k -> {
                assertTrue(answer.has(k), where + "." + k + " missing in " + answer);
                sameShape(example.get(k), answer.get(k), where + "." + k);
            });
            answer.fieldNames().forEachRemaining(k -> assertTrue(example.has(k), where + "." + k + " is not in the example"));
        } else if (example.isArray() && example.size() > 0) {
            sameShape(example.get(0), answer.get(0), where + "[0]");
        }
    }

    @Test
    void usersAndTheirListCarryTheDiscoveryDocumentsFieldsAndTypes() throws Exception {
        ObjectNode body = JSON.createObjectNode().put("primaryEmail", "ada@example.com").put("password", "a-long-random-password-1")
                .put("changePasswordAtNextLogin", true).put("orgUnitPath", "/").put("suspended", true);
        body.putObject("name").put("givenName", "Ada").put("familyName", "Lovelace");
        body.putArray("externalIds").addObject().put("value", "1").put("type", "organization");
        body.putArray("organizations").addObject().put("title", "Engineer").put("department", "Engineering").put("primary", true);
        body.putArray("relations").addObject().put("value", "grace@example.com").put("type", "manager");
        HttpResponse<String> created = call("POST", "/admin/directory/v1/users", body);
        assertEquals(200, created.statusCode(), created.body());
        JsonNode user = JSON.readTree(created.body());
        conforms(user, example("user-schema-types.json"), "User");
        conforms(user.path("name"), example("user-name-schema.json"), "User.name");
        conforms(user.path("externalIds").get(0), example("user-externalid-schema.json"), "User.externalIds[0]");
        conforms(user.path("relations").get(0), example("user-relation-schema.json"), "User.relations[0]");
        assertTrue(!user.has("password"), "the password is write-only");

        call("POST", "/admin/directory/v1/users", body.put("primaryEmail", "alan@example.com"));
        JsonNode page = JSON.readTree(call("GET", "/admin/directory/v1/users?customer=my_customer&maxResults=1", null).body());
        conforms(page, example("users-list-schema.json"), "Users");
        assertEquals("1", page.path("nextPageToken").asText());
        JsonNode none = JSON.readTree(call("GET", "/admin/directory/v1/users?customer=my_customer&query=" + "externalId:nobody", null).body());
        conforms(none, example("users-list-schema.json"), "Users");
        assertTrue(!none.has("users"), "no users: the list is absent, as Google omits empty fields");
    }

    @Test
    void refusalsCarryGooglesErrorBody() throws Exception {
        gw.fault("GET /users", 1, GoogleWorkspaceSimulator.quota(403, "userRateLimitExceeded"));
        gw.fault("GET /users", 2, GoogleWorkspaceSimulator.quota(429, "rateLimitExceeded"));
        HttpResponse<String> user = call("GET", "/admin/directory/v1/users?customer=my_customer", null);
        assertEquals(403, user.statusCode());
        assertEquals(example("error-403-user-rate-limit.json"), JSON.readTree(user.body()), "word for word");
        HttpResponse<String> project = call("GET", "/admin/directory/v1/users?customer=my_customer", null);
        assertEquals(429, project.statusCode());
        assertEquals(example("error-429-rate-limit.json"), JSON.readTree(project.body()));

        ObjectNode body = JSON.createObjectNode().put("primaryEmail", "ada@example.com").put("password", "a-long-random-password-1");
        body.putObject("name").put("givenName", "Ada").put("familyName", "Lovelace");
        call("POST", "/admin/directory/v1/users", body);
        HttpResponse<String> duplicate = call("POST", "/admin/directory/v1/users", body);
        assertEquals(409, duplicate.statusCode());
        sameShape(example("error-409-duplicate.json"), JSON.readTree(duplicate.body()), "error");
        assertEquals("duplicate", JSON.readTree(duplicate.body()).path("error").path("errors").get(0).path("reason").asText());
        HttpResponse<String> missing = call("GET", "/admin/directory/v1/users/nobody@example.com", null);
        assertEquals(404, missing.statusCode());
        sameShape(example("error-409-duplicate.json"), JSON.readTree(missing.body()), "error");
    }

    @Test
    void groupsAndMembersCarryTheDiscoveryDocumentsFieldsAndTypes() throws Exception {
        ObjectNode user = JSON.createObjectNode().put("primaryEmail", "ada@example.com").put("password", "a-long-random-password-1");
        user.putObject("name").put("givenName", "Ada").put("familyName", "Lovelace");
        call("POST", "/admin/directory/v1/users", user);
        ObjectNode body = JSON.createObjectNode().put("email", "engineering@example.com").put("name", "Engineering").put("description", "Eng");
        HttpResponse<String> created = call(groupTokens, "POST", "/admin/directory/v1/groups", body);
        assertEquals(200, created.statusCode(), created.body());
        JsonNode group = JSON.readTree(created.body());
        conforms(group, example("group-schema.json"), "Group");
        assertEquals("admin#directory#group", group.path("kind").asText());
        assertEquals("0", group.path("directMembersCount").asText(), "int64: a string");

        ObjectNode member = JSON.createObjectNode().put("email", "ada@example.com").put("role", "MEMBER");
        HttpResponse<String> added = call(groupTokens, "POST", "/admin/directory/v1/groups/engineering%40example.com/members", member);
        assertEquals(200, added.statusCode(), added.body());
        JsonNode m = JSON.readTree(added.body());
        conforms(m, example("member-schema.json"), "Member");
        assertEquals("admin#directory#member", m.path("kind").asText());
        assertEquals("USER", m.path("type").asText());
        HttpResponse<String> again = call(groupTokens, "POST", "/admin/directory/v1/groups/engineering%40example.com/members", member);
        assertEquals(409, again.statusCode());
        sameShape(example("error-409-duplicate.json"), JSON.readTree(again.body()), "error");
        assertEquals("Member already exists.", JSON.readTree(again.body()).path("error").path("message").asText());

        JsonNode page = JSON.readTree(call(groupTokens, "GET", "/admin/directory/v1/groups?domain=example.com", null).body());
        assertEquals("admin#directory#groups", page.path("kind").asText());
        conforms(page.path("groups").get(0), example("group-schema.json"), "Groups.groups[0]");
        assertEquals("1", page.path("groups").get(0).path("directMembersCount").asText());

        HttpResponse<String> removed = call(groupTokens, "DELETE", "/admin/directory/v1/groups/" + group.path("id").asText() + "/members/" + m.path("id").asText(), null);
        assertEquals(204, removed.statusCode(), removed.body());
        HttpResponse<String> gone = call(groupTokens, "DELETE", "/admin/directory/v1/groups/" + group.path("id").asText() + "/members/" + m.path("id").asText(), null);
        assertEquals(404, gone.statusCode());
        assertEquals("Resource Not Found: memberKey", JSON.readTree(gone.body()).path("error").path("message").asText());
        HttpResponse<String> noGroup = call(groupTokens, "GET", "/admin/directory/v1/groups/nobody%40example.com", null);
        assertEquals(404, noGroup.statusCode());
        sameShape(example("error-409-duplicate.json"), JSON.readTree(noGroup.body()), "error");
    }

    @Test
    void aGroupCallWithATokenWithoutTheGroupScopesIsRefusedAsGoogleRefusesIt() throws Exception {
        HttpResponse<String> refused = call(tokens, "GET", "/admin/directory/v1/groups?customer=my_customer", null);
        assertEquals(403, refused.statusCode());
        JsonNode error = JSON.readTree(refused.body()).path("error");
        assertEquals("Request had insufficient authentication scopes.", error.path("message").asText());
        assertEquals("insufficientPermissions", error.path("errors").get(0).path("reason").asText());
        assertEquals("PERMISSION_DENIED", error.path("status").asText());
    }
}
