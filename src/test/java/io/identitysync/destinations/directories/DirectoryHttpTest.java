package io.identitysync.destinations.directories;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.identitysync.simulators.Fault;
import io.identitysync.simulators.jumpcloud.JumpCloudSimulator;
import io.identitysync.simulators.okta.OktaSimulator;
import io.identitysync.simulators.scim.ScimSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden tests of what the operator reads when a directory refuses a request: the vendor's own words in full
 * (JumpCloud's message and details, SCIM's detail and scimType, Okta's errorSummary and errorCauses, the start of any other body), and on 401/403 the
 * configuration key of the credential.
 */
class DirectoryHttpTest {

    private static final String JC_KEY = "jc-api-key-0a1b";
    private static final String SCIM_TOKEN = "scim-token-9f8e";
    private JumpCloudSimulator jc;
    private ScimSimulator scim;

    @AfterEach
    void stop() {
        if (jc != null) {
            jc.close();
        }
        if (scim != null) {
            scim.close();
        }
    }

    private static DirectoryException refused(DirectoryHttp http, String method, String path) {
        return assertThrows(DirectoryException.class, () -> http.send(method, path, method.equals("GET") ? null : new ObjectMapper().createObjectNode()));
    }

    private static Fault answer(int status, String contentType, String body) {
        return new Fault(Fault.Kind.ANSWER, status, body, Map.of("Content-Type", contentType), 0);
    }

    @Test
    void jumpCloudRefusedKeyNamesTheKeyToCheck() throws Exception {
        jc = new JumpCloudSimulator(0, JC_KEY);
        DirectoryHttp http = new DirectoryHttp("JumpCloud (directory jc)", jc.baseUrl(), Map.of("x-api-key", "wrong-key"), Duration.ofSeconds(5),
                DirectoryHttp.JSON_MEDIA_TYPE, "directories.jc.api-token");
        DirectoryException e = refused(http, "GET", "/systemusers?limit=1");
        assertEquals(DirectoryException.Kind.CREDENTIAL, e.kind());
        assertEquals("JumpCloud (directory jc): GET /systemusers?limit=1: HTTP 401 (Unauthorized); check directories.jc.api-token", e.getMessage());
    }

    @Test
    void jumpCloudErrorDetailsAreShownWithTheirFieldViolations() throws Exception {
        jc = new JumpCloudSimulator(0, JC_KEY);
        // The shape jcapi1's openapi.yaml documents for POST /systemusers?fullValidationDetails=password (ErrorDetails).
        jc.fault("POST /systemusers", 1, answer(400, "application/json", """
                {"code":400,"message":"Password validation fail","status":"INVALID_ARGUMENT","details":[{"fieldViolationsList":\
                [{"field":"password","description":"specialCharacter"}],"@type":"type.googleapis.com/google.rpc.BadRequest"}]}"""));
        DirectoryHttp http = new DirectoryHttp("JumpCloud (directory jc)", jc.baseUrl(), Map.of("x-api-key", JC_KEY), Duration.ofSeconds(5));
        DirectoryException e = refused(http, "POST", "/systemusers");
        assertEquals(DirectoryException.Kind.PERMANENT, e.kind());
        assertEquals("JumpCloud (directory jc): POST /systemusers: HTTP 400 (Password validation fail; password: specialCharacter)", e.getMessage());
    }

    @Test
    void jumpCloudDetailsOfAnotherKindAreShownWithoutTheirType() throws Exception {
        jc = new JumpCloudSimulator(0, JC_KEY);
        jc.fault("POST /systemusers", 1, answer(400, "application/json", """
                {"code":400,"message":"Bad Request","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo",\
                "reason":"USERNAME_TAKEN"}]}"""));
        DirectoryHttp http = new DirectoryHttp("JumpCloud (directory jc)", jc.baseUrl(), Map.of("x-api-key", JC_KEY), Duration.ofSeconds(5));
        assertEquals("JumpCloud (directory jc): POST /systemusers: HTTP 400 (Bad Request; USERNAME_TAKEN)", refused(http, "POST", "/systemusers").getMessage());
    }

    @Test
    void scimDetailComesWithItsScimType() throws Exception {
        scim = new ScimSimulator(0, SCIM_TOKEN);
        DirectoryHttp http = scimHttp(SCIM_TOKEN);
        DirectoryException e = refused(http, "GET", "/Users?filter=title%20sw%20%22x%22");
        assertEquals("SCIM (directory okta): GET /Users?filter=title%20sw%20%22x%22: HTTP 400 (unsupported filter: title sw \"x\"; scimType invalidFilter)",
                e.getMessage());
        assertEquals(DirectoryException.Kind.PERMANENT, e.kind());
    }

    @Test
    void scimRefusedTokenNamesTheKeyToCheck() throws Exception {
        scim = new ScimSimulator(0, SCIM_TOKEN);
        DirectoryException e = refused(scimHttp("not-the-token"), "GET", "/Users");
        assertEquals(DirectoryException.Kind.CREDENTIAL, e.kind());
        assertEquals("SCIM (directory okta): GET /Users: HTTP 401 (Authorization failure. The authorization header is invalid or missing.); "
                + "check directories.okta.api-token", e.getMessage());
    }

    @Test
    void aForbiddenAnswerWithoutABodyStillNamesTheKey() throws Exception {
        scim = new ScimSimulator(0, SCIM_TOKEN);
        scim.fault("GET /Users", 1, answer(403, "text/plain", ""));
        assertEquals("SCIM (directory okta): GET /Users: HTTP 403; check directories.okta.api-token", refused(scimHttp(SCIM_TOKEN), "GET", "/Users").getMessage());
    }

    @Test
    void aBodyThatIsNotJsonIsShownByItsFirst200Characters() throws Exception {
        scim = new ScimSimulator(0, SCIM_TOKEN);
        String page = "<html><head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center>\n" + "<!-- padding -->".repeat(20)
                + "</body></html>";
        scim.fault("GET /Users", 1, answer(502, "text/html", page));
        DirectoryException e = refused(scimHttp(SCIM_TOKEN), "GET", "/Users");
        assertEquals(DirectoryException.Kind.TRANSIENT, e.kind());
        String shown = page.replaceAll("\\s+", " ").substring(0, 200);
        assertEquals("SCIM (directory okta): GET /Users: HTTP 502 (" + shown + "…)", e.getMessage());
    }

    @Test
    void aJsonBodyOfAnotherShapeIsShownAsItIs() throws Exception {
        scim = new ScimSimulator(0, SCIM_TOKEN);
        scim.fault("GET /Users", 1, answer(400, "application/json", "{\"error\":\"invalid_request\",\"error_description\":\"tenant is suspended\"}"));
        assertEquals("SCIM (directory okta): GET /Users: HTTP 400 ({\"error\":\"invalid_request\",\"error_description\":\"tenant is suspended\"})",
                refused(scimHttp(SCIM_TOKEN), "GET", "/Users").getMessage());
    }

    private DirectoryHttp scimHttp(String token) {
        return new DirectoryHttp("SCIM (directory okta)", scim.baseUrl(), Map.of("Authorization", "Bearer " + token), Duration.ofSeconds(5),
                "application/scim+json", "directories.okta.api-token");
    }

    @Test
    void oktasRefusalShowsItsSummaryCausesAndCodeAndA429WaitsForItsReset() throws Exception {
        try (OktaSimulator okta = new OktaSimulator(0, "okta-token-5c3d")) {
            DirectoryHttp http = new DirectoryHttp("Okta (directory okta)", okta.baseUrl(), Map.of("Authorization", "SSWS okta-token-5c3d"),
                    Duration.ofSeconds(5), DirectoryHttp.JSON_MEDIA_TYPE, "directories.okta.api-token");
            DirectoryException e = refused(http, "POST", "/api/v1/users?activate=false");
            assertEquals(DirectoryException.Kind.PERMANENT, e.kind());
            assertEquals("Okta (directory okta): POST /api/v1/users?activate=false: HTTP 400 (Api validation failed: profile; "
                    + "profile: The field cannot be left blank; errorCode E0000001)", e.getMessage());

            okta.fault("GET /users", 1, OktaSimulator.rateLimited(Instant.now().plusSeconds(30)));
            DirectoryException limited = refused(http, "GET", "/api/v1/users");
            assertEquals(DirectoryException.Kind.TRANSIENT, limited.kind());
            long wait = limited.retryAfter().toSeconds();
            assertTrue(wait >= 28 && wait <= 30, "until X-Rate-Limit-Reset: " + limited.retryAfter());
        }
        Instant now = Instant.parse("2026-03-02T09:30:00.400Z");
        assertEquals(Duration.ofMillis(1600), DirectoryHttp.rateLimitReset(Long.toString(now.getEpochSecond() + 2), now));
        assertEquals(null, DirectoryHttp.rateLimitReset(Long.toString(now.getEpochSecond() - 5), now), "past: the retry schedule decides");
        assertEquals(Duration.ofHours(1), DirectoryHttp.rateLimitReset(Long.toString(now.getEpochSecond() + 86_400), now));
        assertEquals(null, DirectoryHttp.rateLimitReset("soon", now));
    }
}
