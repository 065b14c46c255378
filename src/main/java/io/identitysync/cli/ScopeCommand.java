package io.identitysync.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.cli.support.Context;
import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.rules.PersonRules;
import io.identitysync.rules.RuleException;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.identities.DirectoryState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code scope test}: who the scope rules keep in and leave out, on the people stored, with no source read: a rule
 * can be tried before a run acts on it.
 */
@Command(name = "scope", header = "Who the scope rules keep in and leave out.",
        description = "Who <prefix>scope or directories.<id>.scope keeps in and leaves out, on the people in the store; no source is read.",
        subcommands = {ScopeCommand.Test.class})
final class ScopeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw IdentitySync.sayWhatToDo(spec);
    }

    @Command(name = "test", header = "Who is in and who is out, with counts and the rule that excluded each person.",
            description = {"Evaluates a connector's <prefix>scope (every connector's, without one named) or, with --directory, "
                    + "directories.<id>.scope on the present people in the store, and prints each person in or out, the rule that "
                    + "excluded them, and the counts. Reads only the store; no source is read."})
    static final class Test implements Callable<Integer> {
        private final Context context;

        @Parameters(paramLabel = "CONNECTOR", arity = "0..1", description = "only this connector")
        String connector;

        @Option(names = "--directory", paramLabel = "ID", description = "the scope of directories.<id>.scope instead")
        String directory;

        Test(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Settings settings = context.settings();
            PrintStream out = context.out();
            List<Connectors.Connector> connectors = new ArrayList<>();
            for (Connectors.Connector c : Connectors.declared(settings)) {
                boolean fed = directory == null || settings.list("directories." + directory + ".connectors").isEmpty()
                        || settings.list("directories." + directory + ".connectors").contains(c.id());
                if ((connector == null || connector.equals(c.id())) && fed) {
                    connectors.add(c);
                }
            }
            if (connector != null && connectors.isEmpty()) {
                context.err().println("scope test: '" + connector + "' is not a connector (known: "
                        + String.join(", ", Connectors.declared(settings).stream().map(Connectors.Connector::id).toList()) + ")");
                return IdentitySync.BAD_CONFIGURATION;
            }
            if (directory != null && settings.get("directories." + directory + ".type").isEmpty()) {
                context.err().println("scope test: --directory: no directories." + directory + ".type is configured");
                return IdentitySync.BAD_CONFIGURATION;
            }
            try (Store store = Store.open(settings).migrate()) {
                for (Connectors.Connector c : connectors) {
                    String prefix = directory == null ? c.keyPrefix() : "directories." + directory + ".";
                    report(store, c.id(), PersonRules.of(settings, prefix), prefix + PersonRules.SCOPE, settings.get(prefix + PersonRules.SCOPE), out);
                }
                return IdentitySync.OK;
            } catch (StoreException e) {
                context.err().println("configuration error: " + e.getMessage());
                return IdentitySync.BAD_CONFIGURATION;
            }
        }

        private void report(Store store, String connectorId, PersonRules rules, String key, String text, PrintStream out) {
            DirectoryState state = new DirectoryState(store, directory == null ? "" : directory);
            List<ObjectNode> people = new ArrayList<>();
            store.read("users", "SELECT * FROM users WHERE connector = ? AND deleted_at IS NULL ORDER BY external_id", List.of(connectorId),
                    rs -> people.add(Rows.toJson(rs, "content_hash")));
            List<String> lines = new ArrayList<>();
            int in = 0;
            int excluded = 0;
            int failed = 0;
            for (ObjectNode row : people) {
                String id = row.path("external_id").asText();
                String who = connectorId + ":" + id + " " + row.path("username").asText();
                try {
                    String why = rules.outOfScope(PersonRules.person(row, state.department(connectorId, id)));
                    if (why == null) {
                        in++;
                        lines.add("  in   " + who);
                    } else {
                        excluded++;
                        lines.add("  out  " + who + ": " + why);
                    }
                } catch (RuleException e) {
                    failed++;
                    lines.add("  fail " + who + ": " + e.getMessage());
                }
            }
            out.println(connectorId + (directory == null ? "" : " → directory " + directory) + ": " + (rules.hasScope() ? key + "=" + text.trim()
                    : "no " + key + " (everyone is in)") + ": " + in + " in, " + excluded + " out" + (failed > 0 ? ", " + failed + " failed" : "")
                    + " of " + people.size() + " stored people");
            lines.forEach(out::println);
        }
    }
}
