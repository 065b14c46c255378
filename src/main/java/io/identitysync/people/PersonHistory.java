package io.identitysync.people;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A person's timeline, newest first, from what the store recorded as it happened: each run that changed them (the
 * fields, before → after, from the change events), each event, each delivery of it to a webhook endpoint or a
 * directory (status, attempts, the receiver's answer, the directory's id for them) and each decision
 * (person_decisions). Nothing is inferred afterwards; what store.retention pruned is gone from here too.
 */
public final class PersonHistory {

    /**
     * One step of the timeline.
     *
     * @param kind    run, event, delivery or decision
     * @param what    one line: "title: Engineer → Lead", "user.updated", "directory:okta delivered (attempt 2, 200)" …
     * @param details the step as data (JSON): for JSON output and APIs
     */
    public record Entry(String at, String kind, String runId, String what, ObjectNode details) {
    }

    /** The person and their timeline, newest first. */
    public record History(People.Person person, ObjectNode current, List<Entry> timeline) {
    }

    /** Within one instant: a run before its events, an event before its deliveries (reversed with the rest). */
    private static final List<String> ORDER = List.of("run", "decision", "event", "delivery");

    private final Store store;
    private final Sensitive sensitive;

    public PersonHistory(Store store, Sensitive sensitive) {
        this.store = store;
        this.sensitive = sensitive;
    }

