package io.identitysync.people;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.run.RunProperties;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a run of one person ({@code sync --person}) read and made of them, step by step: their source records as the
 * source sent them, then the canonical person the run staged (or why it skipped them). Kept on the run's exchange
 * (property personTrace); runs without one do not pay for it beyond a property look-up per page.
 */
public final class PersonTrace {

    private final String externalId;
    private final List<ObjectNode> sourceRecords = Collections.synchronizedList(new ArrayList<>());
    private volatile ObjectNode staged;
    private volatile String skipped;

    public PersonTrace(String externalId) {
        this.externalId = externalId;
    }

    /** Route step (routes/source-requests.camel.yaml, source-read): the page's records that are this person's, by resource. */
    public static void sourcePage(Exchange exchange) {
        PersonTrace trace = exchange.getProperty(RunProperties.PERSON_TRACE, PersonTrace.class);
        if (trace == null) {
            return;
        }
        JsonNode records = exchange.getMessage().getBody(JsonNode.class);
        String resource = exchange.getProperty(RunProperties.RESOURCE, String.class);
        if (records == null || !records.isArray()) {
            return;
        }
        for (JsonNode r : records) {
            boolean theirs = "employees".equals(resource) || "users".equals(resource) ? trace.externalId.equals(r.path("id").asText())
                    : trace.externalId.equals(r.path("employee_id").asText());
            if (theirs) {
                ObjectNode entry = Rows.JSON.createObjectNode().put("resource", resource);
                entry.set("record", r);
                trace.sourceRecords.add(entry);
            }
        }
    }

    /** At the run's commit (SyncRuns): the person as staged, or why staging skipped them, before either is cleared. */
    public static void staged(Store store, Exchange exchange) {
        PersonTrace trace = exchange.getProperty(RunProperties.PERSON_TRACE, PersonTrace.class);
        if (trace == null) {
            return;
        }
        String runId = exchange.getProperty(RunProperties.RUN_ID, String.class);
        store.read("stage_users", "SELECT * FROM stage_users WHERE run_id = ? AND external_id = ?", List.of(runId, trace.externalId),
                rs -> trace.staged = Rows.toJson(rs, "run_id", "content_hash"));
        store.read("stage_skipped", "SELECT reason FROM stage_skipped WHERE run_id = ? AND kind = 'user' AND external_id = ?",
                List.of(runId, trace.externalId), rs -> trace.skipped = rs.getString(1));
    }

    public String externalId() {
        return externalId;
    }

    public List<ObjectNode> sourceRecords() {
        return List.copyOf(sourceRecords);
    }

    /** The canonical person as the run staged them, or null (skipped, or not found in the source). */
    public ObjectNode staged() {
        return staged;
    }

    /** Why staging skipped them ("no work email"), or null. */
    public String skipped() {
        return skipped;
    }
}
