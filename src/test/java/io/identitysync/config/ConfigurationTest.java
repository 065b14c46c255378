package io.identitysync.config;

import io.identitysync.cli.IdentitySync;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad configuration stops the process with exit 2 and one line per problem naming its key, before anything is touched. */
class ConfigurationTest {

    @TempDir
    Path dir;

    private String store() {
        return "jdbc:sqlite:" + dir.resolve("identity.db");
    }

    private record Result(int code, String out, String err) {
    }

    private Result run(String... extra) {
        List<String> args = new ArrayList<>(List.of("--once", "--store.url=" + store(), "--files.dir=" + dir.resolve("exports")));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = IdentitySync.run(args.toArray(String[]::new), Map.of(), new PrintStream(out), new PrintStream(err));
        return new Result(code, out.toString(), err.toString());
    }

    private void assertRefused(String key, String... args) {
        Result r = run(args);
        assertEquals(IdentitySync.BAD_CONFIGURATION, r.code(), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("configuration error: " + key + ":")), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(Files.exists(dir.resolve("identity.db")), "nothing is created before the configuration is good");
    }

    @Test
    void eachBadWebhookEndpointKeyIsNamed() {
        String secret = "--webhooks.secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        assertRefused("webhooks.endpoint.audit.url", secret, "--webhooks.endpoint.audit.events=user.*");
        assertRefused("webhooks.endpoint.audit.url", secret, "--webhooks.endpoint.audit.url=mailto:x@y");
        assertRefused("webhooks.endpoint.audit.secret", "--webhooks.endpoint.audit.url=http://127.0.0.1:9/h");
        assertRefused("webhooks.endpoint.audit.secret", "--webhooks.endpoint.audit.url=http://127.0.0.1:9/h",
                "--webhooks.endpoint.audit.secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw whsec_!!");
        assertRefused("webhooks.endpoint.audit.events", secret, "--webhooks.endpoint.audit.url=http://127.0.0.1:9/h",
                "--webhooks.endpoint.audit.events=user.*,Sync Failed");
        assertRefused("webhooks.endpoint.audit.uri", secret, "--webhooks.endpoint.audit.uri=http://127.0.0.1:9/h",
                "--webhooks.endpoint.audit.url=http://127.0.0.1:9/h");
        assertRefused("webhooks.endpoint.audit.header.webhook-id", secret, "--webhooks.endpoint.audit.url=http://127.0.0.1:9/h",
                "--webhooks.endpoint.audit.header.webhook-id=x");
        assertRefused("webhooks.endpoint.Audit", secret, "--webhooks.endpoint.Audit.url=http://127.0.0.1:9/h");
    }

    @Test
    void eachBadConnectorKeyIsNamed() {
        assertRefused("connectors.acme-hr.type", "--connectors.acme-hr.type=bamboohr", "--connectors.acme-hr.api-token=t0ken");
        assertRefused("connectors.acme-hr.type", "--connectors.acme-hr.api-token=t0ken");
        assertRefused("connectors.Acme_HR", "--connectors.Acme_HR.type=factorial", "--connectors.Acme_HR.api-token=t0ken");
        assertRefused("connectors.factorial", "--connectors.factorial.type=factorial");
        assertRefused("connectors.acme-hr.api_token", "--connectors.acme-hr.type=factorial", "--connectors.acme-hr.api_token=t0ken");
        assertRefused("connectors.acme-hr.api-token", "--connectors.acme-hr.type=factorial", "--connectors.acme-hr.enabled=true");
        assertRefused("connectors.acme-hr.schedule", "--connectors.acme-hr.type=factorial", "--connectors.acme-hr.api-token=t0ken",
                "--connectors.acme-hr.schedule=hourly");
        assertRefused("connectors.acme-hr.page-size", "--connectors.acme-hr.type=teamtailor", "--connectors.acme-hr.api-token=t0ken",
                "--connectors.acme-hr.page-size=31");
    }

