package io.identitysync.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.core.Secrets;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.run.OAuthTokens;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.secrets.OAuthGrants;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code check} (the configuration) and {@code check --live}: the first command a new user runs with real
 * credentials. For every enabled source and directory it authenticates and reads one page of each resource a run
 * reads, and says per resource OK with a count, or FAILED with the status, the vendor's words and the key to fix.
 * It reads only; the one write is an OAuth connector's rotated refresh token (see {@link FactorialAuth}).
 * Exit 0 when everything answered, 1 when anything failed (configuration problems are exit 2 before it runs).
 */
public final class CheckCommand {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, SourceProbe> SOURCE_PROBES = Map.of("teamtailor", new TeamtailorProbe());
    private static final Map<String, DirectoryProbe> DIRECTORY_PROBES = Map.of("jumpcloud", new JumpCloudProbe(), "scim", new ScimProbe());

    private CheckCommand() {
    }

    public static int run(boolean live, boolean json, Settings settings, PrintStream out) {
        List<Connectors.Connector> sources = Connectors.enabled(settings);
        List<DirectoryConfig> directories = DirectoryConfig.all(settings);
        if (!live) {
            out.println("configuration ok: " + sources.size() + " source(s) and " + directories.size() + " director(y/ies) enabled; "
                    + "add --live to sign in to each and read a page of every resource");
            return 0;
        }
        Secrets secrets = new Secrets(settings.secrets());
        List<Finding> findings = new ArrayList<>();
        try (LazyTokens tokens = new LazyTokens(settings)) {
            FactorialProbe factorial = new FactorialProbe(new FactorialAuth(tokens::get));
            for (Connectors.Connector c : sources) {
                LiveHttp http = new LiveHttp(Duration.ofMillis(settings.integer(c.key("connect-timeout-ms"))),
                        Duration.ofMillis(settings.integer(c.key("read-timeout-ms"))));
                SourceProbe probe = c.source().id().equals("factorial") ? factorial : SOURCE_PROBES.get(c.source().id());
                if (probe == null) {
                    findings.add(Finding.ok(c.id(), "-", "not checked: no live check for sources of type " + c.source().id()));
                } else {
                    findings.addAll(probe.check(c, settings, http));
                }
            }
            Duration timeout = settings.duration("directories.timeout");
            LiveHttp http = new LiveHttp(timeout, timeout);
            for (DirectoryConfig d : directories) {
                DirectoryProbe probe = DIRECTORY_PROBES.get(d.type());
                if (probe == null) {
                    findings.add(Finding.ok(d.label(), "-", "not checked: no live check for directories of type " + d.type()));
                } else {
                    findings.addAll(probe.check(d, settings, http));
                }
            }
        }
        List<Finding> scrubbed = findings.stream().map(f -> new Finding(f.target(), f.item(), f.ok(), secrets.scrub(f.detail()), f.key())).toList();
        boolean ok = scrubbed.stream().allMatch(Finding::ok);
        if (json) {
            printJson(scrubbed, ok, out);
        } else {
            printText(scrubbed, ok, sources.size() + directories.size(), out);
        }
        return ok ? 0 : 1;
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

    private static void printJson(List<Finding> findings, boolean ok, PrintStream out) {
        ObjectNode doc = JSON.createObjectNode().put("ok", ok);
        ArrayNode checks = doc.putArray("checks");
        for (Finding f : findings) {
            ObjectNode c = checks.addObject().put("target", f.target()).put("item", f.item()).put("ok", f.ok()).put("detail", f.detail());
            if (f.key() != null) {
                c.put("key", f.key());
            }
        }
        try {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The store's OAuth grants, opened at the first OAuth connector only: an API-key check never touches the store. */
    private static final class LazyTokens implements AutoCloseable {
        private final Settings settings;
        private Store store;
        private OAuthTokens tokens;

        LazyTokens(Settings settings) {
            this.settings = settings;
        }

        OAuthTokens get() {
            if (tokens == null) {
                try {
                    store = Store.open(settings).migrate();
                } catch (StoreException e) {
                    throw new io.identitysync.core.SourceException("store.url: " + e.getMessage()
                            + " (an OAuth connector's rotated refresh token is kept there)");
                }
                tokens = new OAuthTokens(settings, new OAuthGrants(store));
            }
            return tokens;
        }

        @Override
        public void close() {
            if (store != null) {
                store.close();
            }
        }
    }
}
