package io.identitysync.simulator;

/** An answer a simulator gives instead of a page: a status with a body, possibly not even JSON. */
public record Fault(int status, String body) {

    public static Fault status(int status) {
        return new Fault(status, "{\"error\":\"simulated failure\",\"status\":" + status + "}");
    }

    public static Fault malformedJson() {
        return new Fault(200, "{\"data\":[{\"id\":1,\"first_name\":\"Trunc");
    }

    public static Fault body(String json) {
        return new Fault(200, json);
    }
}
