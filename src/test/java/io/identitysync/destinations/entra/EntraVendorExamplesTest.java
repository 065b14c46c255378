package io.identitysync.destinations.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.directories.DirectoryException;
import io.identitysync.destinations.directories.DirectoryHttp;
import io.identitysync.simulators.Fault;
import io.identitysync.simulators.entra.EntraSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.HttpsURLConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Entra simulator against Microsoft's published examples (src/test/resources/vendor/entra-id, README there): it
 * takes Microsoft's own create request and answers with the published fields, lists as Graph lists, refuses with
 * Graph's error body and the token endpoint's, and our client reads Microsoft's error example in Microsoft's words.
 */
class EntraVendorExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private EntraSimulator entra;
    private DirectoryHttp http;

    @BeforeAll
    static void trust() throws Exception {
        EntraSimulator.trustInThisJvm();
    }

    @BeforeEach
    void start() throws Exception {
        entra = new EntraSimulator(EntraDirectoryTest.TENANT, EntraDirectoryTest.CLIENT, EntraDirectoryTest.SECRET, "contoso.onmicrosoft.com", "contoso.com");
        DirectoryConfig config = new DirectoryConfig("entra", "entra-id", entra.baseUrl(), "directories.entra.client-secret", List.of(), false,
                "STAGED", "suspend", "suspend", "", Map.of("tenant-id", EntraDirectoryTest.TENANT, "client-id", EntraDirectoryTest.CLIENT,
                "login-url", entra.loginUrl(), "domain", "contoso.com"));
        EntraTokens tokens = EntraTokens.of(config, EntraDirectoryTest.SECRET, Duration.ofSeconds(10));
        http = new DirectoryHttp("Entra ID", entra.baseUrl(), tokens::headers, Duration.ofSeconds(10), DirectoryHttp.JSON_MEDIA_TYPE, config.tokenKey());
    }

    @AfterEach
    void stop() {
        entra.close();
    }

    static JsonNode example(String name) throws IOException {
        try (InputStream in = EntraVendorExamplesTest.class.getResourceAsStream("/vendor/entra-id/" + name)) {
            return JSON.readTree(in);
        }
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> out = new TreeSet<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void microsoftsCreateRequestIsTakenAndAnsweredWithThePublishedFields() throws Exception {
        DirectoryHttp.Answer created = http.send("POST", "/users", example("create-user-request.json"));
        assertEquals(201, created.status());
        JsonNode published = example("create-user-response.json");
        assertEquals(keys(published), keys(created.body()), created.body().toString());
        assertTrue(created.body().path("id").asText().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "a GUID string");
        assertTrue(created.body().path("businessPhones").isArray() && created.body().path("businessPhones").isEmpty(), "an empty list, as published");
        assertEquals("https://graph.microsoft.com/v1.0/$metadata#users/$entity".replace("https://graph.microsoft.com/v1.0", entra.baseUrl()),
                created.body().path("@odata.context").asText());
    }

    @Test
    void aListHasThePublishedShapeWithUnsetDefaultPropertiesNull() throws Exception {
        http.send("POST", "/users", example("create-user-request.json"));
        JsonNode page = http.send("GET", "/users", null).body();
        JsonNode published = example("list-users-response.json");
        assertEquals(keys(published), keys(page));
        assertEquals(keys(published.path("value").get(0)), keys(page.path("value").get(0)));
        assertTrue(page.path("value").get(0).path("jobTitle").isNull(), "unset, reported as null as Graph does");
    }

    @Test
    void eachRequiredPropertyMissingIsRefusedWithGraphsErrorBody() throws Exception {
        JsonNode publishedError = example("error-response.json").path("error");
        for (String required : List.of("accountEnabled", "displayName", "mailNickname", "userPrincipalName", "passwordProfile")) {
            ObjectNode request = (ObjectNode) example("create-user-request.json");
            request.remove(required);
            DirectoryException e = assertThrows(DirectoryException.class, () -> http.send("POST", "/users", request));
            assertEquals(400, e.status(), required);
            assertTrue(e.getMessage().contains("A value is required for property '" + required + "' of resource 'User'.")
                    && e.getMessage().contains("code Request_BadRequest"), e.getMessage());
        }
        java.net.http.HttpResponse<String> raw = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                URI.create(entra.baseUrl() + "/users/nobody@contoso.com")).header("Authorization", "Bearer not-a-token").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        JsonNode error = JSON.readTree(raw.body()).path("error");
        assertEquals(401, raw.statusCode());
        assertTrue(keys(error).containsAll(keys(publishedError)), error.toString());
        assertTrue(keys(error.path("innerError")).containsAll(keys(publishedError.path("innerError"))), error.toString());
    }

    @Test
    void microsoftsOwnErrorExampleReachesUsInItsWords() {
        entra.fault("GET /users", 1, new Fault(Fault.Kind.ANSWER, 416, "{\"error\":{\"code\":\"invalidRange\",\"message\":\"Uploaded fragment overlaps "
                + "with existing data.\",\"innerError\":{\"request-id\":\"request-id\",\"date\":\"date-time\"}}}", Map.of(), 0));
        DirectoryException e = assertThrows(DirectoryException.class, () -> http.send("GET", "/users", null));
        assertTrue(e.getMessage().endsWith("HTTP 416 (Uploaded fragment overlaps with existing data.; code invalidRange)"), e.getMessage());
        assertEquals(DirectoryException.Kind.PERMANENT, e.kind());
    }

    @Test
    void theTokenEndpointAnswersAndRefusesWithThePublishedFields() throws Exception {
        String form = "client_id=" + EntraDirectoryTest.CLIENT + "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&grant_type=client_credentials&client_secret=";
        Answer ok = post(entra.loginUrl() + "/" + EntraDirectoryTest.TENANT + "/oauth2/v2.0/token", form + "Qx8~simulated.client-secret_41f0");
        assertEquals(200, ok.status());
        assertTrue(keys(ok.body()).containsAll(keys(example("token-response.json"))), ok.body().toString());
        assertEquals("Bearer", ok.body().path("token_type").asText());

        Answer refused = post(entra.loginUrl() + "/" + EntraDirectoryTest.TENANT + "/oauth2/v2.0/token", form + "wrong");
        assertEquals(401, refused.status());
        assertTrue(keys(refused.body()).containsAll(keys(example("token-error-response.json"))), refused.body().toString());
        assertEquals("invalid_client", refused.body().path("error").asText());
        assertTrue(refused.body().path("error_description").asText().startsWith("AADSTS7000215: "));
        assertEquals(7000215, refused.body().path("error_codes").get(0).asInt());
    }

    private record Answer(int status, JsonNode body) {
    }

    /** A form POST over TLS, as MSAL makes it (HttpsURLConnection, trusting the simulator). */
    private static Answer post(String url, String form) throws IOException {
        HttpsURLConnection c = (HttpsURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        try (OutputStream out = c.getOutputStream()) {
            out.write(form.getBytes(StandardCharsets.UTF_8));
        }
        int status = c.getResponseCode();
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            return new Answer(status, JSON.readTree(in));
        }
    }
}
