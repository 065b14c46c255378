package io.identitysync.sources.factorial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.factorial.FactorialSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator answers as Factorial's SDK says Factorial does (src/test/resources/vendor/factorial): every record
 * of every list the sync reads carries the model's required fields, no field outside the model, no null (the
 * 2026-04-01 models mark nothing nullable: an unknown value is an absent field), and each field with the JSON type
 * its annotation gives; the list envelope and its meta are the SDK's PagedIndexMeta and match pagination.md's example.
 * Read over real HTTP on loopback from a seeded company big enough to hold every case the seeding makes.
 */
class FactorialVendorShapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "vendor-shape-key-1f4c";
    /** Path under the version → the SDK model its records are. */
    private static final Map<String, String> LISTS = new LinkedHashMap<>();

    static {
        LISTS.put("employees/employees", "employees_employee");
        LISTS.put("teams/teams", "teams_team");
        LISTS.put("teams/memberships", "teams_membership");
        LISTS.put("locations/locations", "locations_location");
        LISTS.put("job_catalog/levels", "job_catalog_level");
        LISTS.put("contracts/contract_versions", "contracts_contract_version");
        LISTS.put("contracts/compensations", "contracts_compensation");
        LISTS.put("timeoff/leaves?include_pending=true&include_deleted_leaves=false", "timeoff_leave");
        LISTS.put("timeoff/leave_types", "timeoff_leave_type");
        LISTS.put("timeoff/policies", "timeoff_policy");
        LISTS.put("custom_fields/fields", "custom_fields_field");
        LISTS.put("custom_fields/options", "custom_fields_option");
        LISTS.put("custom_fields/values", "custom_fields_value");
    }

    private static FactorialSimulator simulator;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T09:00:00Z"), ZoneOffset.UTC);
        simulator = new FactorialSimulator(0, KEY, FactorialData.seeded(160, 7, clock));
        simulator.teamsWithoutMemberIds(2);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void everyListTheSyncReadsIsShapedAsTheSdkModelsIt() throws Exception {
        for (Map.Entry<String, String> list : LISTS.entrySet()) {
            JsonNode model = vendor(list.getValue()).get("model");
            List<JsonNode> records = readAll(list.getKey());
            assertFalse(records.isEmpty(), list.getKey() + " serves records");
            for (JsonNode record : records) {
                List<String> problems = problems(record, model);
                assertTrue(problems.isEmpty(), list.getKey() + " record " + record + ": " + problems);
            }
        }
    }

    @Test
    void theMetaIsPagedIndexMetaAndMatchesTheDocumentedExample() throws Exception {
        JsonNode example = vendor("pagination").get("example");
        JsonNode metaModel = vendor("paged_index_meta").get("model");
        assertEquals(List.of(), problems(example.get("meta"), metaModel), "pagination.md's example is a PagedIndexMeta");
        JsonNode first = get("employees/employees?limit=10");
        assertEquals(fieldsAndTypes(example), fieldsAndTypes(first), "the envelope: data and meta");
        assertEquals(fieldsAndTypes(example.get("meta")), fieldsAndTypes(first.get("meta")), "a full page's meta has every field of the example");
        assertEquals("MQ==", first.at("/meta/start_cursor").asText(), "cursors are base64 of an id, as pagination.md shows them");
        JsonNode next = get("employees/employees?limit=10&after_id=" + first.at("/meta/end_cursor").asText());
        assertEquals(11, next.at("/data/0/id").asInt());
        assertTrue(next.at("/meta/has_previous_page").asBoolean());

        JsonNode empty = get("employees/employees?limit=10&after_id=MTYw");
        assertEquals(0, empty.get("data").size());
        assertEquals(List.of(), problems(empty.get("meta"), metaModel));
        assertFalse(empty.get("meta").has("start_cursor") || empty.get("meta").has("end_cursor"), "no cursor on an empty page: absent, not null");
    }

    @Test
    void idsAreTypedAsTheModelsTypeThemAndStillJoin() throws Exception {
        JsonNode location = readAll("locations/locations").get(0);
        assertTrue(location.get("id").isTextual(), "LocationsLocation.id is a string");
        JsonNode employee = readAll("employees/employees").get(0);
        assertTrue(employee.get("location_id").isInt(), "while an employee's location_id is an integer");
        assertTrue(readAll("job_catalog/levels").get(0).get("id").isTextual(), "JobCatalogLevel.id is a string");
        assertTrue(readAll("contracts/contract_versions").stream().anyMatch(v -> v.path("job_catalog_level_id").isInt()),
                "while a contract version's job_catalog_level_id is an integer");
        assertTrue(readAll("teams/memberships").get(0).get("employee_id").isTextual(), "TeamsMembership ids are strings");
    }

    @Test
    void leavesWaitingForApprovalAndDeletedOnesAreListedOnlyWhenAskedFor() throws Exception {
        FactorialData data = simulator.data();
        long pending = data.leaves.stream().filter(l -> !l.has("approved")).count();
        assertTrue(pending > 0, "the seeded company has leaves waiting for approval");
        assertEquals(data.leaves.size() - pending, readAll("timeoff/leaves").size(), "include_pending defaults to false");
        assertEquals(data.leaves.size(), readAll("timeoff/leaves?include_pending=true").size());
    }

    @Test
    void aTeamServedWithoutMemberIdsKeepsItsMembershipsInTheirList() throws Exception {
        JsonNode team2 = readAll("teams/teams").stream().filter(t -> t.get("id").asInt() == 2).findFirst().orElseThrow();
        assertFalse(team2.has("employee_ids") || team2.has("lead_ids"), "employee_ids and lead_ids are optional in TeamsTeam");
        assertTrue(readAll("teams/memberships").stream().anyMatch(m -> "2".equals(m.get("team_id").asText())));
    }

    /** What is wrong with a record against a transcribed model: missing required fields, nulls, unknown fields, wrong types. */
    static List<String> problems(JsonNode record, JsonNode model) {
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = model.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            boolean optional = field.getValue().asText().endsWith("| Unset");
            if (!record.has(field.getKey()) && !optional) {
                problems.add(field.getKey() + " is required");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode annotation = model.get(field.getKey());
            if (annotation == null) {
                problems.add(field.getKey() + " is no field of the model");
            } else if (field.getValue().isNull()) {
                problems.add(field.getKey() + " is null, where the model has no null (" + annotation.asText() + ")");
            } else if (!typed(field.getValue(), annotation.asText().replace("| Unset", "").trim())) {
                problems.add(field.getKey() + " is " + field.getValue().getNodeType() + ", not " + annotation.asText());
            }
        }
        return problems;
    }

    /** A JSON value of the python annotation's type; an enum class (capitalised) is sent as its string value. */
    private static boolean typed(JsonNode value, String type) {
        return switch (type) {
            case "int" -> value.isIntegralNumber();
            case "float" -> value.isNumber();
            case "str" -> value.isTextual();
            case "bool" -> value.isBoolean();
            case "list[int]" -> value.isArray() && allMatch(value, JsonNode::isIntegralNumber);
            case "list[str]" -> value.isArray() && allMatch(value, JsonNode::isTextual);
            default -> Character.isUpperCase(type.charAt(0)) && value.isTextual();
        };
    }

    private static boolean allMatch(JsonNode array, java.util.function.Predicate<JsonNode> test) {
        for (JsonNode item : array) {
            if (!test.test(item)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> fieldsAndTypes(JsonNode node) {
        Map<String, String> out = new java.util.TreeMap<>();
        node.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().getNodeType().toString()));
        return out;
    }

    private static JsonNode vendor(String name) throws Exception {
        try (InputStream in = FactorialVendorShapeTest.class.getResourceAsStream("/vendor/factorial/" + name + ".json")) {
            return JSON.readTree(in);
        }
    }

    /** Every record of a list, page after page, as the SDK's pagination helper reads it. */
    private static List<JsonNode> readAll(String pathAndQuery) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        String cursor = null;
        String separator = pathAndQuery.contains("?") ? "&" : "?";
        while (true) {
            JsonNode page = get(pathAndQuery + separator + "limit=100" + (cursor == null ? "" : "&after_id=" + cursor));
            page.get("data").forEach(records::add);
            if (!page.at("/meta/has_next_page").asBoolean() || !page.get("meta").has("end_cursor")) {
                return records;
            }
            cursor = page.at("/meta/end_cursor").asText();
        }
    }

    private static JsonNode get(String pathAndQuery) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/resources/" + pathAndQuery))
                .header("x-api-key", KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), pathAndQuery + ": " + response.body());
        return JSON.readTree(response.body());
    }
}
