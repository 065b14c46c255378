package io.identitysync;

import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import io.identitysync.support.TestStores;
import io.identitysync.support.VerifyingReceiver;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three real service processes on one PostgreSQL database, a cron every four seconds, and one of them killed
 * (SIGKILL) in the middle of a run: each fire runs once, on one node; runs never overlap; another node fails the
 * dead node's run, runs that fire again and the next fires succeed; every event reaches the receiver, first arrivals in event order.
 */
class ClusterTest extends FixtureTest {

    private static final int CRON_SECONDS = 4;

    @Test
    void threeNodesShareOneScheduleAndOneOutboxAndSurviveTheLossOfOne() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(40, 5));
        fx.set("store.url", TestStores.newDatabase()).set("teamtailor.enabled", "false").set("factorial.page-size", "5")
                .set("factorial.schedule", "0/" + CRON_SECONDS + " * * * * ?")
                .set("cluster.checkin-interval", "1s").set("cluster.node-timeout", "5s").set("webhooks.poll-interval", "200ms");
        // Runs of a second or two: long enough to be killed in the middle of one, short enough to leave the schedule room.
        fx.factorial.latency(60);
        Map<String, Process> nodes = new LinkedHashMap<>();
        for (String node : List.of("node-1", "node-2", "node-3")) {
            nodes.put(node, fx.launchNamed(node + "-", "--node.id=" + node));
        }
        try {
            // Changes keep coming, so that runs write events for the shared outbox.
            Thread changes = new Thread(() -> {
                int n = 0;
                while (!Thread.currentThread().isInterrupted()) {
                    fx.factorial.data().employeeById(1 + n % 40).put("last_name", "Changed" + n++);
                    try {
                        Thread.sleep(700);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            changes.setDaemon(true);
            changes.start();
            await(60, () -> count("status = 'succeeded'") >= 3, "three runs succeed");

            // Kill the node that has a run going, in the middle of it.
            await(30, () -> count("status = 'running'") == 1, "a run is going");
            Map<String, Object> running = fx.query("SELECT id, node FROM sync_runs WHERE status = 'running'").get(0);
            String killedNode = (String) running.get("node");
            String killedRun = (String) running.get("id");
            Instant killedAt = Instant.now();
            nodes.get(killedNode).destroyForcibly();
            assertTrue(nodes.get(killedNode).waitFor(10, TimeUnit.SECONDS));

            // Another node finds it silent (node timeout 5 s, check-ins every second) and fails its run.
            await(20, () -> "failed".equals(scalar("SELECT status FROM sync_runs WHERE id = '" + killedRun + "'")), "the dead node's run is failed");
            String failedBy = (String) fx.scalar("SELECT error FROM sync_runs WHERE id = '" + killedRun + "'");
            assertTrue(failedBy.contains("node " + killedNode + " stopped checking in"), failedBy);
            double failedAfter = (Instant.parse((String) fx.scalar("SELECT finished_at FROM sync_runs WHERE id = '" + killedRun + "'")).toEpochMilli()
                    - killedAt.toEpochMilli()) / 1000.0;
            assertTrue(failedAfter <= 5 + 1 + 2, "failed " + failedAfter + " s after the kill");
            await(40, () -> count("status = 'succeeded' AND started_at > '" + killedAt + "'") >= 2, "the next fires run normally");
            // The fire the dead node was running is run again elsewhere (a recoverable Quartz job), not lost.
            await(40, () -> nodes.keySet().stream().filter(n -> !n.equals(killedNode)).anyMatch(n -> logOf(n).contains(
                    "factorial: running again the fire due at ")), "the dead node's fire runs again on another node");
            changes.interrupt();
            changes.join();
            // One more full run after the last change, then every delivery.
            int succeeded = count("status = 'succeeded'");
            await(30, () -> count("status = 'succeeded'") > succeeded + 1, "a run after the last change");
            await(30, () -> count("1 = 1", "webhook_deliveries", "status = 'pending'") == 0, "the outbox is empty");

            List<Map<String, Object>> runs = fx.query("SELECT id, node, status, started_at, finished_at FROM sync_runs ORDER BY started_at");
            // One run per fire: no more runs than cron slots from the first to the last (a fire that every node took
            // would double them), plus the one fire the kill cut, run again. A fire held back by the dead node's turn
            // starts late, so slots are counted, not matched.
            long firstSlot = Instant.parse((String) runs.get(0).get("started_at")).getEpochSecond() / CRON_SECONDS;
            long lastSlot = Instant.parse((String) runs.get(runs.size() - 1).get("started_at")).getEpochSecond() / CRON_SECONDS;
            assertTrue(runs.size() <= lastSlot - firstSlot + 1 + 1, "more runs than fires: " + runs);
            // Never two at once: each run starts after the one before it finished (the killed one ended when it was killed).
            Instant previousEnd = Instant.EPOCH;
            for (Map<String, Object> run : runs) {
                Instant start = Instant.parse((String) run.get("started_at"));
                assertFalse(start.isBefore(previousEnd), "overlapping runs: " + runs);
                // The cron keeps firing: the last run may still be going (on a loaded machine it usually is).
                previousEnd = run.get("id").equals(killedRun) ? killedAt
                        : run.get("finished_at") == null ? Instant.MAX : Instant.parse((String) run.get("finished_at"));
            }
            Set<Object> ranOn = new HashSet<>();
            runs.forEach(r -> ranOn.add(r.get("node")));
            assertTrue(ranOn.size() >= 2, "runs moved to another node: " + runs);
            assertTrue(count("status = 'running'") <= 1, "at most the last fire's run is going: " + runs);

            // Every event reached the receiver; first arrivals in event order; duplicates only from the kill.
            Map<String, Long> seqOf = new HashMap<>();
            for (Map<String, Object> e : fx.query("SELECT id, seq FROM events")) {
                seqOf.put((String) e.get("id"), ((Number) e.get("seq")).longValue());
            }
            List<VerifyingReceiver.Received> received = new ArrayList<>(fx.receiver.received());
            Set<String> first = new HashSet<>();
            long lastSeq = 0;
            int duplicates = 0;
            for (VerifyingReceiver.Received r : received) {
                if (!first.add(r.id())) {
                    duplicates++;
                    continue;
                }
                long seq = seqOf.get(r.id());
                assertTrue(seq > lastSeq, "first arrivals out of event order at " + r.id());
                lastSeq = seq;
            }
            assertEquals(seqOf.keySet(), first, "every event arrived");
            assertEquals(0, fx.receiver.badSignatures());
            System.out.printf("cluster: %d runs on %s, killed %s's run %s, failed %.1f s after the kill; %d events, %d duplicate deliveries%n",
                    runs.size(), ranOn, killedNode, killedRun, failedAfter, seqOf.size(), duplicates);
            assertTrue(duplicates <= 100, duplicates + " duplicates: at most what the killed node had sent and not yet recorded");
            assertNotEquals(0, seqOf.size());
        } finally {
            for (Process p : nodes.values()) {
                p.destroy();
            }
            for (Process p : nodes.values()) {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
        for (String node : List.of("node-1", "node-2", "node-3")) {
            assertFalse(Files.readString(dir.resolve(node + "-err.log")).contains(SyncFixture.TOKEN), "no token in the logs");
        }
    }

    private String logOf(String node) {
        try {
            return Files.readString(dir.resolve(node + "-err.log"));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private int count(String where) {
        return count(where, "sync_runs", "1 = 1");
    }

    private int count(String where, String table, String also) {
        Object n = scalar("SELECT count(*) FROM " + table + " WHERE " + where + " AND " + also);
        return n == null ? 0 : ((Number) n).intValue();
    }

    private Object scalar(String sql) {
        try {
            return fx.scalar(sql);
        } catch (Exception e) {
            return null;
        }
    }

    private void await(int seconds, BooleanSupplier condition, String what) throws Exception {
        Instant deadline = Instant.now().plusSeconds(seconds);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what + "; runs: "
                        + fx.query("SELECT id, node, status, started_at, finished_at, error FROM sync_runs ORDER BY started_at")
                        + "\nnode-1: " + tail("node-1-err.log") + "\nnode-2: " + tail("node-2-err.log") + "\nnode-3: " + tail("node-3-err.log"));
            }
            Thread.sleep(100);
        }
    }

    private String tail(String log) throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve(log));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }
}
