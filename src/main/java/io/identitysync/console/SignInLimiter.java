package io.identitysync.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sign-in attempts per client address: {@link #MAX_FAILURES} wrong tokens within {@link #WINDOW} and that address is
 * refused, right token or not, until the oldest failure leaves the window. Guessing a 24-character token is hopeless
 * anyway; this keeps the log and the audit from filling with tries.
 */
final class SignInLimiter {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    /** Seconds to wait before trying again, or 0 when this address may try now. */
    long retryAfter(String address, Instant now) {
        Deque<Instant> f = failures.get(address);
        if (f == null) {
            return 0;
        }
        synchronized (f) {
            while (!f.isEmpty() && f.peekFirst().plus(WINDOW).isBefore(now)) {
                f.removeFirst();
            }
            if (f.size() < MAX_FAILURES) {
                return 0;
            }
            return Math.max(1, Duration.between(now, f.peekFirst().plus(WINDOW)).toSeconds() + 1);
        }
    }

    void failed(String address, Instant now) {
        Deque<Instant> f = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (f) {
            f.addLast(now);
            while (f.size() > MAX_FAILURES) {
                f.removeFirst();
            }
        }
    }

    void succeeded(String address) {
        failures.remove(address);
    }
}
