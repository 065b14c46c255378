package io.identitysync.core;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before trying again, for sources and webhook endpoints alike. Waits are jittered so that
 * many clients (or many endpoints) that failed together do not come back together.
 */
public final class Backoff {

    private Backoff() {
    }

    /** {@code wait} scaled by a random factor in [0.8, 1.2). */
    public static Duration jittered(Duration wait) {
        double factor = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.round(wait.toMillis() * factor));
    }

    /** Exponential: {@code initial × 2^(attempt-1)}, at most {@code max}, jittered. {@code attempt} counts from 1. */
    public static Duration exponential(int attempt, Duration initial, Duration max) {
        long millis = initial.toMillis();
        for (int i = 1; i < attempt && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        return jittered(Duration.ofMillis(Math.min(millis, max.toMillis())));
    }

    /**
     * A {@code Retry-After} header (delay in seconds, or an HTTP date) as a wait, between 0 and {@code cap};
     * null when there is none or it cannot be read.
     */
    public static Duration retryAfter(String header, Duration cap) {
        if (header == null || header.isBlank()) {
            return null;
        }
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            try {
                wait = Duration.between(Instant.now(), ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(cap) > 0 ? cap : wait;
    }
}