    @Test
    void eachBadValueIsNamedByItsKey() {
        assertRefused("factorial.api-token", "--factorial.enabled=true");
        assertRefused("factorial.enabled", "--factorial.enabled=yes");
        assertRefused("factorial.page-size", "--factorial.api-token=t0ken", "--factorial.page-size=500");
        assertRefused("factorial.page-size", "--factorial.api-token=t0ken", "--factorial.page-size=0");
        assertRefused("factorial.page-size", "--factorial.api-token=t0ken", "--factorial.page-size=ten");
        assertRefused("factorial.schedule", "--factorial.api-token=t0ken", "--factorial.schedule=every day");
        assertRefused("factorial.base-url", "--factorial.api-token=t0ken", "--factorial.base-url=ftp://x");
        assertRefused("webhooks.secret", "--webhooks.urls=http://127.0.0.1:9/hooks");
        assertRefused("webhooks.secret", "--webhooks.urls=http://127.0.0.1:9/hooks", "--webhooks.secret=plain");
        assertRefused("webhooks.secret", "--webhooks.urls=http://127.0.0.1:9/hooks", "--webhooks.secret=whsec_!!!");
        assertRefused("webhooks.urls", "--webhooks.urls=not a url", "--webhooks.secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertRefused("webhooks.once-wait", "--webhooks.once-wait=soon");
        assertRefused("sync.max-delete-ratio", "--sync.max-delete-ratio=2");
        assertRefused("sync.require-email", "--sync.require-email=maybe");
        assertRefused("store.url", "--store.url=jdbc:mysql://db/identity");
        assertRefused("store.pool-size", "--store.url=jdbc:postgresql://db/identity", "--store.pool-size=1");
        assertRefused("store.connect-timeout", "--store.url=jdbc:postgresql://db/identity", "--store.connect-timeout=soon");
        assertRefused("cluster.scheduler-threads", "--store.url=jdbc:postgresql://db/identity", "--cluster.scheduler-threads=0");
        assertRefused("cluster.scheduler-batch-size", "--store.url=jdbc:postgresql://db/identity", "--cluster.scheduler-batch-size=0");
        assertRefused("cluster.scheduler-batch-size", "--store.url=jdbc:postgresql://db/identity", "--cluster.scheduler-threads=5",
                "--cluster.scheduler-batch-size=6");
        assertRefused("cluster.scheduler-fire-ahead", "--store.url=jdbc:postgresql://db/identity", "--cluster.scheduler-fire-ahead=soon");
        assertRefused("cluster.misfire-threshold", "--store.url=jdbc:postgresql://db/identity", "--cluster.misfire-threshold=100ms");
        assertRefused("cluster.checkin-interval", "--cluster.checkin-interval=often");
        assertRefused("cluster.checkin-interval", "--cluster.checkin-interval=0s");
        assertRefused("cluster.node-timeout", "--cluster.checkin-interval=5s", "--cluster.node-timeout=8s");
        assertRefused("store.retention", "--store.retention=1h");
        assertRefused("store.retention", "--store.retention=forever");
        assertRefused("store.run-retention", "--store.retention=30d", "--store.run-retention=7d");
        assertRefused("store.prune-interval", "--store.prune-interval=0s");
        assertRefused("files.keep", "--files.keep=0");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Result r = run("--factorial.enabled=true", "--factorial.page-size=101", "--sync.max-delete-ratio=-1");
        assertEquals(IdentitySync.BAD_CONFIGURATION, r.code());
        assertEquals(3, r.err().lines().filter(l -> l.startsWith("configuration error:")).count(), r.err());
    }

    @Test
    void anUnwritableStorePathIsABadConfiguration() throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "not a folder");
        Result r = run("--store.url=jdbc:sqlite:" + file.resolve("identity.db"));
        assertEquals(IdentitySync.BAD_CONFIGURATION, r.code(), r.err());
        assertTrue(r.err().startsWith("configuration error: store.url:"), r.err());
    }

    @Test
    void anUnknownArgumentIsRefused() {
        Result r = run("--frobnicate");
        assertEquals(IdentitySync.BAD_CONFIGURATION, r.code());
        assertTrue(r.err().contains("unknown argument '--frobnicate'"), r.err());
    }

    @Test
    void aDeclaredDirectorysKeysComeFromTheEnvironmentToo() {
        Settings s = Settings.load(null, Map.of("DIRECTORIES_HR_JC_API_TOKEN", "jc-key-from-env", "DIRECTORIES_HR_JC_ORG_ID", "5f0c1d2e3a4b5c6d7e8f9a0b",
                "DIRECTORIES_HR_API_TOKEN", "hr-token", "DIRECTORIES_GONE_API_TOKEN", "nobody's"), new Properties(),
                Map.of("directories.hr-jc.type", "jumpcloud", "directories.hr.type", "scim", "directories.hr.url", "https://scim.example.com"));
        assertEquals("jc-key-from-env", s.get("directories.hr-jc.api-token"));
        assertEquals("5f0c1d2e3a4b5c6d7e8f9a0b", s.get("directories.hr-jc.org-id"));
        assertEquals("hr-token", s.get("directories.hr.api-token"));
        assertFalse(s.values().containsKey("directories.hr.jc-api-token"), "the longest declared id wins");
        assertFalse(s.values().containsKey("directories.gone.api-token"), "only for a declared directory");
        assertTrue(s.secrets().contains("jc-key-from-env"), "and scrubbed like any secret");
    }

    @Test
    void environmentVariablesOverrideTheFileAndArgumentsOverrideBoth() throws Exception {
        Path file = dir.resolve("application.properties");
        Files.writeString(file, "factorial.page-size=50\nfactorial.schedule=0 0 * * * ?\n");
        Settings s = Settings.load(file, Map.of("FACTORIAL_PAGE_SIZE", "40", "FACTORIAL_API_TOKEN", "from-env"), new Properties(),
                Map.of("factorial.schedule", "0 5 * * * ?"));
        assertEquals("40", s.get("factorial.page-size"));
        assertEquals("0 5 * * * ?", s.get("factorial.schedule"));
        assertTrue(Connectors.enabled(s, Connectors.byId(s, "factorial")), "a token enables its source when enabled is left empty");
        assertEquals("FACTORIAL_API_TOKEN", Settings.environmentName("factorial.api-token"));
        assertTrue(Connectors.enabled(Settings.of(Map.of())).isEmpty());
        assertTrue(Connectors.enabled(Settings.of(Map.of("factorial.api-token", "t", "factorial.enabled", "false"))).isEmpty());
    }

    @Test
    void withNothingEnabledOnceIsABadConfigurationSayingHowToEnableOne() {
        assertRefused("factorial.enabled");
        assertTrue(run().err().contains("set factorial.api-token"));
    }

    @Test
    void aKeyNobodyReadsIsNamedWithTheNearestKnownKey() throws Exception {
        Map<String, String> typos = Map.of("factorial.page-sise", "factorial.page-size", "webhooks.secrte", "webhooks.secret",
                "store.urll", "store.url", "files.keepp", "files.keep", "directories.once-wiat", "directories.once-wait",
                "connectors.acme-hr.page-sise", "connectors.acme-hr.page-size", "webhooks.endpoint.audit.evnets", "webhooks.endpoint.audit.events");
        for (Map.Entry<String, String> typo : typos.entrySet()) {
            Result r = run("--connectors.acme-hr.type=factorial", "--connectors.acme-hr.api-token=t0ken", "--webhooks.secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                    "--webhooks.endpoint.audit.url=http://127.0.0.1:9/h", "--" + typo.getKey() + "=1");
            assertEquals(IdentitySync.BAD_CONFIGURATION, r.code(), r.err());
            assertEquals(List.of("configuration error: " + typo.getKey() + ": " + (typo.getKey().startsWith("connectors.") ? "unknown key for a factorial connector"
                    : typo.getKey().startsWith("webhooks.endpoint.") ? "unknown key (an endpoint has url, secret, events and header.<Name>)" : "unknown key")
                    + "; the nearest known key is " + typo.getValue()), r.err().lines().toList());
            assertFalse(Files.exists(dir.resolve("identity.db")));
        }
        Files.writeString(dir.resolve("application.properties"), "store.urll=jdbc:sqlite:x.db\n");
        Settings fromFile = Settings.load(dir.resolve("application.properties"), Map.of(), new Properties(), Map.of());
        assertTrue(io.identitysync.ConfigCheck.problems(fromFile).contains("store.urll: unknown key; the nearest known key is store.url"));
        // Integrators' own keys (for their routes), attribute mappings and a directory's keys are not typos.
        assertEquals(List.of(), io.identitysync.ConfigCheck.problems(Settings.of(Map.of("ticketing.url", "http://x", "factorial.attributes.desk", "desk",
                "connectors.acme-hr.type", "factorial", "connectors.acme-hr.attributes.desk", "desk", "directories.jc.enabled", "false",
                "files.dir", dir.resolve("exports").toString()))));
    }

    @Test
    void anExportFolderThatCannotBeCreatedIsABadConfiguration() throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "not a folder");
        assertRefused("files.dir", "--factorial.api-token=t0ken", "--files.dir=" + file.resolve("exports"));
        assertRefused("files.dir", "--factorial.api-token=t0ken", "--files.dir=" + file);
        assertTrue(run("--factorial.api-token=t0ken", "--files.dir=" + file).err().contains(file + " is not a folder"));
    }
}
