package io.identitysync.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.config.Settings;
import io.identitysync.demo.WebhookReceiver;
import io.identitysync.destinations.webhooks.WebhookDispatcher;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;
import io.identitysync.store.outbox.Events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Webhook throughput: N events (default 10,000) in the outbox of a fresh store, delivered to E loopback receivers
 * (default 1) that check every signature, each endpoint in order and the endpoints side by side. Prints events per
 * second per endpoint and deliveries per second in all. {@code bench/webhooks.sh [N] [E]}.
 */
public final class WebhookBench {

    private WebhookBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int endpoints = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path dir = Files.createTempDirectory("identity-sync-webhook-bench");
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        List<WebhookReceiver> receivers = new ArrayList<>();
        try {
            for (int i = 0; i < endpoints; i++) {
                receivers.add(new WebhookReceiver(secret));
            }
            List<String> urls = receivers.stream().map(WebhookReceiver::url).toList();
            Settings settings = Settings.of(Map.of("store.url", "jdbc:sqlite:" + dir.resolve("bench.db"),
                    "webhooks.urls", String.join(",", urls), "webhooks.secret", secret));
            Store store = Store.open(settings).migrate();
            try (Connection c = store.connect()) {
                c.setAutoCommit(false);
                try (Events events = new Events(c, (connector, type) -> urls, "bench-run", "bench")) {
                    for (int i = 1; i <= n; i++) {
                        ObjectNode user = Rows.JSON.createObjectNode().put("external_id", Integer.toString(i))
                                .put("username", "user.number" + i).put("email", "user" + i + "@example.com").put("status", "active");
                        events.emit("user.created", Integer.toString(i), "user", user, null);
                    }
                }
                c.commit();
            }
            try (WebhookDispatcher dispatcher = new WebhookDispatcher(store, settings)) {
                long start = System.nanoTime();
                boolean all = dispatcher.drain(Duration.ofMinutes(10));
                double seconds = (System.nanoTime() - start) / 1e9;
                int received = receivers.stream().mapToInt(WebhookReceiver::received).sum();
                int rejected = receivers.stream().mapToInt(WebhookReceiver::rejected).sum();
                System.out.printf("webhooks: %d events to %d local receiver(s) in %.2f s = %.0f events/s per endpoint, %.0f deliveries/s in all "
                        + "(%s, %d received, %d bad signatures)%n", n, endpoints, seconds, n / seconds, received / seconds,
                        all ? "all delivered" : "NOT all delivered", received, rejected);
            }
        } finally {
            for (WebhookReceiver r : receivers) {
                r.close();
            }
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
