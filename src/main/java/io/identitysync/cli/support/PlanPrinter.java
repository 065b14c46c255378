package io.identitysync.cli.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.store.Rows;
import io.identitysync.store.commit.RunPlan;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A run's plan for an operator: a line of counts and a line per change (text), or the whole of it as JSON. */
public final class PlanPrinter {

    private PlanPrinter() {
    }

    public static ObjectNode json(RunPlan plan) {
        ObjectNode out = Rows.JSON.createObjectNode().put("connector", plan.connector());
        out.put("refused", plan.refusal());
        out.set("counts", plan.countsJson());
        ArrayNode changes = out.putArray("changes");
        plan.changes().forEach(changes::add);
        return out;
    }

    public static void text(RunPlan plan, String verb, PrintStream out) {
        ObjectNode counts = plan.countsJson();
        List<String> parts = new ArrayList<>();
        counts.fields().forEachRemaining(kind -> {
            if (kind.getValue().isObject()) {
                List<String> nonZero = new ArrayList<>();
                kind.getValue().fields().forEachRemaining(n -> {
                    if (n.getValue().asInt() > 0) {
                        nonZero.add(n.getValue().asInt() + " " + n.getKey());
                    }
                });
                if (!nonZero.isEmpty()) {
                    parts.add(kind.getKey() + ": " + String.join(", ", nonZero));
                }
            }
        });
        out.println(plan.connector() + ": " + verb + " " + (parts.isEmpty() ? "nothing" : String.join("; ", parts))
                + (counts.path("skipped").asInt() > 0 ? " (skipped: " + counts.path("skipped").asInt() + ")" : ""));
        if (plan.refusal() != null) {
            out.println("  a run would be refused: " + plan.refusal());
        }
        for (ObjectNode change : plan.changes()) {
            out.printf("  %-20s %s%n", change.path("type").asText(), subject(change));
        }
    }

    /** Who or what a change is about, as an operator recognises it. */
    private static String subject(JsonNode change) {
        String fields = change.has("changes") ? ": " + String.join(", ", strings(change.get("changes"))) : "";
        if (change.has("user")) {
            JsonNode u = change.get("user");
            return u.path("username").asText() + " (" + u.path("external_id").asText() + ", " + u.path("email").asText() + ")" + fields;
        }
        if (change.has("group")) {
            JsonNode g = change.get("group");
            return g.path("external_id").asText() + " " + g.path("name").asText() + fields;
        }
        if (change.has("membership")) {
            JsonNode m = change.get("membership");
            return m.path("user_external_id").asText() + " in " + m.path("group_external_id").asText() + " (" + m.path("relation").asText() + ")";
        }
        for (String kind : List.of("leave", "compensation")) {
            if (change.has(kind)) {
                return change.get(kind).path("external_id").asText() + " of user " + change.get(kind).path("user_external_id").asText() + fields;
            }
        }
        return fields;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
