package io.identitysync.simulators.entra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A refusal as Microsoft Graph words it: the status and the OData error body
 * {@code {"error": {"code", "message", "innerError": {"date", "request-id", "client-request-id"}}}}.
 */
public final class GraphRefused extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();

    final int status;
    final String code;

    GraphRefused(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static GraphRefused notFound(String key) {
        return new GraphRefused(404, "Request_ResourceNotFound", "Resource '" + key
                + "' does not exist or one of its queried reference-property objects are not present.");
    }

    static GraphRefused badRequest(String message) {
        return new GraphRefused(400, "Request_BadRequest", message);
    }

    static GraphRefused required(String property, String resource) {
        return badRequest("A value is required for property '" + property + "' of resource '" + resource + "'.");
    }

    static GraphRefused denied() {
        return new GraphRefused(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
    }

    /** Graph's error body for this refusal. */
    ObjectNode body() {
        return body(code, getMessage());
    }

    /** Graph's error body: code, message, innerError. */
    public static ObjectNode body(String code, String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", code).put("message", message);
        String id = UUID.randomUUID().toString();
        error.putObject("innerError").put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()).put("request-id", id)
                .put("client-request-id", id);
        return root;
    }
}
