package io.identitysync.store.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.store.Dialect;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Writes events, and queues their deliveries in the outbox, in the caller's transaction: an event exists exactly
 * when the change it describes was committed, and its deliveries are pending from that moment (each event names
 * the endpoints it goes to as its route: see {@link Outbox}).
 */
public final class Events implements AutoCloseable {

    private final PreparedStatement insertEvent;
    private final OutboxRoutes routes;
    private final Routing routing;
    private final String runId;
    private final Connection connection;
    private final String connector;
    private final Dialect dialect;
    private int written;

    /** @param routing which outbox endpoints (webhook endpoints, directories) want each event */
    public Events(Connection c, Routing routing, String runId, String connector) throws SQLException {
        this.insertEvent = c.prepareStatement(
                "INSERT INTO events (id, run_id, connector, type, subject_id, payload, created_at, route) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        this.routes = new OutboxRoutes(c);
        this.routing = routing;
        this.connection = c;
        this.runId = runId;
        this.connector = connector;
        this.dialect = Dialect.of(c);
        dialect.serializeCommits(c);
    }

    /** @param subjectKey {@code user}, {@code group}, {@code membership} or {@code sync_run}: the key of the object in data */
    public String emit(String type, String subjectId, String subjectKey, JsonNode subject, Collection<String> changes) throws SQLException {
        String id = newId();
        String now = Store.now();
        bindEvent(id, type, subjectId, body(type, now, subjectKey, subject, changes), now, route(type));
        insertEvent.executeUpdate();
        written++;
        return id;
    }

    /**
     * One event per row of {@code subjectsSql} (columns subject_id and subject, the subject as JSON text with the
     * bytes Jackson writes: {@link io.identitysync.store.SqlJson}), in its order, with the body {@link #emit} writes,
     * and their deliveries: for events that come by the hundred thousand. One statement on either store: the bodies
     * are built where the rows are, never carried to this process and back.
     */
    public int emitAll(String type, String subjectKey, String subjectsSql, String... params) throws SQLException {
        String now = Store.now();
        Long route = route(type);
        // The id as newId() makes it: creation milliseconds, then 20 hex digits. On PostgreSQL gen_random_uuid() was
        // measured at 11 µs a call (a server built without OpenSSL reads /dev/urandom each time), md5(random()) at 2;
        // random() is not sure never to repeat, so the statement's row number makes its ids unique by construction
        // (8 digits), and 12 random ones keep them apart from another statement's in the same millisecond.
        String id = dialect == Dialect.SQLITE ? "'msg_' || ? || lower(hex(randomblob(10)))"
                : "'msg_' || ? || lpad(to_hex(row_number() OVER ()), 8, '0') || substr(md5(random()::text), 1, 12)";
        // The envelope as Jackson writes it, with the subject's place left open: everything in it is the same for every row.
        String envelope = Rows.write(body(type, now, subjectKey, NullNode.getInstance(), null));
        String open = envelope.substring(0, envelope.length() - "null}}".length());
        int count;
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO events (id, run_id, connector, type, subject_id, payload, created_at, route) "
                + "SELECT " + id + ", ?, ?, ?, q.subject_id, ? || q.subject || '}}', ?, ? FROM (" + subjectsSql + ") q")) {
            int i = 1;
            ps.setString(i++, String.format("%012x", System.currentTimeMillis() & 0xFFFFFFFFFFFFL));
            ps.setString(i++, runId);
            ps.setString(i++, connector);
            ps.setString(i++, type);
            ps.setString(i++, open);
            ps.setString(i++, now);
            ps.setObject(i++, route, Types.BIGINT);
            for (String p : params) {
                ps.setString(i++, p);
            }
            count = ps.executeUpdate();
        }
        written += count;
        return count;
    }

    /** An event's body, as receivers get it. */
    private ObjectNode body(String type, String now, String subjectKey, JsonNode subject, Collection<String> changes) {
        ObjectNode body = Rows.JSON.createObjectNode();
        body.put("type", type);
        body.put("timestamp", now.substring(0, 19) + "Z");
        ObjectNode data = body.putObject("data");
        // A directory's own events (directory.quarantined, …) belong to no connector and no run.
        if (!connector.isEmpty()) {
            data.put("connector", connector);
            data.put("run_id", runId);
        }
        data.set(subjectKey, subject);
        if (changes != null) {
            ArrayNode list = data.putArray("changes");
            changes.forEach(list::add);
        }
        return body;
    }

    /** Where events of this type go: the outbox endpoints that want them now, as one route. */
    private Long route(String type) throws SQLException {
        return routes.of(routing.endpointsFor(connector, type));
    }

    private void bindEvent(String id, String type, String subjectId, ObjectNode body, String now, Long route) throws SQLException {
        insertEvent.setString(1, id);
        insertEvent.setString(2, runId);
        insertEvent.setString(3, connector);
        insertEvent.setString(4, type);
        insertEvent.setString(5, subjectId);
        insertEvent.setString(6, Rows.write(body));
        insertEvent.setString(7, now);
        insertEvent.setObject(8, route, Types.BIGINT);
    }

    /**
     * {@code msg_} + 32 hex digits: 12 of milliseconds since the epoch, then 20 random. Unique like a random UUID,
     * but in creation order, so the store appends to its indexes instead of writing all over them. Ids only need to
     * be unique, not secret (they authorise nothing), so a fast per-thread generator makes the 80 random bits.
     */
    static String newId() {
        byte[] random = new byte[10];
        ThreadLocalRandom.current().nextBytes(random);
        return "msg_" + String.format("%012x", System.currentTimeMillis() & 0xFFFFFFFFFFFFL) + HexFormat.of().formatHex(random);
    }

    /** One committed event, as receivers get it. */
    public record Event(String id, String type, String payload) {
    }

    /** Hands each event of a run, in event order, to {@code consumer}. */
    public static void ofRun(Store store, String runId, Consumer<Event> consumer) {
        try (Connection c = store.connect();
             PreparedStatement ps = c.prepareStatement("SELECT id, type, payload FROM events WHERE run_id = ? ORDER BY seq")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(new Event(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot read the events of run " + runId + ": " + e.getMessage(), e);
        }
    }

    public int written() {
        return written;
    }

    @Override
    public void close() throws SQLException {
        insertEvent.close();
    }
}
