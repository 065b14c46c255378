package io.identitysync.simulators.factorial;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** The list filters Factorial's API applies, as its SDK documents them, on the records of one resource. */
final class FactorialListFilters {

    private FactorialListFilters() {
    }

    /**
     * Removes from {@code all} what the query's filters leave out; returns why the query is refused (a 400), or null.
     *
     * @param today the company's day: {@code only_active} keeps those not terminated by then
     */
    static String apply(String resource, List<ObjectNode> all, Map<String, String> query, LocalDate today) {
        // Incremental reads: what changed since a time (employees, contract versions), as Factorial filters them.
        String since = query.get("updated_at_gteq");
        if (since != null && ("employees".equals(resource) || "contract_versions".equals(resource))) {
            Instant from;
            try {
                from = since.length() == 10 ? LocalDate.parse(since).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(since);
            } catch (DateTimeParseException e) {
                return "updated_at_gteq must be a date or a date-time";
            }
            all.removeIf(r -> Instant.parse(r.path("updated_at").asText()).isBefore(from));
        }
        if ("employees".equals(resource) && "true".equals(query.get("only_active"))) {
            String day = today.toString();
            all.removeIf(e -> e.hasNonNull("terminated_on") && e.path("terminated_on").asText().compareTo(day) <= 0);
        }
        // Like Factorial's leaves list: pending (not yet approved or refused) and deleted leaves only when asked for.
        if ("leaves".equals(resource)) {
            if (!"true".equals(query.get("include_pending"))) {
                all.removeIf(l -> !l.hasNonNull("approved"));
            }
            if (!"true".equals(query.get("include_deleted_leaves"))) {
                all.removeIf(l -> l.hasNonNull("deleted_at"));
            }
        }
        return null;
    }
}
