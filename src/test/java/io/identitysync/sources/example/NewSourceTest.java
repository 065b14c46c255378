package io.identitysync.sources.example;

import io.identitysync.IdentitySyncApp;
import io.identitysync.config.Settings;
import io.identitysync.config.Source;
import io.identitysync.config.Sources;
import io.identitysync.run.ConnectorKeys;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adding a source is its own files plus one registration line: Example HR lives only in the test tree (this
 * package, routes/example.camel.yaml, sources/example.properties, one line in META-INF/services) and syncs end
 * to end like the built-in sources, with its own auth, URLs, resources, page size and mapping.
 */
class NewSourceTest extends FixtureTest {

    @Test
    void aSourceMadeOfItsOwnFilesSyncsEndToEnd() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(3, 1));
        try (ExampleSimulator example = new ExampleSimulator("example-token-5b7c", 23)) {
            fx.set("example.base-url", example.baseUrl()).set("example.api-token", "example-token-5b7c").set("example.page-size", "10");
            IdentitySyncApp.RunOutcome outcome = fx.run("example");
            assertTrue(outcome.succeeded(), outcome.error());
            assertEquals(23, count("SELECT count(*) FROM users WHERE connector = 'example'"));
            assertEquals(2, count("SELECT count(*) FROM users WHERE connector = 'example' AND status = 'disabled'"));
            assertEquals(2, count("SELECT count(*) FROM groups WHERE connector = 'example' AND kind = 'location'"));
            assertEquals(23, count("SELECT count(*) FROM memberships WHERE connector = 'example'"));
            assertEquals(4, count("SELECT pages FROM sync_runs WHERE connector = 'example'"), "1 page of offices, 3 of people at 10 a page");
            assertTrue(fx.receiver.types().contains("user.created"));
            assertEquals(0, fx.receiver.badSignatures());
            assertTrue(Files.isRegularFile(dir.resolve("exports").resolve("example").resolve("latest")));
        }
    }

    private int count(String sql) throws Exception {
        return ((Number) fx.scalar(sql)).intValue();
    }

    @Test
    void itsOwnChecksRunLikeTheBuiltInOnes() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(3, 1));
        SyncFixture.Cli cli = fx.set("example.api-token", "t0k3n-example").set("example.page-size", "500").runCli("--once");
        assertEquals(2, cli.code(), cli.err());
        assertTrue(cli.err().contains("configuration error: example.page-size: must be between 1 and 50, was 500"), cli.err());
    }

    @Test
    void registeringItIsWhatLoadsItsRouteFileAndNoRouteIsFoundByAWildcard() {
        // A wildcard makes Camel unpack the whole jar to answer it, at every start: every route file is named.
        String routes = Settings.of(Map.of()).asProperties().getProperty("camel.main.routes-include-pattern");
        List<String> files = List.of(routes.split(","));
        for (Source source : Sources.all()) {
            assertTrue(files.contains("classpath:routes/" + source.id() + ".camel.yaml"), routes);
        }
        for (String file : files) {
            assertFalse(file.contains("*"), file);
            assertNotNull(getClass().getClassLoader().getResource(file.substring("classpath:".length())), file + " exists");
        }
    }

    @Test
    void nothingOutsideItsOwnFilesNamesIt() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of("src", "main"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file);
                assertFalse(text.contains("ExampleSource") || text.contains("example-resources") || text.contains("exampleMapping"), file.toString());
            }
        }
    }

    /**
     * A source's routes serve all its connectors and read each one's keys from connectorKeys (ConnectorKeys): every
     * key a route names there is a key of the source with a bundled default, so no connector's run finds it missing.
     * The shared routes' keys are every source's.
     */
    @Test
    void everyConnectorKeyARouteReadsIsAKeyOfItsSourceWithADefault() throws Exception {
        Pattern read = Pattern.compile("connectorKeys\\[(\\w+)]");
        for (Source source : Sources.all()) {
            Set<String> keys = new HashSet<>();
            Settings.bundled().keySet().stream().filter(key -> key.startsWith(source.id() + "."))
                    .forEach(key -> keys.add(ConnectorKeys.camelCase(key.substring(source.id().length() + 1))));
            List<String> files = new ArrayList<>(List.of("routes/run.camel.yaml", "routes/source-requests.camel.yaml"));
            files.add("routes/" + source.id() + ".camel.yaml");
            int named = 0;
            for (String file : files) {
                try (InputStream in = getClass().getClassLoader().getResourceAsStream(file)) {
                    assertNotNull(in, file);
                    Matcher m = read.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    while (m.find()) {
                        assertTrue(keys.contains(m.group(1)), file + " reads connectorKeys[" + m.group(1) + "], no key of " + source.id());
                        named++;
                    }
                }
            }
            assertTrue(named > 0, source.id() + "'s routes read its page size at least");
        }
    }

    /** Its routes are its source's, not each connector's: two connectors of the type run through them, each with its own keys. */
    @Test
    void aSourcesRoutesServeEveryConnectorOfItsType() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(3, 1));
        try (ExampleSimulator example = new ExampleSimulator("example-token-5b7c", 5)) {
            fx.set("connectors.ex-one.type", "example").set("connectors.ex-one.base-url", example.baseUrl())
                    .set("connectors.ex-one.api-token", "example-token-5b7c").set("connectors.ex-two.type", "example")
                    .set("connectors.ex-two.base-url", example.baseUrl()).set("connectors.ex-two.api-token", "example-token-5b7c")
                    .set("connectors.ex-two.page-size", "2");
            try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), false).start()) {
                assertTrue(app.run("ex-one").succeeded());
                assertTrue(app.run("ex-two").succeeded());
            }
            assertEquals(2, count("SELECT pages FROM sync_runs WHERE connector = 'ex-one'"), "1 page of offices, 1 of people at 50 (the default)");
            assertEquals(4, count("SELECT pages FROM sync_runs WHERE connector = 'ex-two'"), "1 page of offices, 3 of people at 2 a page");
        }
    }
}
