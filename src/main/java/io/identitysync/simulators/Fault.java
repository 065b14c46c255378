package io.identitysync.simulators;

import java.util.Map;

/**
 * What a simulator does instead of (or before) its normal answer: a status with a body and headers, a body that
 * is not JSON or stops half-way, a connection dropped without an answer, or a delay before the normal answer.
 */
public record Fault(Kind kind, int status, String body, Map<String, String> headers, long delayMillis) {

    public enum Kind {
        /** Answer {@code status}, {@code headers} and {@code body} instead of the page. */
        ANSWER,
        /** Close the connection without answering (the client sees a reset / no response). */
        RESET,
        /** Promise the whole body in Content-Length, send half of it, close. */
        TRUNCATE,
        /** Wait {@code delayMillis}, then answer normally: a slow API. */
        SLOW
    }

    public static Fault status(int status) {
        return new Fault(Kind.ANSWER, status, "{\"error\":\"simulated failure\",\"status\":" + status + "}", Map.of(), 0);
    }

    /** 429 with a Retry-After header: seconds ("2") or an HTTP date. */
    public static Fault rateLimited(String retryAfter) {
        return new Fault(Kind.ANSWER, 429, "{\"error\":\"Too Many Requests\"}", Map.of("Retry-After", retryAfter), 0);
    }

    public static Fault reset() {
        return new Fault(Kind.RESET, 0, "", Map.of(), 0);
    }

    public static Fault truncated() {
        return new Fault(Kind.TRUNCATE, 200, "", Map.of(), 0);
    }

    public static Fault slow(long millis) {
        return new Fault(Kind.SLOW, 0, "", Map.of(), millis);
    }

    public static Fault malformedJson() {
        return new Fault(Kind.ANSWER, 200, "{\"data\":[{\"id\":1,\"first_name\":\"Trunc", Map.of(), 0);
    }

    public static Fault body(String json) {
        return new Fault(Kind.ANSWER, 200, json, Map.of(), 0);
    }
}
