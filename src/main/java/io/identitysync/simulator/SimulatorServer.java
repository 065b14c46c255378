package io.identitysync.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every source simulator shares: a JDK HTTP server on loopback, request counting, JSON answers and a fault
 * plan (a fault queued for a resource's page N is served once, in place of that page).
 */
public abstract class SimulatorServer implements AutoCloseable {

    protected static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();

    protected SimulatorServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            try (exchange) {
                handle(exchange);
            } catch (RuntimeException e) {
                send(exchange, 500, Map.of("error", "simulator error: " + e.getMessage()));
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, getClass().getSimpleName());
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    protected abstract void handle(HttpExchange exchange) throws IOException;

    public int port() {
        return server.getAddress().getPort();
    }

    public String origin() {
        return "http://127.0.0.1:" + port();
    }

    public int requests() {
        return requests.get();
    }

    /** The next time {@code page} (1-based) of {@code resource} is asked for, {@code fault} is answered instead. */
    public void fault(String resource, int page, Fault fault) {
        faults.computeIfAbsent(resource + "#" + page, k -> new ArrayDeque<>()).add(fault);
    }

    /** Serves a queued fault for this page, if any; true when it did. */
    protected boolean served(HttpExchange exchange, String resource, int page) throws IOException {
        Deque<Fault> queue = faults.get(resource + "#" + page);
        Fault fault = queue == null ? null : queue.poll();
        if (fault == null) {
            return false;
        }
        byte[] body = fault.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(fault.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        return true;
    }

    protected static void send(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, body, "application/json");
    }

    protected static void send(HttpExchange exchange, int status, Object body, String contentType) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    protected static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(key, value);
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
