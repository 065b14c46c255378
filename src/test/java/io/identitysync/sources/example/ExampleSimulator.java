package io.identitysync.sources.example;

import com.sun.net.httpserver.HttpExchange;
import io.identitysync.simulators.SimulatorServer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Example HR's API on loopback: {@code GET /v2/people} and {@code /v2/offices}, {@code Authorization: Bearer}
 * (401 otherwise), {@code limit} and {@code after_id}, answered as {@code {data:[…], meta:{has_next_page, end_cursor}}}.
 */
public final class ExampleSimulator extends SimulatorServer {

    static final int MAX_LIMIT = 50;

    private final String token;
    private final Map<String, List<Map<String, Object>>> resources = new LinkedHashMap<>();

    public ExampleSimulator(String token, int people) throws IOException {
        super(0);
        this.token = token;
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 1; i <= people; i++) {
            list.add(Map.of("id", i, "given", "Person", "family", "Number" + i, "work_email", "p" + i + "@example.test",
                    "position", "Engineer", "state", i % 10 == 0 ? "left" : "active", "office_id", 1 + i % 2));
        }
        resources.put("/v2/people", list);
        resources.put("/v2/offices", List.of(Map.of("id", 1, "city", "Lisbon"), Map.of("id", 2, "city", "Porto")));
    }

    public String baseUrl() {
        return origin() + "/v2";
    }

    @Override
    protected void handle(HttpExchange exchange) throws IOException {
        List<Map<String, Object>> all = resources.get(exchange.getRequestURI().getPath());
        if (all == null) {
            send(exchange, 404, Map.of("error", "not found"));
            return;
        }
        if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, Map.of("error", "unauthorized"));
            return;
        }
        Map<String, String> query = query(exchange);
        int limit = Math.min(MAX_LIMIT, Integer.parseInt(query.getOrDefault("limit", "50")));
        long after = Long.parseLong(query.getOrDefault("after_id", "0"));
        List<Map<String, Object>> rest = all.stream().filter(r -> ((Number) r.get("id")).longValue() > after).toList();
        List<Map<String, Object>> page = rest.subList(0, Math.min(limit, rest.size()));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("has_next_page", rest.size() > limit);
        meta.put("end_cursor", page.isEmpty() ? null : page.get(page.size() - 1).get("id").toString());
        send(exchange, 200, Map.of("data", page, "meta", meta));
    }
}
