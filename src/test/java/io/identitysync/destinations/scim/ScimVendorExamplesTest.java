package io.identitysync.destinations.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.messages.ErrorResponse;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.UserResource;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.identitysync.simulators.scim.ScimDirectory;
import io.identitysync.simulators.scim.ScimSimulator;
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
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SCIM simulator answers as RFC 7643/7644 define, field for field: each answer carries the fields of the RFC's
 * own example (src/test/resources/vendor/scim) with the same JSON types, optional ones aside, and UnboundID's SCIM 2
 * SDK reads both the example and the answer as the same kind of message.
 */
class ScimVendorExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "scim-examples-token-77";
    private static final String SCIM_JSON = "application/scim+json";
    private final HttpClient client = HttpClient.newHttpClient();
    private ScimSimulator scim;

    @BeforeEach
    void start() throws Exception {
        scim = new ScimSimulator(0, TOKEN, Clock.fixed(Instant.parse("2026-03-02T09:30:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        scim.close();
    }

    private static JsonNode example(String name) throws Exception {
        try (InputStream in = ScimVendorExamplesTest.class.getResourceAsStream("/vendor/scim/" + name + ".json")) {
            JsonNode file = JSON.readTree(in);
            assertTrue(file.path("source").asText().startsWith("RFC 764"), name + " names its source");
            return file.get("example");
        }
    }

    private HttpResponse<String> call(String method, String path, JsonNode body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(scim.baseUrl() + path)).header("Authorization", "Bearer " + TOKEN)
                .header("Accept", SCIM_JSON);
        if (body != null) {
            b.header("Content-Type", SCIM_JSON);
        }
        HttpResponse<String> r = client.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(SCIM_JSON, r.headers().firstValue("Content-Type").orElse(""), "RFC 7644 §3.1: answered as application/scim+json");
        return r;
    }

    /**
     * Every field of the example is in the answer with the same JSON type (recursively; an array's elements against
     * the example's first), except the optional ones, named by dotted path ("meta.version", "members.$ref").
     */
    static List<String> shapeDifferences(String at, JsonNode example, JsonNode actual, Set<String> optional) {
        List<String> out = new ArrayList<>();
        if (example.getNodeType() != actual.getNodeType()) {
            out.add((at.isEmpty() ? "(root)" : at) + ": " + example.getNodeType() + " in the example, " + actual.getNodeType() + " in the answer");
            return out;
        }
        if (example.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = example.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String path = at.isEmpty() ? f.getKey() : at + "." + f.getKey();
                if (!actual.has(f.getKey())) {
                    if (!optional.contains(path)) {
                        out.add(path + ": missing");
                    }
                } else {
                    out.addAll(shapeDifferences(path, f.getValue(), actual.get(f.getKey()), optional));
                }
            }
        } else if (example.isArray() && !example.isEmpty()) {
            for (JsonNode element : actual) {
                out.addAll(shapeDifferences(at, example.get(0), element, optional));
            }
        }
        return out;
    }

    private ObjectNode user(String userName) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("schemas").add(ScimDirectory.USER_SCHEMA);
        body.put("userName", userName);
        HttpResponse<String> created = call("POST", "/Users", body);
        assertEquals(201, created.statusCode(), created.body());
        return (ObjectNode) JSON.readTree(created.body());
    }

    @Test
    void aUserIsAnsweredAsRfc7643MinimalUser() throws Exception {
        String id = user("bjensen@example.com").path("id").asText();
        JsonNode answer = JSON.readTree(call("GET", "/Users/" + id, null).body());
        JsonNode example = example("rfc7643-8.1-minimal-user");
        // meta.version is the ETag, only with ServiceProviderConfig etag.supported, which this provider says false.
        assertEquals(List.of(), shapeDifferences("", example, answer, Set.of("meta.version")));
        assertEquals(scim.baseUrl() + "/Users/" + id, answer.path("meta").path("location").asText(), "meta.location is the resource's URI");
        assertEquals("2026-03-02T09:30:00Z", answer.path("meta").path("created").asText());
        UserResource theirs = JsonUtils.getObjectReader().treeToValue(example, UserResource.class);
        UserResource ours = JsonUtils.getObjectReader().treeToValue(answer, UserResource.class);
        assertEquals(theirs.getMeta().getResourceType(), ours.getMeta().getResourceType());
        assertEquals("bjensen@example.com", ours.getUserName());
    }

    @Test
    void aGroupIsAnsweredAsRfc7643Group() throws Exception {
        String member = user("bjensen").path("id").asText();
        ObjectNode group = JSON.createObjectNode();
        group.putArray("schemas").add(ScimDirectory.GROUP_SCHEMA);
        group.put("displayName", "Tour Guides").putArray("members").addObject().put("value", member);
        String id = JSON.readTree(call("POST", "/Groups", group).body()).path("id").asText();
        JsonNode answer = JSON.readTree(call("GET", "/Groups/" + id, null).body());
        assertEquals(List.of(), shapeDifferences("", example("rfc7643-8.4-group"), answer, Set.of("meta.version", "members.$ref", "members.display")));
        JsonUtils.getObjectReader().treeToValue(example("rfc7643-8.4-group"), GroupResource.class);
        assertEquals(member, JsonUtils.getObjectReader().treeToValue(answer, GroupResource.class).getMembers().get(0).getValue());
    }

    @Test
    void aQueryIsAnsweredAsRfc7644ListResponse() throws Exception {
        user("bjensen");
        user("jsmith");
        JsonNode answer = JSON.readTree(call("GET", "/Users?startIndex=1&count=10", null).body());
        assertEquals(List.of(), shapeDifferences("", example("rfc7644-3.4.2-list-response"), answer, Set.of()));
        // With paging asked for, startIndex and itemsPerPage are given too (RFC 7644 §3.4.2.4), as numbers.
        assertTrue(answer.path("startIndex").isInt() && answer.path("itemsPerPage").isInt(), answer.toString());
        ListResponse<?> ours = JsonUtils.getObjectReader().forType(JsonUtils.createObjectMapper().getTypeFactory().constructParametricType(ListResponse.class,
                GenericScimResource.class)).readValue(answer);
        assertEquals(2, ours.getTotalResults());
        assertEquals(2, ours.getResources().size());
        ListResponse<?> theirs = JsonUtils.getObjectReader().forType(JsonUtils.createObjectMapper().getTypeFactory().constructParametricType(ListResponse.class,
                GenericScimResource.class)).readValue(example("rfc7644-3.4.2-list-response"));
        assertEquals(theirs.getTotalResults(), ours.getTotalResults());

        JsonNode none = JSON.readTree(call("GET", "/Users?filter=" + java.net.URLEncoder.encode("userName eq \"nobody\"", "UTF-8"), null).body());
        assertEquals(0, none.path("totalResults").asInt());
        assertTrue(!none.has("Resources"), "Resources is required only when totalResults is non-zero (RFC 7644 §3.4.2)");
    }

    @Test
    void errorsAreAnsweredAsRfc7644ErrorsWithStatusAsAString() throws Exception {
        HttpResponse<String> notFound = call("GET", "/Users/2819c223-7f76-453a-919d-413861904646", null);
        assertEquals(404, notFound.statusCode());
        JsonNode answer = JSON.readTree(notFound.body());
        JsonNode example = example("rfc7644-3.12-error-not-found");
        assertEquals(List.of(), shapeDifferences("", example, answer, Set.of()));
        assertEquals(example.path("detail").asText(), answer.path("detail").asText(), "the RFC's own words for a missing resource");
        assertEquals(404, JsonUtils.getObjectReader().treeToValue(answer, ErrorResponse.class).getStatus());

        ObjectNode noUserName = JSON.createObjectNode();
        noUserName.putArray("schemas").add(ScimDirectory.USER_SCHEMA);
        noUserName.put("externalId", "701984");
        HttpResponse<String> refused = call("POST", "/Users", noUserName);
        assertEquals(400, refused.statusCode(), "userName is required (RFC 7643 §4.1)");
        JsonNode error = JSON.readTree(refused.body());
        assertEquals(List.of(), shapeDifferences("", example, error, Set.of()));
        assertEquals("400", error.path("status").asText());
        assertTrue(error.path("status").isTextual());
        assertEquals("invalidValue", error.path("scimType").asText());
        ErrorResponse parsed = JsonUtils.getObjectReader().treeToValue(error, ErrorResponse.class);
        assertEquals("invalidValue", parsed.getScimType());
        assertTrue(scim.directory().users().isEmpty(), "nothing stored");
    }
}
