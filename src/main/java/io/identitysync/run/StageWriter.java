package io.identitysync.run;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Stages a run's pages on a writer thread of its own, so the next page is fetched while the last is written: the
 * read then takes about as long as the API alone. Pages are written in order; at most {@value #IN_FLIGHT} wait, so
 * memory still holds a few pages whatever the source's size. A failed write fails the run at the next page or at
 * the commit, which waits for every page first.
 */
final class StageWriter {

    private static final int IN_FLIGHT = 3;

    private final ExecutorService thread;
    private final Semaphore room = new Semaphore(IN_FLIGHT);
    private volatile RuntimeException failure;

    StageWriter(String runId) {
        thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "stage-" + runId);
            t.setDaemon(true);
            return t;
        });
    }

    void submit(Runnable write) throws InterruptedException {
        rethrow();
        room.acquire();
        thread.execute(() -> {
            try {
                if (failure == null) {
                    write.run();
                }
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                room.release();
            }
        });
    }

    /** Waits for every page; rethrows the first failed write. */
    void finish() throws InterruptedException {
        stop();
        rethrow();
    }

    /** Waits for the writes under way and drops the rest of the run's work. */
    void stop() throws InterruptedException {
        thread.shutdown();
        if (!thread.awaitTermination(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("staging did not finish within 10 minutes");
        }
    }

    private void rethrow() {
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
    }
}
