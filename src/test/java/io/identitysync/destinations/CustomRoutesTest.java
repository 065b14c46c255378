package io.identitysync.destinations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.identitysync.IdentitySyncApp;
import io.identitysync.cli.IdentitySync;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped example, loaded from a routes folder outside the jar, opens a ticket for each disabled user. */
class CustomRoutesTest extends FixtureTest {

    @Test
    void theExampleRouteFromTheRoutesFolderPostsEveryDisabledUserToTheTicketingSystem() throws Exception {
        List<JsonNode> tickets = new CopyOnWriteArrayList<>();
        HttpServer helpdesk = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        helpdesk.createContext("/api/tickets", exchange -> {
            try (exchange) {
                tickets.add(new ObjectMapper().readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(201, -1);
            }
        });
        helpdesk.start();
        try {
            Path routes = Files.createDirectories(dir.resolve("routes"));
            Files.copy(Path.of("examples/routes/disabled-users-to-ticketing.yaml"), routes.resolve("disabled-users-to-ticketing.yaml"));
            FactorialData data = new FactorialData();
            data.employees.add(FactorialData.employee(1, "Ada", "Lovelace"));
            data.employees.add(FactorialData.employee(2, "Alan", "Turing"));
            fx = new SyncFixture(dir, data);
            fx.set("routes.dir", routes.toString())
                    .set("ticketing.url", "http://127.0.0.1:" + helpdesk.getAddress().getPort() + "/api/tickets");
            assertTrue(fx.runFactorial().succeeded());
            assertTrue(tickets.isEmpty(), "no one left yet");

            data.employeeById(2).put("active", false);
            assertTrue(fx.runFactorial().succeeded());
            Instant deadline = Instant.now().plusSeconds(10);
            while (tickets.isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            assertEquals(1, tickets.size(), tickets.toString());
            JsonNode ticket = tickets.get(0);
            assertEquals("user.disabled", ticket.path("event").path("type").asText());
            assertEquals("2", ticket.path("event").path("data").path("user").path("external_id").asText());
            String eventId = (String) fx.scalar("SELECT id FROM events WHERE type = 'user.disabled'");
            assertEquals(eventId, ticket.path("idempotency_key").asText());
        } finally {
            helpdesk.stop(0);
        }
    }

    @Test
    void aCustomRouteThatDoesNotLoadStopsTheProcessNamingTheFileAndLine() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("broken.yaml"), "- route:\n    from:\n      uri: \"seda:identity-sync-events?multipleConsumers=true\"\n"
                + "      steps:\n        - nosuchstep: {}\n");
        fx = new SyncFixture(dir, FactorialData.seeded(5, 1));
        fx.set("routes.dir", routes.toString());
        SyncFixture.Cli cli = fx.runCli("--once");
        assertEquals(IdentitySync.BAD_CONFIGURATION, cli.code(), cli.out() + cli.err());
        assertTrue(cli.err().startsWith("configuration error: Camel cannot start (check the routes in routes.dir and management.port)"), cli.err());
        assertTrue(cli.err().contains("broken.yaml") && cli.err().contains("line 5"), cli.err());
        assertTrue(!cli.err().contains("\tat "), "no stack trace");
        assertEquals(0, fx.scalar("SELECT count(*) FROM sync_runs"), "nothing ran");
    }

    @Test
    void aCustomRouteKeepsCamelsDefaultErrorHandlerAndReloadsWhenItsFileChanges() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Path file = routes.resolve("greeting.yaml");
        Files.writeString(file, greeting("one"));
        fx = new SyncFixture(dir, FactorialData.seeded(5, 1));
        fx.set("routes.dir", routes.toString()).set("camel.main.routes-reload-enabled", "true");
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), false).start()) {
            CamelContext context = app.camelContext();
            assertEquals("identity-sync", context.getRoute("run-start").getConfigurationId(), "our routes opt into our configuration");
            assertNull(context.getRoute("greeting").getConfigurationId(), "a custom route does not");
            ProducerTemplate template = context.createProducerTemplate();
            Exchange failed = template.send("direct:fails", e -> { });
            assertTrue(failed.getException() instanceof IllegalStateException, String.valueOf(failed.getException()));
            assertEquals("fails", failed.getProperty(Exchange.FAILURE_ROUTE_ID), "Camel's default error handler took it (our routes have none)");
            assertEquals("one", template.requestBody("direct:greeting", "", String.class));

            Files.writeString(file, greeting("two"));
            Instant deadline = Instant.now().plusSeconds(15);
            String answer = "one";
            while (answer.equals("one") && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
                answer = template.requestBody("direct:greeting", "", String.class);
            }
            assertEquals("two", answer, "reloaded from routes.dir (camel.main.routes-reload-enabled=true)");
            assertEquals("identity-sync", context.getRoute("run-start").getConfigurationId(), "our routes stay as they were");
        }
    }

    private static String greeting(String word) {
        return "- route:\n    id: greeting\n    from:\n      uri: direct:greeting\n      steps:\n        - setBody:\n"
                + "            constant: " + word + "\n"
                + "- route:\n    id: fails\n    from:\n      uri: direct:fails\n      steps:\n        - throwException:\n"
                + "            exceptionType: java.lang.IllegalStateException\n            message: boom\n";
    }
}
