package io.identitysync.simulators.okta;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A refusal in Okta's error body (Okta's Error Codes reference): {@code {errorCode, errorSummary, errorLink, errorId,
 * errorCauses: [{errorSummary}]}}; errorLink repeats the code, errorId is unique per answer, errorCauses is [] when
 * there are none.
 */
public final class OktaError extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong IDS = new AtomicLong(0x5e1d);

    final int status;
    final String code;
    final List<String> causes;

    public OktaError(int status, String code, String summary, String... causes) {
        super(summary, null, false, false);
        this.status = status;
        this.code = code;
        this.causes = List.of(causes);
    }

    /** E0000001, "Api validation failed: <field>", with Okta's "<field>: <complaint>" cause. */
    static OktaError validation(String field, String complaint) {
        return new OktaError(400, "E0000001", "Api validation failed: " + field, field + ": " + complaint);
    }

    static OktaError notFound(String what) {
        return new OktaError(404, "E0000007", "Not found: Resource not found: " + what);
    }

    public ObjectNode body() {
        ObjectNode e = JSON.createObjectNode().put("errorCode", code).put("errorSummary", getMessage()).put("errorLink", code)
                .put("errorId", "oae" + Long.toString(IDS.incrementAndGet(), 36) + "Xq7TzLsQ0vD2");
        causes.forEach(c -> e.withArray("errorCauses").addObject().put("errorSummary", c));
        if (causes.isEmpty()) {
            e.putArray("errorCauses");
        }
        return e;
    }
}
