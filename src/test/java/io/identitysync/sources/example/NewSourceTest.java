package io.identitysync.sources.example;

import io.identitysync.IdentitySyncApp;
import io.identitysync.config.Settings;
import io.identitysync.config.Source;
import io.identitysync.config.Sources;
import io.identitysync.run.ConnectorRoutes;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** Like a kamelet: every parameter of every source template says what it is, and a default it shows is the key's default. */
    @Test
    void everySourceTemplateDescribesItsParametersAndTheirDefaults() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(3, 1));
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), false).start()) {
            List<RouteTemplateDefinition> templates = app.camelContext().getCamelContextExtension().getContextPlugin(Model.class)
                    .getRouteTemplateDefinitions();
            for (Source source : Sources.all()) {
                Map<String, String> defaults = new HashMap<>();
                Settings.bundled().forEach((key, value) -> {
                    if (key.startsWith(source.id() + ".")) {
                        defaults.put(ConnectorRoutes.camelCase(key.substring(source.id().length() + 1)), value);
                    }
                });
                for (String id : List.of(source.id() + "-resources", source.id() + "-request", "connector-run", "connector-schedule")) {
                    RouteTemplateDefinition template = templates.stream().filter(t -> t.getId().equals(id)).findFirst().orElse(null);
                    assertNotNull(template, id);
                    for (RouteTemplateParameterDefinition p : template.getTemplateParameters()) {
                        assertTrue(p.getDescription() != null && !p.getDescription().isBlank(), id + ": " + p.getName() + " has no description");
                        if (p.getDefaultValue() != null) {
                            assertEquals(defaults.get(p.getName()), p.getDefaultValue(), id + ": the default of " + p.getName());
                        }
                    }
                }
            }
        }
    }
}
