package io.identitysync.run;

import io.identitysync.IdentitySyncConfiguration;
import io.identitysync.config.Settings;
import io.identitysync.simulators.Fault;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.factorial.FactorialSimulator;
import io.identitysync.store.Store;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared source routes on their own, with Camel's test kit: camel-main wired by IdentitySyncConfiguration
 * alone, the real YAML routes, the Factorial simulator on loopback, and mocks woven in where the routes hand on.
 */
class SourceRoutesTest extends CamelMainTestSupport {

    private static final String TOKEN = "route-test-token-41c9";
    private static final FactorialSimulator FACTORIAL;
    private static final Settings SETTINGS;

    static {
        try {
            FACTORIAL = new FactorialSimulator(0, TOKEN, FactorialData.seeded(12, 3));
            Path dir = Files.createTempDirectory("source-routes");
            SETTINGS = Settings.of(Map.of("factorial.base-url", FACTORIAL.baseUrl(), "factorial.api-token", TOKEN,
                    "factorial.page-size", "5", "factorial.retry.backoff", "10ms", "sync.once", "true",
                    // The roster only: what these tests count is the paging of a resource, the same for every one.
                    "factorial.resources", "employees,teams,locations",
                    "store.url", "jdbc:sqlite:" + dir.resolve("identity.db"), "files.dir", dir.resolve("exports").toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopSimulator() {
        FACTORIAL.close();
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.addConfiguration(new IdentitySyncConfiguration(SETTINGS, Store.open(SETTINGS).migrate(), Clock.systemUTC()));
    }

    @Override
    public void configureContext(CamelContextConfiguration context) {
        super.configureContext(context);
        context.withUseOverridePropertiesWithPropertiesComponent(SETTINGS.asProperties());
    }

    @Override
    public void configureTest(TestExecutionConfiguration test) {
        super.configureTest(test);
        test.withUseAdviceWith(true);
    }

    @Test
    void everyPageOfEveryResourceIsRequestedMappedAndStagedOnceInOrder() throws Exception {
        AdviceWith.adviceWith(context, "source-read", a -> a.weaveById("source-stage").after().to("mock:staged"));
        context.start();
        MockEndpoint staged = getMockEndpoint("mock:staged");
        NotifyBuilder runDone = new NotifyBuilder(context).fromRoute("connector-run").whenDone(1).create();

        Exchange run = template.send(ConnectorRoutes.RUN, e -> e.setProperty(RunProperties.CONNECTOR, "factorial"));

        assertTrue(runDone.matches(20, TimeUnit.SECONDS));
        assertEquals("succeeded", run.getProperty(RunProperties.RUN_STATUS), String.valueOf(run.getProperty(RunProperties.RUN_ERROR)));
        List<String> pages = staged.getExchanges().stream().map(e -> e.getProperty(RunProperties.RESOURCE) + " " + e.getProperty(RunProperties.PAGE)).toList();
        assertEquals(List.of("employees 1", "employees 2", "employees 3", "teams 1", "team_memberships 1", "team_memberships 2", "team_memberships 3",
                "locations 1"), pages, "12 employees at 5 a page, and as many team memberships");
    }

    @Test
    void aServerErrorSendsTheSameRequestAgainThroughTheSharedLoop() throws Exception {
        FACTORIAL.fault("employees", 2, Fault.status(503));
        AdviceWith.adviceWith(context, "source-attempt", a -> a.weaveById("source-http").after().to("mock:answers"));
        context.start();
        MockEndpoint answers = getMockEndpoint("mock:answers");
        answers.expectedMessageCount(9);

        Exchange run = template.send(ConnectorRoutes.RUN, e -> e.setProperty(RunProperties.CONNECTOR, "factorial"));

        assertEquals("succeeded", run.getProperty(RunProperties.RUN_STATUS), String.valueOf(run.getProperty(RunProperties.RUN_ERROR)));
        answers.assertIsSatisfied();
        List<Object> statuses = answers.getExchanges().stream().map(e -> e.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).toList();
        assertEquals(List.of(200, 503, 200, 200, 200, 200, 200, 200, 200), statuses);
        assertEquals(answers.getExchanges().get(1).getProperty(RunProperties.REQUEST), answers.getExchanges().get(2).getProperty(RunProperties.REQUEST),
                "the same request, sent again");
    }
}
