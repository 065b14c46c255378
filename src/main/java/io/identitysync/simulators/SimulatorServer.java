package io.identitysync.simulators;

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
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every source simulator shares: a JDK HTTP server on loopback, request counting, JSON answers, a latency
 * for every request, and a fault plan: a fault for a resource's page N (served once, in place of that page), for
 * the server's request N (1-based, counting every request), or for any request with probability p (seeded, so a
 * test or a demo can repeat it exactly).
 */
public abstract class SimulatorServer implements AutoCloseable {

    static {
        // The JDK server writes headers and body separately; with Nagle on, the client's delayed ACK adds ~40 ms
        // to every answer, which would make loopback look like a distant API.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    protected static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    /** System.nanoTime() of the first request since {@link #watchForFirstRequest()}, or 0: how long a client took to start. */
    private final AtomicLong firstRequestNanos = new AtomicLong();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final Map<Integer, Fault> byRequest = new ConcurrentHashMap<>();
    private volatile Fault randomFault;
    private volatile double randomProbability;
    private Random random = new Random(0);
    private volatile long latencyMillis;

    protected SimulatorServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/", exchange -> {
            int n = requests.incrementAndGet();
            firstRequestNanos.compareAndSet(0, System.nanoTime());
            try (exchange) {
                pause(latencyMillis);
                Fault fault = planned(n);
                if (fault != null && serve(exchange, fault)) {
                    return;
                }
                handle(exchange);
            } catch (DroppedConnection dropped) {
                // The connection is closed by the server's own handling of an unfinished exchange.
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

    /** From now, notes when the next request arrives (a benchmark's start-up figure). */
    public void watchForFirstRequest() {
        firstRequestNanos.set(0);
    }

    /** System.nanoTime() when the first request since {@link #watchForFirstRequest()} arrived, or 0. */
    public long firstRequestNanos() {
        return firstRequestNanos.get();
    }

    /** Counts a request for an operation ("POST /systemusers"); returns its number (1-based), for faults per operation. */
    protected int counted(String operation) {
        return calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
    }

    /** How many requests an operation got ("POST /systemusers", "PATCH /Users/{id}"). */
    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    /** Every operation's requests so far, by operation: what a run asked for is the difference of two of these. */
    public Map<String, Integer> callCounts() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Every request waits this long before it is answered: a distant API. */
    public void latency(long millis) {
        this.latencyMillis = millis;
    }

    /** Request {@code n} (1-based, counting every request this server gets) meets {@code fault}. */
    public void faultOnRequest(int n, Fault fault) {
        byRequest.put(n, fault);
    }

    /** Each request meets {@code fault} with probability {@code p}; the same seed gives the same requests. */
    public synchronized void faultRandomly(double p, long seed, Fault fault) {
        this.random = new Random(seed);
        this.randomProbability = p;
        this.randomFault = fault;
    }

    /** No more faults of any kind. */
    public synchronized void clearFaults() {
        faults.clear();
        byRequest.clear();
        randomFault = null;
    }

    private synchronized Fault planned(int n) {
        Fault f = byRequest.remove(n);
        if (f == null && randomFault != null && random.nextDouble() < randomProbability) {
            f = randomFault;
        }
        return f;
    }

    /** The next time {@code page} (1-based) of {@code resource} is asked for, {@code fault} is answered instead. */
    public void fault(String resource, int page, Fault fault) {
        faults.computeIfAbsent(resource + "#" + page, k -> new ArrayDeque<>()).add(fault);
    }

    /** Serves a queued fault for this page, if any; true when it answered (a slow fault only delays). */
    protected boolean served(HttpExchange exchange, String resource, int page) throws IOException {
        Deque<Fault> queue = faults.get(resource + "#" + page);
        Fault fault = queue == null ? null : queue.poll();
        return fault != null && serve(exchange, fault);
    }

    /** Acts out a fault; false when the normal answer should follow (after a delay). */
    private boolean serve(HttpExchange exchange, Fault fault) throws IOException {
        switch (fault.kind()) {
            case SLOW -> {
                pause(fault.delayMillis());
                return false;
            }
            case RESET -> {
                // Without a response the JDK server drops the connection: the client gets no answer at all.
                exchange.getRequestBody().close();
                throw new DroppedConnection();
            }
            case TRUNCATE -> {
                byte[] whole = "{\"data\":[{\"id\":1,\"first_name\":\"Ada\",\"last_name\":\"Lovelace\"}],\"meta\":{}}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, whole.length);
                OutputStream out = exchange.getResponseBody();
                out.write(whole, 0, whole.length / 2);
                out.flush();
                throw new DroppedConnection();
            }
            default -> {
                byte[] body = fault.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                fault.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
                exchange.sendResponseHeaders(fault.status(), body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
                return true;
            }
        }
    }

    /** Thrown to make the JDK server drop the connection mid-exchange. */
    private static final class DroppedConnection extends RuntimeException {
        DroppedConnection() {
            super(null, null, false, false);
        }
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        return form(exchange.getRequestURI().getRawQuery());
    }

    /** Every value of a repeated query parameter ({@code ids[]=1&ids[]=2}). */
    protected static List<String> queryValues(HttpExchange exchange, String name) {
        List<String> out = new ArrayList<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                    out.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    /** Fields of a URL-encoded form (a query string, or an application/x-www-form-urlencoded body). */
    public static Map<String, String> form(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
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
