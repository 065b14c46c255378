package io.identitysync.cli;

import io.identitysync.cli.support.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line itself: help on every command, completion, parse errors as exit 2, overrides before and after the words. */
class CommandLineTest {

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = IdentitySync.run(args, Map.of(), new PrintStream(out, true), new PrintStream(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    /** Every command on the line, as the words that name it: "", "runs", "runs show", … */
    private static List<String> everyCommand() {
        List<String> names = new ArrayList<>();
        List<CommandLine> todo = new ArrayList<>(List.of(IdentitySync.commandLine(new Context(Map.of(), System.out, System.err))));
        while (!todo.isEmpty()) {
            CommandLine c = todo.remove(0);
            names.add(c.getCommandSpec().qualifiedName().replaceFirst("^identity-sync ?", ""));
            todo.addAll(c.getSubcommands().values());
        }
        return names;
    }

    @Test
    void everyCommandHasHelpGeneratedFromItsAnnotations() {
        List<String> commands = everyCommand();
        assertTrue(commands.containsAll(List.of("", "demo", "check", "status", "runs show", "runs approve", "backup", "webhooks list",
                "webhooks replay", "directories list", "directories replay", "directories plan", "directories reconcile",
                "webhooks-in subscribe", "webhooks-in list", "webhooks-in unsubscribe", "completion")), commands.toString());
        for (String command : commands) {
            for (String help : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
                args.add(help);
                Result r = run(args.toArray(String[]::new));
                assertEquals(IdentitySync.OK, r.code(), command + ": " + r.err());
                assertTrue(r.out().contains("Usage: identity-sync" + (command.isEmpty() ? "" : " " + command) + " "), r.out());
                assertTrue(r.out().contains("-h, --help") && r.out().contains("Exit codes:") && r.out().contains("--<key>=<value>"), r.out());
                assertEquals("", r.err(), command);
            }
        }
        Result top = run("--help");
        for (String option : List.of("--once", "--dry-run", "--incremental", "--format=FORMAT", "text, json")) {
            assertTrue(top.out().contains(option), option + " in " + top.out());
        }
        assertTrue(run("webhooks", "replay", "--help").out().contains("--since=TIME"));
        assertTrue(run("backup", "--help").out().contains("--to=FILE"));
    }

    @Test
    void completionIsPicocliBashScriptForEveryCommandAndOption() {
        Result r = run("completion");
        assertEquals(IdentitySync.OK, r.code(), r.err());
        assertTrue(r.out().startsWith("#!/usr/bin/env bash"), r.out());
        assertTrue(r.out().contains("complete -F _complete_identity-sync") && r.out().contains("identity-sync"), r.out());
        for (String word : List.of("webhooks-in", "reconcile", "approve", "--dry-run", "--live", "--since", "--apply", "(\"text\" \"json\")")) {
            assertTrue(r.out().contains(word), word);
        }
    }

    @Test
    void aParseErrorIsABadConfigurationWithAClearMessage() {
        Result bad = run("runs", "show");
        assertEquals(IdentitySync.BAD_CONFIGURATION, bad.code());
        assertTrue(bad.err().startsWith("configuration error: Missing required parameter: 'RUN_ID'"), bad.err());
        assertTrue(bad.err().contains("usage: identity-sync runs show"), bad.err());

        Result group = run("directories");
        assertEquals(IdentitySync.BAD_CONFIGURATION, group.code());
        assertTrue(group.err().startsWith("configuration error: directories: say what to do: list, replay, plan, reconcile"), group.err());

        Result elsewhere = run("status", "--apply");
        assertEquals(IdentitySync.BAD_CONFIGURATION, elsewhere.code());
        assertTrue(elsewhere.err().startsWith("configuration error: unknown argument '--apply': --apply goes with directories reconcile"),
                elsewhere.err());

        Result word = run("statuss");
        assertEquals(IdentitySync.BAD_CONFIGURATION, word.code());
        assertTrue(word.err().startsWith("configuration error: unknown argument 'statuss'"), word.err());

        Result value = run("check", "--format=yaml");
        assertEquals(IdentitySync.BAD_CONFIGURATION, value.code());
        assertTrue(value.err().startsWith("configuration error: --format: "), value.err());
        assertEquals("", value.out());
    }

    @Test
    void configurationOverridesAreTakenBeforeAndAfterTheCommandWords() {
        String store = "--store.url=jdbc:sqlite:" + dir.resolve("identity.db");
        String files = "--files.dir=" + dir.resolve("exports");
        for (String[] args : List.of(new String[] {store, files, "status"}, new String[] {"status", store, files},
                new String[] {store, "status", files})) {
            Result r = run(args);
            assertEquals(IdentitySync.OK, r.code(), r.err());
            assertTrue(r.out().startsWith("store: jdbc:sqlite:" + dir.resolve("identity.db")), r.out());
        }
        Result typo = run("status", store, files, "--store.urll=x");
        assertEquals(IdentitySync.BAD_CONFIGURATION, typo.code());
        assertEquals(List.of("configuration error: store.urll: unknown key; the nearest known key is store.url"), typo.err().lines().toList());
        Result empty = run("runs", store, "show", "run_nope", files, "--routes.dir=");
        assertEquals(IdentitySync.BAD_CONFIGURATION, empty.code());
        assertTrue(empty.err().contains("no run run_nope"), empty.err());
        assertFalse(empty.err().contains("unknown"), empty.err());
    }
}
