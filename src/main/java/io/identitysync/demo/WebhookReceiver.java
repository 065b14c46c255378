package io.identitysync.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.identitysync.destinations.webhooks.WebhookSigner;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback webhook receiver for the demo and for integrators trying the service out: checks every request's
 * Standard Webhooks signature (401 when it does not match), and counts events by type, each webhook-id once.
 */
public final class WebhookReceiver implements AutoCloseable {

    static {
        // The JDK server writes headers and body separately; with Nagle on, the client's delayed ACK adds ~40 ms
        // to every answer, which would make loopback look like a distant API.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final WebhookSigner signer;
    private final Map<String, AtomicInteger> byType = new ConcurrentHashMap<>();
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final AtomicInteger rejected = new AtomicInteger();

    public WebhookReceiver(String secret) throws IOException {
        this.signer = new WebhookSigner(secret);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                String ts = exchange.getRequestHeaders().getFirst("webhook-timestamp");
                boolean valid;
                try {
                    valid = id != null && ts != null
                            && signer.verify(id, Long.parseLong(ts), body, exchange.getRequestHeaders().getFirst("webhook-signature"));
                } catch (NumberFormatException e) {
                    valid = false;
                }
                if (!valid) {
                    rejected.incrementAndGet();
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                if (ids.add(id)) {
                    JsonNode event = JSON.readTree(body);
                    byType.computeIfAbsent(event.path("type").asText(), k -> new AtomicInteger()).incrementAndGet();
                }
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks";
    }

    public Map<String, Integer> countsByType() {
        Map<String, Integer> out = new TreeMap<>();
        byType.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public int received() {
        return ids.size();
    }

    public int rejected() {
        return rejected.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
