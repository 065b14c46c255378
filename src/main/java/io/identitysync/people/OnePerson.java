package io.identitysync.people;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.IdentitySyncApp;
import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.destinations.Destinations;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.directories.DirectoryException;
import io.identitysync.destinations.directories.DirectoryPlans;
import io.identitysync.run.RunProperties;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;

import java.time.Duration;
import java.util.List;

/**
 * {@code sync --person}: one person read from their source by id (the targeted read webhooks-in uses), each step
 * kept as data: the source records, the canonical person, the scope decision, the change against the store and each
 * directory's plan. A dry run changes nothing; otherwise the run commits their changes only (a targeted run never
 * deletes anyone) and the queues are delivered as after any run.
 */
public final class OnePerson {

    /** Why a person cannot be synced alone: unknown, their connector not enabled, or their source cannot read one person. */
    public static class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /** The person named is not stored, and is not named as connector:external id either. */
    public static final class Unknown extends Refused {
        public Unknown(String message) {
            super(message);
        }
    }

    private final Settings settings;
    private final Sensitive sensitive;

    public OnePerson(Settings settings) {
        this.settings = settings;
        this.sensitive = Sensitive.of(settings);
    }

    /** The connector and external id {@code who} names: a stored person, or {@code <connector>:<id>} of someone not stored yet. */
    public static String[] resolve(Store store, String who) {
        try {
            People.Person p = new People(store).find(who);
            return new String[] {p.connector(), p.externalId()};
        } catch (People.NotFound e) {
            int colon = who.indexOf(':');
            if (colon > 0 && colon < who.length() - 1) {
                return new String[] {who.substring(0, colon), who.substring(colon + 1)};
            }
            throw new Unknown(e.getMessage());
        }
    }

    /** What a run of one person needs from the application it runs in: a command's own, or the running service. */
    public interface Runs {
        Store store();

        /** One run of the connector, its exchange first set up by {@code setup}. */
        IdentitySyncApp.RunOutcome run(String connector, org.apache.camel.Processor setup);

        /** Delivers (or hands the service's workers) what run {@code runId} queued; true when nothing of it is pending. */
        boolean deliver(String runId);
    }

    /** {@code sync --person}: runs (or, with dryRun, plans) one person's sync in a process of its own; the steps as JSON. */
    public ObjectNode sync(String who, boolean dryRun) throws Exception {
        Settings s = dryRun ? settings.with("sync.dry-run", "true") : settings;
        String[] id;
        ObjectNode before;
        try (Store store = Store.open(s).migrate()) {
            id = resolve(store, who);
            before = stored(store, id[0], id[1]);
        }
        Connectors.Connector c = targetable(s, id[0], who);
        try (IdentitySyncApp app = new IdentitySyncApp(s, false).start()) {
            return sync(new Runs() {
                @Override
                public Store store() {
                    return app.store();
                }

                @Override
                public IdentitySyncApp.RunOutcome run(String connector, org.apache.camel.Processor setup) {
                    return app.run(connector, setup);
                }

                @Override
                public boolean deliver(String runId) {
                    return app.drainWebhooks(s.duration("webhooks.once-wait")) & app.drainDirectories(s.duration("directories.once-wait"));
                }
            }, s, c, id[1], before, dryRun);
        }
    }

    /**
     * The same in the running service (POST /api/people/{who}/sync, the console's Sync now): on its own context, its
     * run waiting for the connector's turn like any other; a preview is a run marked dry ({@link RunProperties#DRY_RUN}).
     */
    public ObjectNode sync(Runs runs, String who, boolean dryRun) {
        String[] id = resolve(runs.store(), who);
        ObjectNode before = stored(runs.store(), id[0], id[1]);
        return sync(runs, settings, targetable(settings, id[0], who), id[1], before, dryRun);
    }

    private static Connectors.Connector targetable(Settings s, String connector, String who) {
        Connectors.Connector c = Connectors.enabled(s).stream().filter(x -> x.id().equals(connector)).findFirst()
                .orElseThrow(() -> new Refused("connector '" + connector + "' is not enabled (" + who + ")"));
        if (!c.source().targetable(c, s)) {
            throw new Refused(connector + ": " + c.source().name() + " cannot be read for one person; its people are synced by a full run (--once)");
        }
        return c;
    }

    private ObjectNode sync(Runs runs, Settings s, Connectors.Connector c, String externalId, ObjectNode before, boolean dryRun) {
        String connector = c.id();
        ObjectNode out = Rows.JSON.createObjectNode().put("dry_run", dryRun).put("connector", connector).put("external_id", externalId);
        PersonTrace trace = new PersonTrace(externalId);
        IdentitySyncApp.RunOutcome outcome = runs.run(connector, ex -> {
            ex.setProperty(RunProperties.SCOPE, List.of(externalId));
            ex.setProperty(RunProperties.PERSON_TRACE, trace);
            ex.setProperty(RunProperties.DRY_RUN, dryRun);
        });
        out.put("run_id", outcome.runId()).put("status", outcome.status()).put("error", outcome.error());
        ArrayNode records = out.putArray("source_records");
        trace.sourceRecords().forEach(r -> records.add(sensitive.redact(r)));
        out.set("canonical", trace.staged() == null ? null : sensitive.redact(trace.staged()));
        out.put("scope", scope(trace, c.source().name()));
        out.set("changes", changes(runs.store(), outcome, before, connector, externalId));
        ObjectNode directories = out.putObject("directories");
        for (DirectoryConfig d : DirectoryConfig.all(s)) {
            directories.put(d.id(), plan(runs.store(), s, d, connector, externalId));
        }
        if (!dryRun && outcome.succeeded()) {
            out.put("delivered", runs.deliver(outcome.runId()));
            out.set("deliveries", deliveries(runs.store(), outcome.runId(), connector, externalId));
        }
        return out;
    }