    public History of(People.Person person) {
        List<Entry> timeline = new ArrayList<>();
        List<long[]> order = new ArrayList<>();
        events(person, timeline, order);
        decisions(person, timeline, order);
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < timeline.size(); i++) {
            index.add(i);
        }
        index.sort(Comparator.<Integer, String>comparing(i -> timeline.get(i).at()).thenComparingLong(i -> order.get(i)[0])
                .thenComparingLong(i -> order.get(i)[1]).reversed());
        List<Entry> newestFirst = new ArrayList<>();
        index.forEach(i -> newestFirst.add(timeline.get(i)));
        ObjectNode[] row = {null};
        store.read("users", "SELECT * FROM users WHERE connector = ? AND external_id = ?", List.of(person.connector(), person.externalId()),
                rs -> row[0] = Rows.toJson(rs, "content_hash"));
        return new History(person, row[0] == null ? null : (ObjectNode) sensitive.redact(row[0]), newestFirst);
    }

    private void add(List<Entry> timeline, List<long[]> order, Entry e, long seq) {
        timeline.add(e);
        order.add(new long[] {seq, ORDER.indexOf(e.kind())});
    }

    private void events(People.Person person, List<Entry> timeline, List<long[]> order) {
        List<ObjectNode> events = new ArrayList<>();
        store.read("events", "SELECT e.seq, e.id, e.run_id, e.type, e.created_at, e.payload, r.kind, r.status FROM events e "
                + "LEFT JOIN sync_runs r ON r.id = e.run_id WHERE e.connector = ? AND e.subject_id = ? AND e.type LIKE 'user.%' ORDER BY e.seq",
                List.of(person.connector(), person.externalId()), rs -> {
                    ObjectNode e = Rows.JSON.createObjectNode();
                    e.put("seq", rs.getLong(1)).put("id", rs.getString(2)).put("run_id", rs.getString(3)).put("type", rs.getString(4))
                            .put("created_at", rs.getString(5)).put("run_kind", rs.getString(7)).put("run_status", rs.getString(8));
                    e.set("payload", Rows.parse(rs.getString(6)).path("data"));
                    events.add(e);
                });
        JsonNode before = null;
        for (ObjectNode e : events) {
            JsonNode user = e.path("payload").path("user");
            long seq = e.path("seq").asLong();
            String at = e.path("created_at").asText();
            String runId = e.path("run_id").asText();
            ArrayNode changes = Changes.of(before, user, e.path("payload").path("changes"), sensitive);
            ObjectNode run = Rows.JSON.createObjectNode().put("run_id", runId).put("kind", e.path("run_kind").asText(null))
                    .put("status", e.path("run_status").asText(null));
            run.set("changes", changes);
            String type = e.path("type").asText();
            add(timeline, order, new Entry(at, "run", runId, "read: " + (before != null ? Changes.describe(changes)
                    : type.equals("user.created") || type.equals("user.pending") ? "first seen" : "changed " + e.path("payload").path("changes")
                    + " (the state before was pruned)"), run), seq);
            ObjectNode event = Rows.JSON.createObjectNode().put("event_id", e.path("id").asText()).put("type", type);
            add(timeline, order, new Entry(at, "event", runId, type + " " + e.path("id").asText(), event), seq);
            deliveries(person, e.path("id").asText(), runId, seq, timeline, order);
            before = user;
        }
    }

    private void deliveries(People.Person person, String eventId, String runId, long seq, List<Entry> timeline, List<long[]> order) {
        store.read("webhook_deliveries", "SELECT d.endpoint, d.status, d.attempts, d.next_attempt_at, d.last_status_code, d.last_error, d.delivered_at, "
                + "l.remote_id FROM webhook_deliveries d LEFT JOIN directory_links l ON d.endpoint = 'directory:' || l.directory AND l.connector = ? "
                + "AND l.kind = 'user' AND l.external_id = ? WHERE d.event_id = ? ORDER BY d.endpoint",
                List.of(person.connector(), person.externalId(), eventId), rs -> {
                    ObjectNode d = Rows.JSON.createObjectNode().put("event_id", eventId).put("endpoint", rs.getString(1)).put("status", rs.getString(2))
                            .put("attempts", rs.getInt(3));
                    if (rs.getObject(5) != null) {
                        d.put("answer_status", rs.getInt(5));
                    }
                    d.put("answer", rs.getString(6));
                    d.put("delivered_at", rs.getString(7));
                    if (rs.getString(8) != null) {
                        d.put("directory_id", rs.getString(8));
                    }
                    String at = rs.getString(7) != null ? rs.getString(7) : rs.getString(4);
                    StringBuilder what = new StringBuilder(rs.getString(1) + ": " + rs.getString(2) + " after " + rs.getInt(3) + " attempt"
                            + (rs.getInt(3) == 1 ? "" : "s"));
                    if (rs.getObject(5) != null) {
                        what.append(", answered ").append(rs.getInt(5));
                    }
                    if (rs.getString(6) != null) {
                        what.append(": ").append(rs.getString(6));
                    }
                    if (rs.getString(8) != null) {
                        what.append(" (the directory's id: ").append(rs.getString(8)).append(')');
                    }
                    add(timeline, order, new Entry(at, "delivery", runId, what.toString(), d), seq);
                });
    }

    private void decisions(People.Person person, List<Entry> timeline, List<long[]> order) {
        store.read("person_decisions", "SELECT id, decision, detail, run_id, first_at, last_at, last_run_id FROM person_decisions "
                + "WHERE connector = ? AND external_id = ? ORDER BY id", List.of(person.connector(), person.externalId()), rs -> {
                    ObjectNode d = Rows.JSON.createObjectNode().put("decision", rs.getString(2)).put("detail", rs.getString(3))
                            .put("run_id", rs.getString(4)).put("first_at", rs.getString(5)).put("last_at", rs.getString(6))
                            .put("last_run_id", rs.getString(7));
                    boolean again = !rs.getString(5).equals(rs.getString(6));
                    String what = rs.getString(2) + (rs.getString(3) == null ? "" : ": " + rs.getString(3))
                            + (again ? " (again until " + rs.getString(6) + ")" : "");
                    // Where a run decided, the decision goes with that run's step; a directory's stands on its own.
                    add(timeline, order, new Entry(rs.getString(5), "decision", rs.getString(4), what, d), Long.MAX_VALUE / 2 + rs.getLong(1));
                });
    }
}
