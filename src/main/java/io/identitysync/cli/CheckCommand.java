package io.identitysync.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.check.Finding;
import io.identitysync.check.LiveCheck;
import io.identitysync.cli.support.Context;
import io.identitysync.cli.support.Format;
import io.identitysync.cli.support.SecretSources;
import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.destinations.directories.DirectoryConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code check} (the configuration) and {@code check --live}: the first command a new user runs with real
 * credentials. Exit 0 when everything answered, 1 when anything failed (configuration problems are exit 2 before it runs).
 */
@Command(name = "check", header = "The configuration; with --live, a sign-in to and a page of every source and directory.",
        description = {"Checks the configuration. With --live, also signs in to every enabled source and directory and "
        + "reads a page of each resource a run reads: OK with a count, or FAILED with the vendor's words and the key to fix. Reads only."})
final class CheckCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Context context;

    @Option(names = "--live", description = "sign in to every source and directory and read a page of each resource")
    boolean live;

    @Option(names = "--format", paramLabel = "FORMAT", description = "how --live reports: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Format format = Format.text;

    CheckCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Settings settings = context.settings();
        PrintStream out = context.out();
        int sources = Connectors.enabled(settings).size();
        int directories = DirectoryConfig.all(settings).size();
        if (!live) {
            out.println("configuration ok: " + sources + " source(s) and " + directories + " director(y/ies) enabled; "
                    + "add --live to sign in to each and read a page of every resource");
            SecretSources.text(settings, out);
            return IdentitySync.OK;
        }
        List<Finding> findings = LiveCheck.findings(settings);
        boolean ok = findings.stream().allMatch(Finding::ok);
        if (format == Format.json) {
            printJson(findings, ok, SecretSources.json(settings), out);
        } else {
            printText(findings, ok, sources + directories, out);
            SecretSources.text(settings, out);
        }
        return ok ? IdentitySync.OK : IdentitySync.RUN_FAILED;
    }

    private static void printText(List<Finding> findings, boolean ok, int targets, PrintStream out) {
        if (targets == 0) {
            out.println("nothing to check: no source or directory is enabled (set factorial.api-token, teamtailor.api-token or "
                    + "directories.<id>.type)");
            return;
        }
        String target = null;
        int width = findings.stream().mapToInt(f -> f.item().length()).max().orElse(10);
        for (Finding f : findings) {
            if (!f.target().equals(target)) {
                target = f.target();
                out.println(target);
            }
            // A detail's further lines (the masked addresses) are indented under its first.
            String detail = f.detail().replace("\n", "\n" + " ".repeat(12 + width));
            out.printf("  %-6s  %-" + width + "s  %s%s%n", f.ok() ? "OK" : "FAILED", f.item(), detail, f.ok() ? "" : "; check " + f.key());
        }
        long failed = findings.stream().filter(f -> !f.ok()).count();
        out.println(ok ? "all reachable: next, see what a first run would do with --once --dry-run"
                : failed + " check(s) failed: fix the keys named above, then run check --live again");
    }

    private static void printJson(List<Finding> findings, boolean ok, ArrayNode secrets, PrintStream out) {
        ObjectNode doc = JSON.createObjectNode().put("ok", ok);
        ArrayNode checks = doc.putArray("checks");
        for (Finding f : findings) {
            ObjectNode c = checks.addObject().put("target", f.target()).put("item", f.item()).put("ok", f.ok()).put("detail", f.detail());
            if (f.key() != null) {
                c.put("key", f.key());
            }
        }
        doc.set("secrets", secrets);
        try {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