    private static String scope(PersonTrace trace, String source) {
        if (trace.skipped() != null) {
            return "out of scope: skipped (" + trace.skipped() + "): not stored, nothing is sent";
        }
        if (trace.staged() == null) {
            return "not found: " + source + " returned no such person; nothing changes (a run of one person never deletes anyone)";
        }
        return "in scope: " + trace.staged().path("status").asText();
    }

    private JsonNode changes(Store store, IdentitySyncApp.RunOutcome outcome, ObjectNode before, String connector, String externalId) {
        ArrayNode out = Rows.JSON.createArrayNode();
        List<ObjectNode> events = new java.util.ArrayList<>();
        if (outcome.plan() != null) {
            events.addAll(outcome.plan().changes());
        } else if (outcome.runId() != null) {
            store.read("events", "SELECT payload FROM events WHERE run_id = ? AND type <> 'sync.completed' ORDER BY seq", List.of(outcome.runId()),
                    rs -> events.add((ObjectNode) Rows.parse(rs.getString(1)).path("data")));
        }
        for (ObjectNode e : events) {
            ObjectNode change = out.addObject();
            String type = e.path("type").asText(e.has("user") ? "user" : "change");
            change.put("type", type);
            if (e.has("user")) {
                ArrayNode fields = Changes.of(before, e.get("user"), e.path("changes"), sensitive);
                change.set("fields", fields);
                change.put("summary", Changes.describe(fields));
            } else {
                for (String kind : List.of("membership", "group", "leave")) {
                    if (e.has(kind)) {
                        change.set(kind, sensitive.redact(e.get(kind)));
                    }
                }
            }
        }
        return out;
    }

    private static String plan(Store store, Settings s, DirectoryConfig d, String connector, String externalId) {
        try {
            String plan = new DirectoryPlans(store, s, d, Destinations.DIRECTORY_KINDS).person(connector, externalId);
            return plan == null ? "nothing to do" : plan;
        } catch (DirectoryException e) {
            return "cannot plan: " + e.getMessage();
        }
    }

    private static JsonNode deliveries(Store store, String runId, String connector, String externalId) {
        ArrayNode out = Rows.JSON.createArrayNode();
        store.read("webhook_deliveries", "SELECT e.type, d.endpoint, d.status, d.attempts, d.last_status_code, d.last_error FROM webhook_deliveries d "
                + "JOIN events e ON e.id = d.event_id WHERE e.run_id = ? AND e.type <> 'sync.completed' ORDER BY e.seq, d.endpoint", List.of(runId),
                rs -> {
                    ObjectNode d = out.addObject().put("type", rs.getString(1)).put("endpoint", rs.getString(2)).put("status", rs.getString(3))
                            .put("attempts", rs.getInt(4));
                    if (rs.getObject(5) != null) {
                        d.put("answer_status", rs.getInt(5));
                    }
                    d.put("answer", rs.getString(6));
                });
        return out;
    }

    private static ObjectNode stored(Store store, String connector, String externalId) {
        ObjectNode[] row = {null};
        store.read("users", "SELECT * FROM users WHERE connector = ? AND external_id = ?", List.of(connector, externalId),
                rs -> row[0] = Rows.toJson(rs, "content_hash"));
        return row[0];
    }

    /** The steps for an operator, in the order the run took them. */
    public static void text(ObjectNode r, java.io.PrintStream out) {
        out.println(r.path("connector").asText() + ":" + r.path("external_id").asText() + (r.path("dry_run").asBoolean() ? " (dry run: nothing is changed)" : ""));
        out.println("1. source record" + (r.path("source_records").isEmpty() ? ": none" : "s:"));
        r.path("source_records").forEach(x -> out.println("   " + x.path("resource").asText() + ": " + x.path("record")));
        out.println("2. canonical person: " + (r.path("canonical").isNull() || r.path("canonical").isMissingNode() ? "none" : r.path("canonical").toString()));
        out.println("3. scope: " + r.path("scope").asText());
        out.println("4. change against the store: " + (r.path("changes").isEmpty() ? "none" : ""));
        for (JsonNode c : r.path("changes")) {
            out.println("   " + c.path("type").asText() + (c.has("fields") ? ": " + Changes.describe((ArrayNode) c.get("fields")) : ""));
        }
        out.println("5. directories:" + (r.path("directories").isEmpty() ? " none configured" : ""));
        r.path("directories").fields().forEachRemaining(d -> out.println("   " + d.getKey() + ": " + d.getValue().asText()));
        if (!r.path("dry_run").asBoolean()) {
            out.println("run " + r.path("run_id").asText() + ": " + r.path("status").asText() + (r.path("error").isTextual() ? ": " + r.path("error").asText() : ""));
            r.path("deliveries").forEach(d -> out.println("   " + d.path("type").asText() + " → " + d.path("endpoint").asText() + ": "
                    + d.path("status").asText() + (d.path("answer").isTextual() ? " (" + d.path("answer").asText() + ")" : "")));
        }
    }
}
