package io.identitysync.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.core.SourceFields;
import io.identitysync.store.runs.InboundNotifications;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a source's own webhook delivery meets: {@code POST /hooks/<connector>/<subscription type>} (the type in the
 * path, because Factorial sends the resource alone, with no envelope saying what happened to it), the step of the
 * route webhooks-in-listener on Camel's HTTP server (see {@link InboundListener}). A delivery is checked the way
 * Factorial signs it (the subscription's challenge in {@code x-factorial-wh-challenge}, compared in constant time),
 * stored (one notification per person it names: a bulk action may send an array of records), and only then answered
 * 200; the change is applied by a later run (InboundWorker). Anything unverified, oversized, malformed or for an
 * unknown connector is refused with its status and one log line.
 */
public final class InboundReceiver {

    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PATH = "/hooks/";
    static final String CHALLENGE_HEADER = "x-factorial-wh-challenge";

    /** A refusal: the status answered, the words of the answer, and those of the log line (the operator's, which may say more). */
    record Refusal(int status, String why, String logged) {
        Refusal(int status, String why) {
            this(status, why, why);
        }
    }

    /** What an unknown connector's challenge is compared with, so that it takes the time a known one's does. */
    private static final byte[] NO_CHALLENGE = new byte[32];

    private final Settings settings;
    private final InboundNotifications notifications;
    /** Tells the worker a notification is stored, so it need not wait for its next poll. */
    private final Runnable stored;

    public InboundReceiver(Settings settings, InboundNotifications notifications) {
        this(settings, notifications, () -> { });
    }

    public InboundReceiver(Settings settings, InboundNotifications notifications, Runnable stored) {
        this.settings = settings;
        this.notifications = notifications;
        this.stored = stored;
    }

    /** The route's step: the exchange leaves with the answer's status and JSON body. */
    public void receive(Exchange exchange) {
        Message message = exchange.getMessage();
        HttpServerRequest request = exchange.getMessage(HttpMessage.class).getRequest();
        try {
            byte[] body = message.getBody(byte[].class);
            // The request's headers would otherwise be copied onto the answer.
            message.removeHeaders("*");
            message.setBody(null);
            String path = path(request);
            Refusal refusal = beforeBody(request.method().name(), path, request.getHeader(CHALLENGE_HEADER));
            if (refusal == null && body != null && body.length > settings.integer("webhooks-in.max-bytes")) {
                refusal = oversized(path);
            }
            if (refusal == null) {
                refusal = store(path, body == null ? new byte[0] : body);
            }
            if (refusal != null) {
                refuse(message, refusal);
                return;
            }
            answer(message, 200, Map.of("status", "stored"));
        } catch (RuntimeException e) {
            LOG.error("webhooks-in: a delivery could not be stored: {}", e.getMessage());
            message.removeHeaders("*");
            answer(message, 503, Map.of("error", "not stored; send it again"));
        }
    }

    /**
     * Why a delivery is refused before its body counts (null: it is not): the connector, the method, the challenge
     * and the type, in that order. The server refuses a body over the limit before the route sees it; so that such a
     * delivery is answered as it would be here, {@link InboundListener} asks this first.
     */
    Refusal beforeBody(String method, String path, String givenChallenge) {
        if (path.contains("..") || path.toLowerCase(Locale.ROOT).contains("%2f") || path.toLowerCase(Locale.ROOT).contains("%5c")
                || path.contains("\\")) {
            return new Refusal(400, "a path with dot segments or encoded slashes is not a delivery's");
        }
        String[] parts = parts(path);
        String connectorId = parts[0];
        String type = parts[1];
        Connectors.Connector connector = Connectors.enabled(settings).stream().filter(c -> c.id().equals(connectorId)).findFirst().orElse(null);
        String challenge = connector == null ? "" : settings.get(connector.key("webhooks-in.challenge"));
        byte[] given = givenChallenge == null ? new byte[0] : givenChallenge.getBytes(StandardCharsets.UTF_8);
        // An unknown connector is answered as a wrong challenge, after the same comparison: its id cannot be told
        // from a known one's by status, body or time. Only the log line says which it was.
        boolean verified = MessageDigest.isEqual(given, challenge.isEmpty() ? NO_CHALLENGE : challenge.getBytes(StandardCharsets.UTF_8));
        String unverified = connectorId + ": a delivery without the subscription's challenge (" + CHALLENGE_HEADER + ")";
        if (connector == null || challenge.isEmpty()) {
            return new Refusal(401, unverified, unverified + "; no connector '" + connectorId + "' takes webhooks here");
        }
        if (givenChallenge == null || !verified) {
            return new Refusal(401, unverified);
        }
        if (!"POST".equals(method)) {
            return new Refusal(405, connectorId + ": " + method + " is not a delivery");
        }
        if (type.isBlank() || !type.matches("[a-z_]+(/[a-z_]+)*")) {
            return new Refusal(404, connectorId + ": no subscription type in the path (/hooks/" + connectorId + "/<type>, e.g. employees/employee/update)");
        }
        return null;
    }

    Refusal oversized(String path) {
        return new Refusal(413, parts(path)[0] + ": a delivery larger than webhooks-in.max-bytes=" + settings.get("webhooks-in.max-bytes"));
    }

    /** Stores a verified delivery, or says why its body is refused. */
    private Refusal store(String path, byte[] body) {
        String[] parts = parts(path);
        String connectorId = parts[0];
        String type = parts[1];
        JsonNode record;
        try {
            record = JSON.readTree(body);
        } catch (IOException e) {
            record = null;
        }
        List<String> subjects = record == null ? null : subjects(type, record);
        if (subjects == null) {
            return new Refusal(400, connectorId + ": a " + type + " delivery whose body is not a JSON object" + (bulk(type) ? " or an array of them" : ""));
        }
        String text = new String(body, StandardCharsets.UTF_8);
        // One row per person named: a targeted run answers the notifications of the people it read.
        notifications.add(connectorId, type, subjects, text);
        LOG.debug("{}: webhook {} stored", connectorId, type);
        stored.run();
        return null;
    }

    /** The decoded path, as the listener before the route read it; as sent when it encodes a slash (refused then). */
    static String path(HttpServerRequest request) {
        String raw = request.path();
        if (raw.toLowerCase(Locale.ROOT).contains("%2f") || raw.toLowerCase(Locale.ROOT).contains("%5c")) {
            return raw;
        }
        try {
            return new URI(request.path()).getPath();
        } catch (URISyntaxException e) {
            return request.path();
        }
    }

    /** The connector and the subscription type a path under /hooks/ names (each possibly empty). */
    private static String[] parts(String path) {
        String[] parts = (path.length() > PATH.length() ? path.substring(PATH.length()) : "").split("/", 2);
        return new String[] {parts[0], parts.length > 1 ? parts[1] : ""};
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

    private static void refuse(Message message, Refusal refusal) {
        answer(message, refusal.status(), Map.of("error", logged(refusal)));
    }

    /** Logs a refusal; returns its words for the answer. */
    static String logged(Refusal refusal) {
        LOG.warn("webhooks-in: refused ({}): {}", refusal.status(), refusal.logged());
        return refusal.why();
    }

    private static void answer(Message message, int status, Map<String, String> body) {
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(json(body));
    }

    /** An answer's body; also the listener's, for the deliveries the server refuses before the route. */
    static byte[] json(Map<String, String> body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
