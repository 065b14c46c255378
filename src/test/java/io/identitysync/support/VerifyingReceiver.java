package io.identitysync.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver for tests: verifies every request with the Standard Webhooks reference library (not our
 * signing code), records what it accepted in arrival order, and can be told to answer a status N times.
 */
public final class VerifyingReceiver implements AutoCloseable {

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // see SimulatorServer
    }

    public record Received(String id, String type, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Webhook verifier;
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    /** A scripted answer: a status (0: the normal 204 after recording), an optional Retry-After, a delay first. */
    private record Reply(int status, String retryAfter, long delayMillis) {
    }

    private final ConcurrentLinkedQueue<Reply> scriptedStatuses = new ConcurrentLinkedQueue<>();
    private final List<Map<String, List<String>>> headersSeen = Collections.synchronizedList(new ArrayList<>());
    private volatile long delayMillis;
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    public VerifyingReceiver(String secret) throws Exception {
        verifier = new Webhook(secret);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "receiver");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            try (exchange) {
                requests.incrementAndGet();
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Map<String, List<String>> headers = new TreeMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
                try {
                    verifier.verify(body, headers);
                } catch (Exception e) {
                    badSignatures.incrementAndGet();
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                if (!"application/json".equals(exchange.getRequestHeaders().getFirst("content-type"))) {
                    exchange.sendResponseHeaders(415, -1);
                    return;
                }
                headersSeen.add(headers);
                Reply scripted = scriptedStatuses.poll();
                long delay = scripted != null ? scripted.delayMillis() : delayMillis;
                if (delay > 0) {
                    try {
                        Thread.sleep(delay);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (scripted != null && scripted.status() != 0) {
                    if (scripted.retryAfter() != null) {
                        exchange.getResponseHeaders().set("Retry-After", scripted.retryAfter());
                    }
                    exchange.sendResponseHeaders(scripted.status(), -1);
                    return;
                }
                JsonNode event = JSON.readTree(body);
                received.add(new Received(headers.get("webhook-id").get(0), event.path("type").asText(), event));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** The next {@code times} requests that pass verification are answered with {@code status}. */
    public void answer(int status, int times) {
        for (int i = 0; i < times; i++) {
            scriptedStatuses.add(new Reply(status, null, 0));
        }
    }

    /** The next request that passes verification is answered with {@code status} and this Retry-After. */
    public void answerRetryAfter(int status, String retryAfter) {
        scriptedStatuses.add(new Reply(status, retryAfter, 0));
    }

    /** The next {@code times} requests are held {@code millis} before the normal answer (a hanging receiver). */
    public void hang(long millis, int times) {
        for (int i = 0; i < times; i++) {
            scriptedStatuses.add(new Reply(0, null, millis));
        }
    }

    /** Every request is held this long: a slow receiver. */
    public void slow(long millis) {
        this.delayMillis = millis;
    }

    /** The headers (lower-case names) of every verified request, in arrival order. */
    public List<Map<String, List<String>>> headers() {
        synchronized (headersSeen) {
            return List.copyOf(headersSeen);
        }
    }

    public void stopFailing() {
        scriptedStatuses.clear();
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public List<String> types() {
        return received().stream().map(Received::type).toList();
    }

    public void clear() {
        received.clear();
    }

    public int badSignatures() {
        return badSignatures.get();
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    public static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    public static Map<String, Long> countByType(List<String> types) {
        Map<String, Long> out = new TreeMap<>();
        types.forEach(t -> out.merge(t, 1L, Long::sum));
        return out;
    }
}
