package io.identitysync.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.IdentitySyncApp;
import io.identitysync.cli.support.Context;
import io.identitysync.config.Settings;
import io.identitysync.console.Console;
import io.identitysync.core.PrivateFiles;
import io.identitysync.demo.WebhookReceiver;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.factorial.FactorialSimulator;
import io.identitysync.simulators.jumpcloud.JumpCloudSimulator;
import io.identitysync.simulators.teamtailor.TeamtailorData;
import io.identitysync.simulators.teamtailor.TeamtailorSimulator;
import io.identitysync.store.identities.IdentityCounts;
import io.identitysync.store.runs.SyncRunRows;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole product on one machine with no credentials: the bundled simulators on loopback, one sync, signed
 * webhooks to a loopback receiver that checks them, Factorial's people provisioned into the JumpCloud simulator,
 * and a summary of what happened and where it went.
 */
@Command(name = "demo", header = "Simulators, a sync, a summary: the product with no credentials.",
        description = {"The whole product on this machine with no credentials: simulators, a sync, signed webhooks, "
        + "a JumpCloud directory provisioned, and a summary. Writes under target/demo; reads no configuration."})
final class DemoCommand implements Callable<Integer> {

    private final Context context;

    @Option(names = "--console", description = "Then keep the service up with the web console on a loopback port: prints its "
            + "address; the sign-in tokens are in target/demo/console-tokens (owner-only). SIGTERM or Ctrl-C stops it.")
    boolean console;

    DemoCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        return run(context.out(), context.err(), console);
    }

    private static int run(PrintStream out, PrintStream err, boolean console) {
        CountDownLatch closed = new CountDownLatch(1);
        try {
            return demo(out, err, console, closed);
        } finally {
            closed.countDown();
        }
    }

    /**
     * Until SIGTERM (or Ctrl-C): the hook lets this thread close the service, the simulators and the store, and waits
     * for that, so the process exits with everything closed as after any demo.
     */
    private static void awaitStop(CountDownLatch closed) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                closed.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-console-stop"));
        stop.await();
    }

    private static int demo(PrintStream out, PrintStream err, boolean console, CountDownLatch closed) {
        Path dir = Path.of("target", "demo").toAbsolutePath();
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[32];
        random.nextBytes(key);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        String token = "demo-" + Long.toHexString(random.nextLong());
        try {
            deleteTree(dir);
            PrivateFiles.createDirectories(dir, PrivateFiles.DIR);
            try (FactorialSimulator factorial = new FactorialSimulator(0, token, FactorialData.seeded(300, 42));
                 TeamtailorSimulator teamtailor = new TeamtailorSimulator(0, token, TeamtailorData.seeded(80, 42));
                 WebhookReceiver receiver = new WebhookReceiver(secret);
                 JumpCloudSimulator jumpcloud = new JumpCloudSimulator(0, token)) {
                Map<String, String> keys = new HashMap<>(Map.of(
                        "directories.demo-jc.type", "jumpcloud",
                        "directories.demo-jc.url", jumpcloud.baseUrl(),
                        "directories.demo-jc.api-token", token,
                        "directories.demo-jc.connectors", "factorial",
                        "directories.demo-jc.groups", "true"));
                keys.putAll(Map.of(
                        "factorial.base-url", factorial.baseUrl(),
                        "factorial.api-token", token,
                        "teamtailor.base-url", teamtailor.baseUrl(),
                        "teamtailor.api-token", token,
                        "store.url", "jdbc:sqlite:" + dir.resolve("identity.db"),
                        "files.dir", dir.resolve("exports").toString(),
                        "webhooks.urls", receiver.url(),
                        "webhooks.secret", secret));
                Path tokens = dir.resolve("console-tokens");
                if (console) {
                    String readToken = "read-" + HexFormat.of().formatHex(bytes(random, 16));
                    String adminToken = "admin-" + HexFormat.of().formatHex(bytes(random, 16));
                    keys.putAll(Map.of("management.enabled", "true", "management.port", String.valueOf(freePort()),
                            "management.api-enabled", "true", "management.console-enabled", "true",
                            "management.api-token", readToken, "management.api-admin-token", adminToken));
                    // Tokens go to an owner-only file, never to the terminal (scrollback, CI logs).
                    PrivateFiles.writeString(tokens, "read-only: " + readToken + "\nadmin:     " + adminToken + "\n", PrivateFiles.FILE);
                }
                Settings settings = Settings.of(keys);
                out.println("Identity Sync demo: Factorial simulator at " + factorial.baseUrl() + ", Teamtailor simulator at "
                        + teamtailor.baseUrl() + ", webhook receiver at " + receiver.url() + ", JumpCloud simulator at " + jumpcloud.baseUrl());
                Instant started = Instant.now();
                boolean ok = true;
                try (IdentitySyncApp app = new IdentitySyncApp(settings, false).start()) {
                    for (String connector : app.enabledConnectors()) {
                        IdentitySyncApp.RunOutcome outcome = app.run(connector);
                        ok &= outcome.succeeded();
                        out.printf("%s: %s%s%n", connector, outcome.status(), outcome.error() == null ? "" : " (" + outcome.error() + ")");
                        if (outcome.exportFolder() != null) {
                            out.println("  files:    " + outcome.exportFolder());
                        }
                    }
                    ok &= app.drainWebhooks(Duration.ofSeconds(30));
                    ok &= app.drainDirectories(Duration.ofSeconds(60));
                    summarize(app, out);
                    if (console && ok) {
                        out.println("  console:  " + Console.address(settings) + " (sign in with a token from " + tokens + ")");
                        out.println("demo succeeded; the console stays up until SIGTERM or Ctrl-C");
                        out.flush();
                        awaitStop(closed);
                    }
                }
                Map<String, Long> states = new TreeMap<>();
                jumpcloud.directory().users().forEach(u -> states.merge(u.path("state").asText(), 1L, Long::sum));
                out.printf("  jumpcloud: %d users provisioned from factorial %s, %d department groups%n",
                        jumpcloud.directory().users().size(), states, jumpcloud.directory().groups().size());
                ok &= !jumpcloud.directory().users().isEmpty();
                out.printf("  webhooks: %d events received and verified, %d rejected: %s%n",
                        receiver.received(), receiver.rejected(), receiver.countsByType());
                out.println("  store:    " + dir.resolve("identity.db"));
                out.printf("  elapsed:  %.2f s%n", Duration.between(started, Instant.now()).toMillis() / 1000.0);
                ok &= receiver.rejected() == 0 && receiver.received() > 0;
                out.println("  next:     java -jar target/identity-sync.jar status --store.url=jdbc:sqlite:" + dir.resolve("identity.db"));
                out.println(ok ? "demo succeeded" : "demo FAILED");
                return ok ? 0 : 1;
            }
        } catch (Exception e) {
            err.println("demo failed: " + e);
            return 1;
        }
    }

    private static void summarize(IdentitySyncApp app, PrintStream out) {
        for (String connector : app.enabledConnectors()) {
            for (ObjectNode run : SyncRunRows.recent(app.store(), connector, 1)) {
                out.printf("  run:      %s: %d pages, %d users seen, %d created, %d updated, %d deleted, %d skipped%n", connector,
                        run.path("pages").asInt(), run.path("users_seen").asInt(), run.path("created").asInt(), run.path("updated").asInt(),
                        run.path("deleted").asInt(), run.path("skipped").asInt());
            }
        }
        Map<String, Long> counts = new TreeMap<>(IdentityCounts.byStatus(app.store()));
        counts.forEach((key, n) -> {
            String[] part = key.split("\\|");
            if (part[0].equals("users") && !part[2].equals("deleted") || part[0].equals("kinds")) {
                out.printf("  %-9s %s %s: %d%n", part[0].equals("users") ? "users:" : "groups:", part[1], part[2], n);
            }
        });
    }

    private static byte[] bytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
