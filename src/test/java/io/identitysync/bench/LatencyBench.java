package io.identitysync.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.demo.WebhookReceiver;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.factorial.FactorialSimulator;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Change → outgoing webhook: a company of N people (default 100,000) in the Factorial simulator (20 ms a request),
 * synced once, then the real jar as a service with webhooks-in on; each of C changes (default 100) is made in the
 * simulator, which delivers its webhook, and the time until the receiver has the user.updated is measured. Then one
 * change whose webhook is lost, and how long the next full run takes to bring it. {@code bench/latency.sh [N] [C]}.
 */
public final class LatencyBench {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String CHALLENGE = "bench-challenge-4c1e";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int changes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path jar = Path.of("target/identity-sync.jar").toAbsolutePath();
        Path dir = Files.createTempDirectory("identity-sync-latency-bench");
        FactorialData data = FactorialData.seeded(n, 1);
        try (FactorialSimulator sim = new FactorialSimulator(0, BenchProbes.TOKEN, data); WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
            sim.latency(20);
            // Chosen while the simulator and the receiver hold theirs, so neither can be given the service's port.
            int port = freePort();
            int management = freePort();
            List<String> args0 = List.of("--factorial.base-url=" + sim.baseUrl(), "--factorial.api-token=" + BenchProbes.TOKEN,
                    "--teamtailor.enabled=false", "--store.url=jdbc:sqlite:" + dir.resolve("identity.db"), "--files.dir=" + dir.resolve("exports"),
                    "--webhooks.urls=" + receiver.url(), "--webhooks.secret=" + SECRET, "--factorial.schedule=0 0 0 1 1 ? 2099",
                    "--webhooks-in.enabled=true", "--webhooks-in.host=127.0.0.1", "--webhooks-in.port=" + port,
                    "--factorial.webhooks-in.challenge=" + CHALLENGE, "--sync.max-delete-ratio=1", "--management.enabled=true",
                    "--management.port=" + management, "--management.readiness-includes-runs=false");
            System.err.printf("latency bench: %d people, first sync …%n", n);
            // Without the receiver: a service that has run a while has delivered its first sync's events long ago,
            // and one change's event must not wait behind them.
            run(jar, dir, args0.stream().filter(a -> !a.startsWith("--webhooks.")).toList(), true);
            subscribe(sim, "employees/employee/update", "http://127.0.0.1:" + port + "/hooks/factorial/employees/employee/update");
            System.err.println("latency bench: the service …");
            Process service = start(jar, dir, args0);
            List<Change> measured = new ArrayList<>();
            try {
                // The webhooks-in port opens before its routes are up: a change sent then gets 404 and is lost.
                waitForReady(management, service, dir);
                List<Long> millis = new ArrayList<>();
                // Change 0 warms the service up (its first run loads classes); a service that has run a while is warm.
                for (int i = 0; i <= changes; i++) {
                    ObjectNode e = data.employeeById(1 + (i * 997) % n);
                    if (!e.path("email").isTextual() && !e.path("login_email").isTextual()) {
                        continue;
                    }
                    int before = userEvents(receiver);
                    Map<String, Integer> callsBefore = sim.callCounts();
                    e.put("last_name", e.get("last_name").asText() + "x");
                    long t0 = System.nanoTime();
                    long emittedAt = System.currentTimeMillis();
                    sim.emit("employees/employee/update", e);
                    while (userEvents(receiver) == before) {
                        if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(60)) {
                            throw new IllegalStateException("change " + i + " did not arrive within 60 s; the simulator's deliveries got "
                                    + sim.deliveryAnswers() + "; the service's log ends:\n" + tail(dir.resolve("service.log"), 40));
                        }
                        Thread.sleep(2);
                    }
                    if (i == 1) {
                        // What one change's targeted run asks the source for (the notification's run reads after it).
                        Map<String, Integer> after = sim.callCounts();
                        System.out.println("one change's requests: " + after.entrySet().stream().filter(c -> c.getValue() > callsBefore.getOrDefault(c.getKey(), 0))
                                .map(c -> c.getKey() + " " + (c.getValue() - callsBefore.getOrDefault(c.getKey(), 0))).toList());
                    }
                    if (i > 0) {
                        long total = (System.nanoTime() - t0) / 1_000_000;
                        millis.add(total);
                        measured.add(new Change(e.get("id").asText(), emittedAt, total));
                    }
                }
                Collections.sort(millis);
                System.out.printf(Locale.ROOT, "push latency: p50=%d ms p99=%d ms (%d changes, %d users)%n", percentile(millis, 50),
                        percentile(millis, 99), millis.size(), n);
            } finally {
                service.destroy();
                service.waitFor(60, TimeUnit.SECONDS);
            }
            slowest(dir.resolve("identity.db"), measured, 5);
            // A change whose webhook never comes: the next full run brings it.
            ObjectNode lost = data.employeeById(2);
            int before = userEvents(receiver);
            lost.put("last_name", lost.get("last_name").asText() + "-lost");
            sim.emitLost("employees/employee/update", lost);
            long t0 = System.nanoTime();
            run(jar, dir, args0, true);
            long waited = 0;
            while (userEvents(receiver) == before && waited < 60_000) {
                Thread.sleep(10);
                waited += 10;
            }
            System.out.printf(Locale.ROOT, "lost webhook: brought by the next full run in %.1f s (the run alone; plus the wait for its schedule)%n",
                    (System.nanoTime() - t0) / 1e9);
        } finally {
            if (!"true".equals(System.getProperty("keep"))) {
                try (var files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** One measured change: the employee, when the simulator emitted its webhook (wall clock), and the total. */
    private record Change(String employeeId, long emittedAt, long totalMillis) {
    }

    /**
     * Where the slowest changes waited, from the service's own timestamps (the same clock): the webhook's way in
     * (emit → stored), the wait for a run (stored → run start: the notification poll, or a run already going), the
     * targeted run (read and commit), and the rest (outbox pass and the send).
     */
    private static void slowest(Path db, List<Change> changes, int count) throws Exception {
        List<Change> worst = changes.stream().sorted(Comparator.comparingLong(Change::totalMillis).reversed()).limit(count).toList();
        System.out.println("slowest changes (ms): total = webhook in + wait for a run + run (read, commit) + delivery");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db)) {
            for (Change ch : worst) {
                try (java.sql.PreparedStatement q = c.prepareStatement("SELECT n.received_at, r.started_at, r.finished_at, r.kind, r.pages FROM "
                        + "inbound_notifications n LEFT JOIN sync_runs r ON r.id = n.run_id WHERE n.subject_id = ? ORDER BY n.id DESC LIMIT 1")) {
                    q.setString(1, ch.employeeId());
                    try (java.sql.ResultSet rs = q.executeQuery()) {
                        if (!rs.next() || rs.getString(2) == null) {
                            System.out.printf(Locale.ROOT, "  %6d  employee %s: no handled notification found%n", ch.totalMillis(), ch.employeeId());
                            continue;
                        }
                        long received = millis(rs.getString(1));
                        long started = millis(rs.getString(2));
                        long finished = millis(rs.getString(3));
                        long delivered = ch.emittedAt() + ch.totalMillis();
                        System.out.printf(Locale.ROOT, "  %6d = %5d + %5d + %5d (%s run, %d requests) + %5d  employee %s%n", ch.totalMillis(), received - ch.emittedAt(),
                                started - received, finished - started, rs.getString(4), rs.getInt(5), delivered - finished, ch.employeeId());
                    }
                }
            }
        }
    }

    private static long millis(String timestamp) {
        return java.time.Instant.parse(timestamp).toEpochMilli();
    }

    /** User events received so far (a pre-hire's change is user.pending, a leaver's user.disabled…). */
    private static int userEvents(WebhookReceiver receiver) {
        return receiver.countsByType().entrySet().stream().filter(e -> e.getKey().startsWith("user.")).mapToInt(Map.Entry::getValue).sum();
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static void subscribe(FactorialSimulator sim, String type, String url) throws Exception {
        String body = JSON.createObjectNode().put("subscription_type", type).put("target_url", url).put("challenge", CHALLENGE)
                .put("company_id", 1).toString();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sim.baseUrl()
                + "/resources/api_public/webhook_subscriptions")).header("x-api-key", BenchProbes.TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("subscribe: HTTP " + r.statusCode() + " " + r.body());
        }
    }

    private static void run(Path jar, Path dir, List<String> args, boolean once) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", jar.toString()));
        if (once) {
            command.add("--once");
        }
        command.addAll(args);
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("once.log").toFile()).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("--once exited " + p.exitValue() + "; see " + dir.resolve("once.log"));
        }
    }

    private static Process start(Path jar, Path dir, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", jar.toString()));
        command.addAll(args);
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile()).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitForReady(int management, Process service, Path dir) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/observe/health/ready")).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && service.isAlive()) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the service was not ready within 60 s" + (service.isAlive() ? "" : " (it exited " + service.exitValue() + ")")
                + "; its log ends:\n" + tail(dir.resolve("service.log"), 40));
    }

    private static String tail(Path log, int lines) throws IOException {
        List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
