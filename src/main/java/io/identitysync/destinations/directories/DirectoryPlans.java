package io.identitysync.destinations.directories;

import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;
import io.identitysync.store.identities.DirectoryReports;
import io.identitysync.store.identities.DirectoryState;
import io.identitysync.store.outbox.Outbox;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code directories plan <id>}: what the next push would do to each person it concerns, reading the directory but
 * writing nothing anywhere. {@code directories reconcile <id> [--apply]}: every person of the source against the
 * directory's record (missing, different, to suspend or delete), and the directory's records no person is linked
 * to; with {@code --apply}, each drifting person is pushed. Groups are not planned.
 */
public final class DirectoryPlans {

    private record Person(String connector, String externalId) {
    }

    private final DirectoryConfig config;
    private final DirectoryPush push;
    private final DirectoryState state;
    private final List<String> connectors;
    private final Store store;
    private int failures;

    public DirectoryPlans(Store store, Settings settings, DirectoryConfig config, Map<String, DirectoryKind> kinds) {
        this(store, settings, config, kinds, java.time.Clock.systemUTC());
    }

    /** @param clock what "now" is for {@code delete-after}: whose deletions are due */
    public DirectoryPlans(Store store, Settings settings, DirectoryConfig config, Map<String, DirectoryKind> kinds, java.time.Clock clock) {
        this.store = store;
        this.config = config;
        this.state = new DirectoryState(store, config.id(), clock);
        this.push = DirectoryDispatcher.push(settings, config, state, kinds);
        this.connectors = Connectors.enabled(settings).stream().map(Connectors.Connector::id).filter(config::feeds).toList();
    }

    /**
     * {@code plan} or {@code reconcile} (with {@code apply}), its lines printed to {@code out} as they come and
     * recorded in directory_reports, where the console reads a directory's latest plan and drift.
     *
     * @param askedBy cli, or api:admin
     */
    public Checked check(String action, boolean apply, String askedBy, PrintStream out) throws SQLException {
        java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        int code;
        try (PrintStream both = new PrintStream(new Tee(out, kept), true, java.nio.charset.StandardCharsets.UTF_8)) {
            code = action.equals("plan") ? plan(both) : reconcile(apply, both);
        }
        List<String> lines = new ArrayList<>(kept.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList());
        String summary = lines.isEmpty() ? "" : lines.remove(lines.size() - 1);
        DirectoryReports.Report report = new DirectoryReports.Report(config.id(), action, Store.now(), summary, lines, !lines.isEmpty() || code != 0,
                apply, askedBy);
        new DirectoryReports(store).record(report);
        return new Checked(code, report);
    }

    /** @param exitCode the command's: reconcile's is 1 while drift is left (without --apply, or a push failed) */
    public record Checked(int exitCode, DirectoryReports.Report report) {
    }

    /** Writes to the caller's stream and keeps a copy. */
    private static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        Tee(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
        }

        @Override
        public void close() throws java.io.IOException {
            // The caller's stream stays open: only the copy ends here.
            flush();
        }
    }

    /** What pushing one person now would do ("create ana.garcia", "update …"), or null when nothing; reads only. */
    public String person(String connector, String externalId) {
        return connectors.contains(connector) ? push.plan(connector, externalId) : "left alone: " + config.label() + " is not fed by " + connector;
    }

    /** The people the queue (or, before the first fill, the fill) concerns, and what pushing them would do. */
    public int plan(PrintStream out) throws SQLException {
        Set<Person> people = new LinkedHashSet<>();
        String source;
        if (!state.filled()) {
            source = "the first fill";
            for (String connector : connectors) {
                state.presentUsers(connector).forEach(id -> people.add(new Person(connector, id)));
            }
        } else {
            source = "the queued changes";
            try (Connection c = store.connect()) {
                for (Outbox.Pending p : new Outbox(store).heads(c, config.endpoint(), Integer.MAX_VALUE)) {
                    Change change = Change.of(p.eventId(), Rows.parse(p.payload()));
                    if (change.userId() != null) {
                        people.add(new Person(change.connector(), change.userId()));
                    }
                }
            }
        }
        Map<String, Integer> counts = report(people, out, false);
        out.println(config.label() + ": " + people.size() + " people in " + source + "; the next push would " + describe(counts)
                + " (plan writes nothing)");
        return 0;
    }

    /** Every person of the source against the directory; 1 when drift is left (without --apply, or a push failed). */
    public int reconcile(boolean apply, PrintStream out) {
        Set<Person> people = new LinkedHashSet<>();
        for (String connector : connectors) {
            state.allUsers(connector).forEach(id -> people.add(new Person(connector, id)));
        }
        Map<String, Integer> counts = report(people, out, apply);
        Set<String> unlinked = new LinkedHashSet<>(push.directoryUsers());
        state.linkedUsers().forEach(unlinked::remove);
        int drift = counts.values().stream().mapToInt(Integer::intValue).sum();
        out.println(config.label() + ": " + people.size() + " people of the source; drift: " + describe(counts) + (apply && drift > 0 ? ", corrected" : "")
                + "; " + unlinked.size() + " directory records are no source person's (left alone)");
        return drift == 0 || apply && failures == 0 ? 0 : 1;
    }

    /**
     * One line per person the push would change, and the counts by what it would do. With {@code apply} each of
     * them is pushed, people to create or adopt first (a manager recreated by hand in the meantime gets their new id
     * before their reports are updated); a person the directory refuses is reported and the others go on.
     */
    private Map<String, Integer> report(Set<Person> people, PrintStream out, boolean apply) {
        Map<String, Integer> counts = new TreeMap<>();
        Map<Person, String> plans = new LinkedHashMap<>();
        for (Person p : people) {
            String plan = push.plan(p.connector(), p.externalId());
            if (plan != null) {
                plans.put(p, plan);
                counts.merge(plan.split(" ")[0], 1, Integer::sum);
            }
        }
        List<Map.Entry<Person, String>> order = new ArrayList<>(plans.entrySet());
        order.sort(Comparator.comparing(e -> e.getValue().startsWith("create") || e.getValue().startsWith("adopt") ? 0 : 1));
        for (Map.Entry<Person, String> e : order) {
            Person p = e.getKey();
            String line = "  " + p.connector() + " " + p.externalId() + ": " + e.getValue();
            if (apply) {
                try {
                    line += " → " + push.user(p.connector(), p.externalId());
                } catch (DirectoryException refused) {
                    if (refused.kind() == DirectoryException.Kind.CREDENTIAL) {
                        throw refused;
                    }
                    line += " → failed: " + refused.getMessage();
                    failures++;
                }
            }
            out.println(line);
        }
        return counts;
    }

    private static String describe(Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return "change nothing";
        }
        StringBuilder text = new StringBuilder();
        counts.forEach((what, n) -> text.append(text.length() == 0 ? "" : ", ").append(what).append(' ').append(n));
        return text.toString();
    }
}
