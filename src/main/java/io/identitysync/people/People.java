package io.identitysync.people;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finding people: one by {@code <connector>:<external id>}, username or email; all of them, or some, with why each
 * skipped one was skipped. People the sync skipped were never stored as users: they are known by their decisions.
 */
public final class People {

    /**
     * One person as lists show them.
     *
     * @param status active, disabled, pending, deleted; skipped for a person never stored (see why)
     * @param why    the newest decision about them (e.g. "skipped: no work email"), or null
     */
    public record Person(String connector, String externalId, String username, String email, String displayName, String status, String why) {
        public String who() {
            return connector + ":" + externalId;
        }
    }

    /** A {@code who} that names nobody, or several people. */
    public static final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }

    private static final String NEWEST_DECISION = "(SELECT d.decision || ': ' || coalesce(d.detail, '') FROM person_decisions d "
            + "WHERE d.connector = u.connector AND d.external_id = u.external_id ORDER BY d.id DESC LIMIT 1)";

    private final Store store;

    public People(Store store) {
        this.store = store;
    }

    /** The one person {@code who} names: {@code <connector>:<external id>}, a username, or an email (any case). */
    public Person find(String who) {
        List<Person> found = new ArrayList<>();
        int colon = who.indexOf(':');
        if (colon > 0) {
            String connector = who.substring(0, colon);
            String id = who.substring(colon + 1);
            found.addAll(users("u.connector = ? AND u.external_id = ?", List.of(connector, id)));
            if (found.isEmpty()) {
                found.addAll(decided("d.connector = ? AND d.external_id = ?", List.of(connector, id)));
            }
        }
        if (found.isEmpty()) {
            found.addAll(users("u.username = ?", List.of(who)));
        }
        if (found.isEmpty() && who.contains("@")) {
            found.addAll(users("lower(u.email) = ?", List.of(who.toLowerCase(Locale.ROOT))));
        }
        if (found.isEmpty()) {
            throw new NotFound("nobody is " + who + ": give <connector>:<external id>, a username or an email (people list shows them)");
        }
        if (found.size() > 1) {
            throw new NotFound(who + " names " + found.size() + " people: " + String.join(", ", found.stream().map(Person::who).toList())
                    + "; give <connector>:<external id>");
        }
        return found.get(0);
    }

    /**
     * Everyone stored, then everyone skipped and never stored, each connector's in external id order.
     *
     * @param connector only theirs, or null
     * @param status    only those (active, disabled, pending, deleted, skipped), or null
     * @param skipped   only the people whose newest decision is a skip
     */
    public List<Person> list(String connector, String status, boolean skipped) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder("1 = 1");
        if (connector != null) {
            where.append(" AND u.connector = ?");
            params.add(connector);
        }
        List<Person> out = new ArrayList<>();
        if (!"skipped".equals(status)) {
            for (Person p : users(where.toString(), params)) {
                if ((status == null || status.equals(p.status())) && (!skipped || p.why() != null && p.why().startsWith("skipped"))) {
                    out.add(p);
                }
            }
        }
        if (status == null || "skipped".equals(status)) {
            out.addAll(decided(where.toString().replace("u.connector", "d.connector") + " AND d.decision = 'skipped'", params));
        }
        return out;
    }

    private List<Person> users(String where, List<?> params) {
        List<Person> found = new ArrayList<>();
        store.read("users", "SELECT u.connector, u.external_id, u.username, u.email, u.display_name, CASE WHEN u.deleted_at IS NULL THEN u.status "
                + "ELSE 'deleted' END, " + NEWEST_DECISION + " FROM users u WHERE " + where + " ORDER BY u.connector, "
                + store.dialect().idOrder("u.external_id"), params, rs -> found.add(new Person(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7))));
        return found;
    }

    /** People known only by decisions (skipped, never stored): their newest decision says why. */
    private List<Person> decided(String where, List<?> params) {
        Map<String, Person> found = new LinkedHashMap<>();
        store.read("person_decisions", "SELECT d.connector, d.external_id, d.decision, d.detail FROM person_decisions d WHERE " + where
                + " AND NOT EXISTS (SELECT 1 FROM users u WHERE u.connector = d.connector AND u.external_id = d.external_id) "
                + "ORDER BY d.connector, " + store.dialect().idOrder("d.external_id") + ", d.id", params,
                rs -> found.put(rs.getString(1) + ":" + rs.getString(2), new Person(rs.getString(1), rs.getString(2), null, null, null,
                        "skipped", rs.getString(3) + ": " + (rs.getString(4) == null ? "" : rs.getString(4)))));
        return new ArrayList<>(found.values());
    }

    /** A person as JSON: the same fields, snake_case, as the files and events name them. */
    public static ObjectNode json(Person p) {
        ObjectNode o = Rows.JSON.createObjectNode();
        o.put("connector", p.connector()).put("external_id", p.externalId()).put("username", p.username()).put("email", p.email())
                .put("display_name", p.displayName()).put("status", p.status()).put("why", p.why());
        return o;
    }
}
