package io.identitysync.bench;

import io.identitysync.IdentitySyncApp;
import io.identitysync.people.People;
import io.identitysync.people.PersonHistory;
import io.identitysync.people.Sensitive;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.store.Store;
import io.identitysync.store.identities.PersonDecisions;
import io.identitysync.support.SyncFixture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a person's decision record costs (issue 30): a first sync of N seeded people (default 10,000) into a fresh
 * SQLite store, then the rows and bytes of person_decisions (table and indexes, from SQLite's dbstat) as a share of
 * the store, the worst case where every person has a decision, and how long `people show` and `people list` take.
 * {@code bench/people.sh [N]}. Not part of `mvn test`: its figures go to docs/benchmarks.md.
 */
public final class PeopleBench {

    private PeopleBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dir = Files.createTempDirectory("identity-sync-people-bench");
        FactorialData data = FactorialData.seeded(n, 42);
        try (SyncFixture fx = new SyncFixture(dir, data)) {
            fx.set("store.url", "jdbc:sqlite:" + dir.resolve("bench.db")).set("factorial.page-size", "100").set("webhooks.urls", "");
            long start = System.nanoTime();
            IdentitySyncApp.RunOutcome first = fx.runFactorial();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!first.succeeded()) {
                throw new IllegalStateException("first sync " + first.status() + ": " + first.error());
            }
            try (Store store = new Store(fx.settings().get("store.url")).migrate()) {
                long rows = count(store, "SELECT count(*) FROM person_decisions");
                long bytes = decisionBytes(store);
                long all = count(store, "SELECT sum(pgsize) FROM dbstat");
                System.out.printf("people %d: first sync %.1f s; person_decisions %d rows (%s), %d bytes = %.1f%% of a %.1f MB store; "
                        + "per 10,000 people: %.0f KB%n", n, seconds, rows, byDecision(store), bytes, 100.0 * bytes / all, all / 1e6,
                        bytes * 10_000.0 / n / 1024);
                worstCase(store, n);
                timeLookups(store, n, fx);
            }
        }
    }

    /** Every person with one decision (as if all were pre-hires): the bytes per 10,000 people. */
    private static void worstCase(Store store, int n) throws SQLException {
        long before = decisionBytes(store);
        List<PersonDecisions.Decision> all = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            all.add(new PersonDecisions.Decision(Integer.toString(i), PersonDecisions.PENDING, "until 2027-01-04"));
        }
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            PersonDecisions.record(c, "factorial", "run_0123456789abcdef0123456789abcdef", Store.now(), all);
            c.commit();
        }
        long after = decisionBytes(store);
        System.out.printf("worst case, one decision for each of %d people: +%d bytes = %.0f KB per 10,000 people%n", n, after - before,
                (after - before) * 10_000.0 / n / 1024);
    }

    private static void timeLookups(Store store, int n, SyncFixture fx) {
        long start = System.nanoTime();
        People people = new People(store);
        People.Person p = people.find("factorial:" + (n / 2));
        PersonHistory.History h = new PersonHistory(store, new Sensitive(Set.of())).of(p);
        double show = (System.nanoTime() - start) / 1e6;
        start = System.nanoTime();
        int listed = people.list(null, null, false).size();
        double list = (System.nanoTime() - start) / 1e6;
        System.out.printf("people show (%d steps): %.0f ms; people list (%d people): %.0f ms%n", h.timeline().size(), show, listed, list);
    }

    private static long decisionBytes(Store store) {
        return count(store, "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN ('person_decisions', 'person_decisions_person', "
                + "'person_decisions_last_at')");
    }

    private static String byDecision(Store store) {
        StringBuilder out = new StringBuilder();
        store.read("decisions", "SELECT decision, count(*) FROM person_decisions GROUP BY decision ORDER BY decision", List.of(),
                rs -> out.append(out.length() == 0 ? "" : ", ").append(rs.getString(1)).append(' ').append(rs.getLong(2)));
        return out.length() == 0 ? "none" : out.toString();
    }

    private static long count(Store store, String sql) {
        try (Connection c = store.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
