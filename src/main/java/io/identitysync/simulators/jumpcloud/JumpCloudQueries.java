package io.identitysync.simulators.jumpcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * How the simulator selects records, as JumpCloud's v1 and v2 specs describe it: v1 query filters
 * ({@code field:$eq:value}, ANDed {@code filter[n]}, ORed {@code filter[or][n]}), the v1 search body ({@code filter}
 * as a list or {@code {and|or: [...]}} of exact field values; {@code searchFilter} a partial text match), v2
 * {@code field:eq:value} filters, sorting, {@code fields} and paging.
 */
final class JumpCloudQueries {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FILTER = Pattern.compile("filter(\\[\\d+])?");
    private static final Pattern OR_FILTER = Pattern.compile("filter\\[or]\\[\\d+]");
    static final int MAX_LIMIT = 100;

    private JumpCloudQueries() {
    }

    /** v1 list: filters ANDed (filter, filter[n]) or ORed (filter[or][n]). */
    static Predicate<ObjectNode> v1Query(Map<String, String> q) {
        Predicate<ObjectNode> all = u -> true;
        Predicate<ObjectNode> any = null;
        for (Map.Entry<String, String> e : q.entrySet()) {
            if (FILTER.matcher(e.getKey()).matches()) {
                all = all.and(v1Filter(e.getValue()));
            } else if (OR_FILTER.matcher(e.getKey()).matches()) {
                any = any == null ? v1Filter(e.getValue()) : any.or(v1Filter(e.getValue()));
            }
        }
        return any == null ? all : all.and(any);
    }

    /** v1: {@code field:$eq:value} or {@code field:$ne:value}, case-sensitive; anything else is refused. */
    private static Predicate<ObjectNode> v1Filter(String filter) {
        String[] part = filter.split(":", 3);
        if (part.length != 3 || !(part[1].equals("$eq") || part[1].equals("$ne"))) {
            throw new JumpCloudDirectory.Refused(400, "invalid filter '" + filter + "': use field:$eq:value");
        }
        Predicate<ObjectNode> eq = u -> part[2].equals(u.path(part[0]).asText(null));
        return part[1].equals("$eq") ? eq : eq.negate();
    }

    /**
     * POST /search/systemusers: {@code filter} matches field values exactly ({@code [{f: v}, …]} or {@code {and: […]}}
     * all, {@code {or: […]}} any); {@code searchFilter} {@code {searchTerm, fields}} matches part of any field's text,
     * in any case unless {@code caseSensitive} (JumpCloud does not say which).
     */
    static Predicate<ObjectNode> search(JsonNode body, boolean caseSensitive) {
        Predicate<ObjectNode> matches = u -> true;
        JsonNode filter = body == null ? null : body.get("filter");
        if (filter != null && !filter.isNull()) {
            boolean or = filter.isObject() && filter.has("or");
            JsonNode list = filter.isArray() ? filter : filter.path(or ? "or" : "and");
            if (!list.isArray()) {
                throw new JumpCloudDirectory.Refused(400, "filter must be a list of field values, or an object with and/or");
            }
            Predicate<ObjectNode> combined = null;
            for (JsonNode expression : list) {
                Predicate<ObjectNode> one = exact(expression);
                combined = combined == null ? one : or ? combined.or(one) : combined.and(one);
            }
            if (combined != null) {
                matches = combined;
            }
        }
        JsonNode text = body == null ? null : body.get("searchFilter");
        if (text != null && text.isObject() && text.has("searchTerm")) {
            List<String> terms = new ArrayList<>();
            if (text.path("searchTerm").isArray()) {
                text.path("searchTerm").forEach(t -> terms.add(t.asText()));
            } else {
                terms.add(text.path("searchTerm").asText());
            }
            List<String> fields = new ArrayList<>();
            text.path("fields").forEach(f -> fields.add(f.asText()));
            matches = matches.and(u -> fields.stream().anyMatch(f -> terms.stream().anyMatch(t -> contains(u.path(f).asText(""), t, caseSensitive))));
        }
        return matches;
    }

    private static Predicate<ObjectNode> exact(JsonNode expression) {
        if (!expression.isObject()) {
            throw new JumpCloudDirectory.Refused(400, "a filter expression is an object of field values");
        }
        return u -> {
            for (Map.Entry<String, JsonNode> f : (Iterable<Map.Entry<String, JsonNode>>) expression::fields) {
                if (!f.getValue().asText().equals(u.path(f.getKey()).asText(null))) {
                    return false;
                }
            }
            return true;
        };
    }

    private static boolean contains(String text, String term, boolean caseSensitive) {
        return caseSensitive ? text.contains(term) : text.toLowerCase(Locale.ROOT).contains(term.toLowerCase(Locale.ROOT));
    }

    /** v2: {@code field:eq:value}, case-sensitive. */
    static Predicate<ObjectNode> v2Filter(String filter) {
        String[] part = filter.split(":", 3);
        if (part.length != 3 || !part[1].equals("eq")) {
            throw new JumpCloudDirectory.Refused(400, "invalid filter '" + filter + "': use field:eq:value");
        }
        return g -> part[2].equals(g.path(part[0]).asText(null));
    }

    /** {@code sort}: fields separated by spaces (v1) or commas (v2), '-' for descending. */
    static List<ObjectNode> sorted(List<ObjectNode> records, String sort) {
        List<ObjectNode> out = new ArrayList<>(records);
        for (String field : sort.trim().split("[\\s,]+")) {
            if (!field.isEmpty()) {
                Comparator<ObjectNode> by = Comparator.comparing(u -> u.path(field.replaceFirst("^-", "")).asText(""));
                out.sort(field.startsWith("-") ? by.reversed() : by);
            }
        }
        return out;
    }

    /** v1 {@code fields}: space-separated; only those and {@code _id} are returned. Empty: every field. */
    static List<ObjectNode> projected(List<ObjectNode> records, String fields) {
        if (fields == null || fields.isBlank()) {
            return records;
        }
        List<String> keep = List.of(fields.trim().split("\\s+"));
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode r : records) {
            ObjectNode p = JSON.createObjectNode();
            p.set("_id", r.get("_id"));
            keep.forEach(f -> {
                if (r.has(f)) {
                    p.set(f, r.get(f));
                }
            });
            out.add(p);
        }
        return out;
    }

    /** {@code limit} (default 10, at most 100) and {@code skip}. */
    static List<ObjectNode> page(List<ObjectNode> all, Map<String, String> q) {
        int limit;
        int skip;
        try {
            limit = Integer.parseInt(q.getOrDefault("limit", "10"));
            skip = Integer.parseInt(q.getOrDefault("skip", "0"));
        } catch (NumberFormatException e) {
            throw new JumpCloudDirectory.Refused(400, "limit and skip must be integers");
        }
        if (limit < 1 || limit > MAX_LIMIT || skip < 0) {
            throw new JumpCloudDirectory.Refused(400, "limit must be between 1 and " + MAX_LIMIT + ", skip at least 0");
        }
        return all.subList(Math.min(skip, all.size()), Math.min(skip + limit, all.size()));
    }
}
