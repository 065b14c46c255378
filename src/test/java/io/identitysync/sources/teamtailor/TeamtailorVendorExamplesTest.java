package io.identitysync.sources.teamtailor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.identitysync.simulators.teamtailor.TeamtailorData;
import io.identitysync.simulators.teamtailor.TeamtailorSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator answers as Teamtailor does: every field of the vendor's published examples
 * (src/test/resources/vendor/teamtailor/, each naming its source) is in the simulator's answer with the same JSON
 * type, and the simulator adds nothing the vendor's material does not show. JSON:API attributes are nullable, so a
 * null on either side matches any type.
 */
class TeamtailorVendorExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "examples-token-2c81";
    private static TeamtailorSimulator simulator;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        simulator = new TeamtailorSimulator(0, TOKEN, TeamtailorData.seeded(20, 3));
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    private static JsonNode example(String name) throws Exception {
        try (InputStream in = TeamtailorVendorExamplesTest.class.getResourceAsStream("/vendor/teamtailor/" + name)) {
            JsonNode file = JSON.readTree(in);
            assertTrue(file.path("source").asText().contains(":"), name + " names its source");
            return file.get("example");
        }
    }

    private HttpResponse<String> get(String pathAndQuery, boolean withVersion) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + pathAndQuery))
                .header("Authorization", "Token token=" + TOKEN).header("Accept", "application/vnd.api+json");
        if (withVersion) {
            request.header("X-Api-Version", "20240404");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode page(String pathAndQuery) throws Exception {
        HttpResponse<String> answer = get(pathAndQuery, true);
        assertEquals(200, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body());
    }

    @Test
    void usersDepartmentsAndLocationsCarryTheFieldsAndTypesOfTeamtailorRbsFixtures() throws Exception {
        for (String resource : List.of("users", "departments", "locations")) {
            List<String> problems = new ArrayList<>();
            // Airbyte's users schema also shows a teams relationship (the fixture predates it); a first page has a next link.
            Set<String> alsoAllowed = Set.of("links.next", "data[].relationships.teams");
            compare("", example(resource + ".json"), page("/" + resource + "?page%5Bsize%5D=10"), alsoAllowed, problems);
            assertEquals(List.of(), problems, resource);
        }
    }

    @Test
    void usersAndTeamsMatchAirbytesSchemasOfTheirRecords() throws Exception {
        for (String resource : List.of("users", "teams")) {
            JsonNode schema = example(resource + "-schema.json");
            JsonNode page = page("/" + resource + "?page%5Bsize%5D=30");
            assertTrue(page.get("data").size() > 0);
            for (JsonNode record : page.get("data")) {
                List<String> problems = new ArrayList<>();
                conforms(resource, schema, record, resource.equals("users"), problems);
                assertEquals(List.of(), problems, resource + " " + record.get("id"));
            }
        }
    }

    /** With include, to-one and to-many linkage is {type, id} with a string id, and included holds those records. */
    @Test
    void includedRelationshipsAreLinkageAndIncludedRecords() throws Exception {
        JsonNode page = page("/users?page%5Bsize%5D=30&include=department%2Clocation%2Cteams");
        Set<String> linked = new HashSet<>();
        for (JsonNode user : page.get("data")) {
            for (String to : List.of("department", "location")) {
                JsonNode data = user.at("/relationships/" + to + "/data");
                assertTrue(data.isNull() || data.path("id").isTextual() && data.path("type").asText().equals(to + "s"), user.toString());
                if (!data.isNull()) {
                    linked.add(data.get("type").asText() + "/" + data.get("id").asText());
                }
            }
            for (JsonNode team : user.at("/relationships/teams/data")) {
                assertTrue(team.path("id").isTextual() && team.path("type").asText().equals("teams"), team.toString());
                linked.add("teams/" + team.get("id").asText());
            }
        }
        Set<String> included = new HashSet<>();
        for (JsonNode record : page.get("included")) {
            assertTrue(record.path("id").isTextual(), record.toString());
            included.add(record.get("type").asText() + "/" + record.get("id").asText());
        }
        assertEquals(linked, included);
    }

    @Test
    void aMissingApiVersionIsRefusedWithTeamtailorsErrorDocument() throws Exception {
        HttpResponse<String> answer = get("/users", false);
        assertEquals(406, answer.statusCode());
        List<String> problems = new ArrayList<>();
        compare("", example("error-406.json"), JSON.readTree(answer.body()), Set.of(), problems);
        assertEquals(List.of(), problems);
    }

    /** Field for field: what the example has, the answer has with the same type; the answer adds only what is allowed. */
    private static void compare(String path, JsonNode example, JsonNode actual, Set<String> alsoAllowed, List<String> problems) {
        if (example.isNull() || actual.isNull()) {
            return;
        }
        if (example.getNodeType() != actual.getNodeType()) {
            problems.add(path + ": " + actual.getNodeType() + " where the vendor has " + example.getNodeType());
            return;
        }
        if (example.isObject()) {
            example.fieldNames().forEachRemaining(field -> {
                if (!actual.has(field)) {
                    problems.add(path + "." + field + ": missing");
                } else {
                    compare(join(path, field), example.get(field), actual.get(field), alsoAllowed, problems);
                }
            });
            actual.fieldNames().forEachRemaining(field -> {
                if (!example.has(field) && !alsoAllowed.contains(join(path, field))) {
                    problems.add(join(path, field) + ": not in the vendor's example");
                }
            });
        } else if (example.isArray() && !example.isEmpty()) {
            actual.forEach(element -> compare(path + "[]", example.get(0), element, alsoAllowed, problems));
        }
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /**
     * A record against an Airbyte schema: each value's type is one the schema allows, and (for objects the schema
     * describes fully) each field is one it names. Airbyte infers its users schema from the attributes it saw, so
     * users' attributes are checked against the fixture instead.
     */
    private static void conforms(String path, JsonNode schema, JsonNode value, boolean openAttributes, List<String> problems) {
        if (value.isNull()) {
            return;
        }
        JsonNode types = schema.path("type");
        String type = switch (value.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case ARRAY -> "array";
            case OBJECT -> "object";
            default -> value.getNodeType().toString();
        };
        boolean allowed = types.isTextual() ? types.asText().equals(type) : false;
        for (JsonNode t : types) {
            allowed |= t.asText().equals(type);
        }
        if (!allowed) {
            problems.add(path + ": " + type + " where the schema has " + types);
            return;
        }
        JsonNode properties = schema.path("properties");
        if (value.isObject() && properties.isObject() && !(openAttributes && path.endsWith(".attributes"))) {
            value.fieldNames().forEachRemaining(field -> {
                if (!properties.has(field)) {
                    problems.add(path + "." + field + ": not in the schema");
                } else {
                    conforms(path + "." + field, properties.get(field), value.get(field), openAttributes, problems);
                }
            });
            schema.path("required").forEach(r -> {
                if (!value.has(r.asText())) {
                    problems.add(path + "." + r.asText() + ": required");
                }
            });
        }
    }
}
