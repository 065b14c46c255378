package io.identitysync.config;

import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.Child;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 33: secrets handed over as files, as Kubernetes and Docker mount them, in a child process with the environment
 * an operator gives it: {@code <KEY>_FILE} and {@code <key>-file}, read trimmed; a file that cannot be read stops the
 * start naming the key; check and status say where each secret came from, never what it is.
 */
class SecretFilesTest extends FixtureTest {

    private SyncFixture fixture() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(20, 4));
        return fx.set("store.url", "jdbc:sqlite:" + dir.resolve("identity.db"));
    }

    @Test
    void aSecretFromAFileNamedInTheEnvironmentIsReadTrimmedAndItsSourceShown() throws Exception {
        fixture();
        Path token = secret("factorial-token", "  " + SyncFixture.TOKEN + "\n\n");
        Map<String, String> env = Map.of("FACTORIAL_API_TOKEN_FILE", token.toString());
        List<String> args = Child.without(fx.cli("--once"), "factorial.api-token");
        SyncFixture.Cli run = Child.run(dir, "run", env, args);
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("factorial: run ") && run.out().contains(" succeeded"), run.out());

        SyncFixture.Cli check = Child.run(dir, "check", env, Child.without(fx.cli("check"), "factorial.api-token"));
        assertEquals(0, check.code(), check.err());
        assertTrue(check.out().matches("(?s).*\\n  factorial\\.api-token\\s+file " + token + " \\(FACTORIAL_API_TOKEN_FILE\\)\\n.*"), check.out());
        assertTrue(check.out().matches("(?s).*\\n  teamtailor\\.api-token\\s+argument \\(--teamtailor\\.api-token\\)\\n.*"), check.out());
        assertTrue(check.out().matches("(?s).*\\n  webhooks\\.secret\\s+argument \\(--webhooks\\.secret\\)\\n.*"), check.out());

        SyncFixture.Cli status = Child.run(dir, "status", env, Child.without(fx.cli("status"), "factorial.api-token"));
        assertEquals(0, status.code(), status.err());
        assertTrue(status.out().contains("secrets (where each came from; values are never shown):"), status.out());
        assertTrue(status.out().matches("(?s).*\\n  factorial\\.api-token\\s+file " + token + " \\(FACTORIAL_API_TOKEN_FILE\\)\\n.*"), status.out());
        for (SyncFixture.Cli cli : List.of(run, check, status)) {
            assertFalse((cli.out() + cli.err()).contains(SyncFixture.TOKEN) || (cli.out() + cli.err()).contains(fx.secret), "no value shown");
        }
    }

    @Test
    void aSecretFileKeyInApplicationPropertiesAndAPlainVariableEachSayWhereTheyCameFrom() throws Exception {
        fixture();
        Path token = secret("teamtailor-token", SyncFixture.TOKEN + "\n");
        Path jc = secret("jc-key", "jc-key-from-a-file\n");
        Files.writeString(dir.resolve("application.properties"), "teamtailor.api-token-file=" + token + "\n");
        Map<String, String> env = Map.of("WEBHOOKS_SECRET", fx.secret, "DIRECTORIES_JC_API_TOKEN_FILE", jc.toString());
        List<String> args = new ArrayList<>(Child.without(fx.cli("--once"), "teamtailor.api-token", "webhooks.secret", "factorial.api-token"));
        args.add("--factorial.enabled=false");
        SyncFixture.Cli run = Child.run(dir, "run", env, args);
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("teamtailor: run ") && run.out().contains(" succeeded"), run.out());
        assertTrue(fx.receiver.received().size() > 0 && fx.receiver.badSignatures() == 0, "webhooks signed with the secret from the environment verify");

        List<String> check = new ArrayList<>(Child.without(fx.cli("check"), "teamtailor.api-token", "webhooks.secret", "factorial.api-token"));
        check.addAll(List.of("--factorial.enabled=false", "--directories.jc.type=jumpcloud", "--directories.jc.url=http://127.0.0.1:9",
                "--directories.jc.connectors=teamtailor"));
        SyncFixture.Cli out = Child.run(dir, "check", env, check);
        assertEquals(0, out.code(), out.out() + out.err());
        assertTrue(out.out().matches("(?s).*\\n  teamtailor\\.api-token\\s+file " + token + " \\(teamtailor\\.api-token-file\\)\\n.*"), out.out());
        assertTrue(out.out().matches("(?s).*\\n  webhooks\\.secret\\s+environment \\(WEBHOOKS_SECRET\\)\\n.*"), out.out());
        assertTrue(out.out().matches("(?s).*\\n  directories\\.jc\\.api-token\\s+file " + jc + " \\(directories\\.jc\\.api-token-file\\)\\n.*"), out.out());
        assertFalse(out.out().contains("jc-key-from-a-file") || out.out().contains(SyncFixture.TOKEN), out.out());
    }

    @Test
    void aFileThatCannotBeReadStopsTheStartNamingTheKeyAndNothingIsCreated() throws Exception {
        fixture();
        Map<String, String> cases = new HashMap<>();
        Path missing = dir.resolve("secrets").resolve("missing");
        cases.put("missing", "factorial.api-token: FACTORIAL_API_TOKEN_FILE names " + missing + ", which cannot be read: no such file");
        Path empty = secret("empty", "\n  \n");
        cases.put("empty", "factorial.api-token: FACTORIAL_API_TOKEN_FILE names " + empty + ", which cannot be read: it is empty");
        Path folder = Files.createDirectories(dir.resolve("secrets").resolve("folder"));
        cases.put("folder", "factorial.api-token: FACTORIAL_API_TOKEN_FILE names " + folder + ", which is a folder, not a file");
        Map<String, Path> paths = Map.of("missing", missing, "empty", empty, "folder", folder);
        for (var c : cases.entrySet()) {
            SyncFixture.Cli cli = Child.run(dir, c.getKey(), Map.of("FACTORIAL_API_TOKEN_FILE", paths.get(c.getKey()).toString()),
                    Child.without(fx.cli("--once"), "factorial.api-token"));
            assertEquals(2, cli.code(), c.getKey() + ": " + cli.err());
            assertTrue(cli.err().contains("configuration error: " + c.getValue()), cli.err());
        }
        Path canary = secret("canary", "canary-secret-3f9a1c\n");
        SyncFixture.Cli cli = Child.run(dir, "argument", Map.of(), List.of(fx.cli("--once", "--webhooks.secret-file=" + dir.resolve("nowhere"))));
        assertEquals(2, cli.code(), cli.err());
        assertTrue(cli.err().contains("webhooks.secret: webhooks.secret-file names " + dir.resolve("nowhere") + ", which cannot be read"), cli.err());
        assertFalse(Files.exists(dir.resolve("identity.db")), "nothing is opened before every key is good");
        // A file that is read but holds a refused token: the run fails in the vendor's words, the token never shown.
        cli = Child.run(dir, "refused", Map.of("FACTORIAL_API_TOKEN_FILE", canary.toString()),
                Child.without(fx.cli("--once", "--teamtailor.enabled=false"), "factorial.api-token"));
        assertEquals(1, cli.code(), cli.out() + cli.err());
        assertFalse((cli.out() + cli.err()).contains("canary-secret-3f9a1c"), cli.out() + cli.err());
    }

    private Path secret(String name, String text) throws Exception {
        Path file = Files.createDirectories(dir.resolve("secrets")).resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
