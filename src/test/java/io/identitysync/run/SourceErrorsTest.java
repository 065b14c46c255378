package io.identitysync.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.IdentitySyncApp;
import io.identitysync.core.VendorWords;
import io.identitysync.simulators.Fault;
import io.identitysync.simulators.SimulatorServer;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.teamtailor.TeamtailorData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator reads when a source refuses a request: the vendor's own words next to the key to check, in the
 * run's error, its log line and {@code status}; never a bare status code. And what a run does with a record it
 * cannot match (no id), and with a cursor that is not URL-safe.
 */
class SourceErrorsTest extends FixtureTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Fault answer(int status, String body) {
        return new Fault(Fault.Kind.ANSWER, status, body, Map.of(), 0);
    }

    @Test
    void theVendorsWordsAreFoundInEveryShapeTheyComeIn() {
        // Factorial: plain JSON (its SDK shows any body, errors.ts).
        assertEquals("Unauthorized: Invalid or missing API key", VendorWords.of("{\"error\":\"Unauthorized\",\"message\":\"Invalid or missing API key\"}"));
        assertEquals("company_id is missing", VendorWords.of("{\"error\":\"company_id is missing\"}"));
        assertEquals("Subscription type has already been taken", VendorWords.of("{\"message\":\"Subscription type has already been taken\"}"));
        // Teamtailor: JSON:API errors as an array (teamtailor-rb's request_spec.rb bodies) and as one object (its error.rb).
        assertEquals("Invalid/Missing API Version: Please provide a correct API version in the X-Api-Version header. Current version is: 20161108",
                VendorWords.of("{\"errors\":[{\"status\":406,\"title\":\"Invalid/Missing API Version\",\"detail\":\"Please provide a correct "
                        + "API version in the X-Api-Version header. Current version is: 20161108\"}]}"));
        assertEquals("email - can't be blank", VendorWords.of("{\"errors\":[{\"title\":\"can't be blank\",\"detail\":\"email - can't be blank\","
                + "\"code\":\"100\",\"source\":{\"pointer\":\"/data/attributes/email\"},\"status\":\"422\"}]}"));
        assertEquals("Please provide a correct API version", VendorWords.of("{\"errors\":{\"detail\":\"Please provide a correct API version\"}}"));
        assertEquals("email is invalid; name can't be blank", VendorWords.of("{\"errors\":{\"email\":[\"is invalid\"],\"name\":[\"can't be blank\"]}}"));
        // OAuth (RFC 6749 §5.2).
        assertEquals("invalid_grant: The refresh token is invalid", VendorWords.of("{\"error\":\"invalid_grant\",\"error_description\":\"The refresh token is invalid\"}"));
        // Not JSON: the body itself, on one line, cut at 200 characters.
        String html = "<html>\n<body>" + "Bad gateway ".repeat(30) + "</body></html>";
        assertEquals(201, VendorWords.of(html).length());
        assertTrue(VendorWords.of(html).startsWith("<html> <body>Bad gateway") && VendorWords.of(html).endsWith("…"));
        assertEquals("{\"unexpected\":true}", VendorWords.of("{\"unexpected\":true}"), "unknown JSON is shown as it came");
        assertEquals("", VendorWords.of(""));
        assertEquals("", VendorWords.of(null));
    }

    @Test
    void factorialRefusalsCarryItsWordsAndTheKeyToCheck() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(10, 3)).set("factorial.resources", "employees,teams,locations");
        fx.factorial.fault("employees", 1, answer(422, "{\"error\":\"Invalid parameter: updated_at_gteq must be a date\"}"));
        assertEquals("Factorial page 1 of employees: Factorial refused the request (HTTP 422, GET /api/2026-04-01/resources/employees/employees"
                + "?limit=100): check factorial.base-url; Factorial said: \"Invalid parameter: updated_at_gteq must be a date\"", fx.runFactorial().error());

        fx.factorial.fault("employees", 1, answer(401, "{\"error\":\"Unauthorized\",\"message\":\"The API key has been revoked\"}"));
        assertEquals("Factorial refused the API token (HTTP 401 on Factorial page 1 of employees): check factorial.api-token; Factorial said: "
                + "\"Unauthorized: The API key has been revoked\"", fx.runFactorial().error());

        fx.factorial.fault("employees", 1, answer(403, "Forbidden\n"));
        assertEquals("Factorial refused the API token (HTTP 403 on Factorial page 1 of employees): check factorial.api-token and the "
                + "permissions of that key; Factorial said: \"Forbidden\"", fx.runFactorial().error());

        fx.factorial.fault("employees", 1, answer(404, ""));
        assertEquals("Factorial page 1 of employees: Factorial refused the request (HTTP 404, GET /api/2026-04-01/resources/employees/employees"
                + "?limit=100): check factorial.base-url; the answer carried no message", fx.runFactorial().error());
        assertEquals(0L, ((Number) fx.scalar("SELECT count(*) FROM users")).longValue(), "nothing applied");
    }

    @Test
    void teamtailorRefusalsCarryItsWordsInEitherErrorShapeAndReachTheLogAndStatus() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(5, 3), TeamtailorData.seeded(5, 3));
        String detail = "Please provide a correct API version in the X-Api-Version header. Current version is: 20161108";
        fx.teamtailor.fault("departments", 1, answer(406, "{\"errors\":{\"detail\":\"" + detail + "\"}}"));
        assertEquals("Teamtailor page 1 of departments: Teamtailor refused the request (HTTP 406, GET /v1/departments?page%5Bsize%5D=30): "
                + "check teamtailor.api-version; Teamtailor said: \"" + detail + "\"", fx.runTeamtailor().error());

        fx.teamtailor.fault("departments", 1, answer(406, example("error-406.json").toString()));
        assertEquals("Teamtailor page 1 of departments: Teamtailor refused the request (HTTP 406, GET /v1/departments?page%5Bsize%5D=30): "
                + "check teamtailor.api-version; Teamtailor said: \"Invalid/Missing API Version: " + detail + "\"", fx.runTeamtailor().error());

        fx.set("teamtailor.api-token", "not-the-key");
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream original = System.err;
        IdentitySyncApp.RunOutcome refused;
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            refused = fx.runTeamtailor();
        } finally {
            System.setErr(original);
        }
        String expected = "Teamtailor refused the API token (HTTP 401 on Teamtailor page 1 of departments): check teamtailor.api-token; "
                + "Teamtailor said: \"Unauthorized: invalid or missing API key\"";
        assertEquals(expected, refused.error());
        assertTrue(logs.toString(StandardCharsets.UTF_8).contains(expected), logs.toString(StandardCharsets.UTF_8));
        assertFalse(logs.toString(StandardCharsets.UTF_8).contains("not-the-key"));
        SyncFixture.Cli status = fx.runCli("status");
        assertTrue(status.out().contains(expected), status.out());
    }

    /** ContractsContractVersion.id is optional in Factorial's SDK: a version without one is skipped, with its reason. */
    @Test
    void aRecordWithoutAnIdIsSkippedAndReportedNotFatal() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(6, 3));
        String path = fx.factorial.baseUrl() + "/resources/contracts/contract_versions?limit=100";
        JsonNode page = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(path))
                .header("x-api-key", SyncFixture.TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertFalse(page.at("/meta/has_next_page").asBoolean(), "one page");
        ObjectNode withoutId = ((ObjectNode) page.get("data").get(0)).deepCopy();
        withoutId.remove("id");
        ((ArrayNode) page.get("data")).add(withoutId);
        ((ObjectNode) page.get("meta")).put("total", page.get("data").size());
        fx.factorial.fault("contract_versions", 1, Fault.body(page.toString()));

        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();
        assertTrue(outcome.succeeded(), outcome.error());
        assertEquals(6L, ((Number) fx.scalar("SELECT count(*) FROM users WHERE connector = 'factorial'")).longValue());
        assertEquals(1, ((Number) fx.scalar("SELECT skipped FROM sync_runs WHERE id = '" + outcome.runId() + "'")).intValue());
        String skipped = Files.readString(Path.of(outcome.exportFolder()).resolve("skipped.ndjson"));
        assertTrue(skipped.contains("contract version without an id"), skipped);
    }

    /** Base64 cursors (MQ==) may hold + / =: sent encoded, they reach the server as they were given. */
    @Test
    void aCursorWithPlusSlashAndEqualsIsSentEncodedAndRoundTrips() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        for (String cursor : List.of("MQ==", "a+b/c==", "MTY=", "12345")) {
            exchange.setProperty(RunProperties.CURSOR, cursor);
            String sent = new SourcePages().encodedCursor(exchange);
            assertFalse(sent.contains("+") || sent.contains("/") || sent.contains("="), sent);
            assertEquals(cursor, SimulatorServer.form("limit=100&after_id=" + sent).get("after_id"));
        }
        exchange.setProperty(RunProperties.CURSOR, "a+b/c==");
        assertEquals("a%2Bb%2Fc%3D%3D", new SourcePages().encodedCursor(exchange));
    }

    private static JsonNode example(String name) throws Exception {
        try (var in = SourceErrorsTest.class.getResourceAsStream("/vendor/teamtailor/" + name)) {
            return JSON.readTree(in).get("example");
        }
    }
}
