package io.identitysync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.core.SourceFields;
import io.identitysync.store.runs.InboundNotifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The listener a source's own webhooks reach: {@code POST /hooks/<connector>/<subscription type>} (the type in the
 * path, because Factorial sends the resource alone, with no envelope saying what happened to it). A delivery is
 * checked the way Factorial signs it (the subscription's challenge in {@code x-factorial-wh-challenge}, compared in
 * constant time), stored (one notification per person it names: a bulk action may send an array of records), and only
 * then answered 200; the change is applied by a later run (InboundWorker). Anything
 * unverified, oversized, malformed or for an unknown connector is refused with its status and one log line.
 */
public final class InboundServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CHALLENGE_HEADER = "x-factorial-wh-challenge";

    private final Settings settings;
    private final InboundNotifications notifications;
    private final int maxBytes;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "webhooks-in");
        t.setDaemon(true);
        return t;
    });

    public InboundServer(Settings settings, InboundNotifications notifications) throws IOException {
        this.settings = settings;
        this.notifications = notifications;
        this.maxBytes = Integer.parseInt(settings.get("webhooks-in.max-bytes"));
        this.server = HttpServer.create(new InetSocketAddress(settings.get("webhooks-in.host"), Integer.parseInt(settings.get("webhooks-in.port"))), 64);
        server.createContext("/hooks/", this::handle);
        server.setExecutor(threads);
    }

    public InboundServer start() {
        server.start();
        LOG.info("webhooks-in: listening on {}:{} (POST /hooks/<connector>/<subscription type>)", settings.get("webhooks-in.host"), port());
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] parts = exchange.getRequestURI().getPath().substring("/hooks/".length()).split("/", 2);
            String connectorId = parts[0];
            String type = parts.length > 1 ? parts[1] : "";
            Connectors.Connector connector = Connectors.enabled(settings).stream().filter(c -> c.id().equals(connectorId)).findFirst().orElse(null);
            String challenge = connector == null ? "" : settings.get(connector.key("webhooks-in.challenge"));
            if (connector == null || challenge.isEmpty()) {
                refuse(exchange, 404, "no connector '" + connectorId + "' takes webhooks here");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                refuse(exchange, 405, connectorId + ": " + exchange.getRequestMethod() + " is not a delivery");
                return;
            }
            String given = exchange.getRequestHeaders().getFirst(CHALLENGE_HEADER);
            if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), challenge.getBytes(StandardCharsets.UTF_8))) {
                refuse(exchange, 401, connectorId + ": a delivery without the subscription's challenge (" + CHALLENGE_HEADER + ")");
                return;
            }
            if (type.isBlank() || !type.matches("[a-z_]+(/[a-z_]+)*")) {
                refuse(exchange, 404, connectorId + ": no subscription type in the path (/hooks/" + connectorId + "/<type>, e.g. employees/employee/update)");
                return;
            }
            byte[] body = read(exchange.getRequestBody());
            if (body == null) {
                refuse(exchange, 413, connectorId + ": a delivery larger than webhooks-in.max-bytes=" + maxBytes);
                return;
            }
            JsonNode record;
            try {
                record = JSON.readTree(body);
            } catch (IOException e) {
                record = null;
            }
            List<String> subjects = record == null ? null : subjects(type, record);
            if (subjects == null) {
                refuse(exchange, 400, connectorId + ": a " + type + " delivery whose body is not a JSON object"
                        + (bulk(type) ? " or an array of them" : ""));
                return;
            }
            String text = new String(body, StandardCharsets.UTF_8);
            // One row per person named: a targeted run answers the notifications of the people it read.
            for (String subject : subjects) {
                notifications.add(connectorId, type, subject, text);
            }
            answer(exchange, 200, Map.of("status", "stored"));
            LOG.debug("{}: webhook {} stored", connectorId, type);
        } catch (RuntimeException e) {
            LOG.error("webhooks-in: a delivery could not be stored: {}", e.getMessage());
            answer(exchange, 503, Map.of("error", "not stored; send it again"));
        }
    }

    /** The person a notification is about: the employee itself, or the employee_id of a contract, membership, leave. */
    static String subject(String type, JsonNode record) {
        return type.startsWith("employees/") ? SourceFields.id(record) : SourceFields.id(record.get("employee_id"));
    }

    /**
     * The people a delivery names (null: one it cannot say, so a full run): one for a record; for a bulk action
     * (teams/membership/bulk_upsert), which Factorial types as the same record, each record of an array as well,
     * since a bulk change can name several. Null when the body is neither.
     */
    static List<String> subjects(String type, JsonNode body) {
        if (body.isObject()) {
            return Collections.singletonList(subject(type, body));
        }
        if (!bulk(type) || !body.isArray() || body.isEmpty()) {
            return null;
        }
        Set<String> people = new LinkedHashSet<>();
        for (JsonNode record : body) {
            if (!record.isObject()) {
                return null;
            }
            people.add(subject(type, record));
        }
        return new ArrayList<>(people);
    }

    private static boolean bulk(String type) {
        return type.substring(type.lastIndexOf('/') + 1).startsWith("bulk_");
    }

    /** The body, or null when it is larger than allowed. */
    private byte[] read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(maxBytes + 1);
        return bytes.length > maxBytes ? null : bytes;
    }

    private static void refuse(HttpExchange exchange, int status, String why) throws IOException {
        LOG.warn("webhooks-in: refused ({}): {}", status, why);
        answer(exchange, status, Map.of("error", why));
    }

    private static void answer(HttpExchange exchange, int status, Map<String, String> body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
