package io.identitysync.sources.factorial;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.core.Usernames;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The company a Factorial simulator serves: employees, teams and locations as the API shapes them. Seeded data
 * holds what real companies have and syncs trip on: accented and duplicate names, employees without a work email,
 * leavers past and future, managers, people in several teams, team leads.
 */
public final class FactorialData {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] GIVEN = {"José", "Zoë", "Łukasz", "Ana", "Søren", "François", "Björn", "Núria", "Chloé", "Mats",
        "Aisha", "Mário", "Ingrid", "Dmitri", "Hélène", "Kenji", "Ophélie", "Çağan", "Siobhán", "Tomás"};
    private static final String[] FAMILY = {"Núñez-Díaz", "García", "Müller", "O'Brien", "Dvořák", "Żółć", "Smith", "Åberg",
        "van der Berg", "Lefèvre", "Rossi", "Ibáñez", "Kowalski", "Nakamura", "Özdemir", "Ferreira", "Schäfer", "Łaski"};
    private static final String[][] LOCATIONS = {{"Barcelona HQ", "ES", "Barcelona"}, {"Berlin", "DE", "Berlin"},
        {"Remote", "PT", "Lisbon"}};
    private static final String[] TEAMS = {"Engineering", "Sales", "People", "Finance", "Support", "Marketing", "Legal", "Design"};

    public final List<ObjectNode> employees = new ArrayList<>();
    public final List<ObjectNode> teams = new ArrayList<>();
    public final List<ObjectNode> locations = new ArrayList<>();

    /** A company of {@code size} employees, the same for the same seed. */
    public static FactorialData seeded(int size, long seed) {
        FactorialData d = new FactorialData();
        Random random = new Random(seed);
        LocalDate today = LocalDate.now();
        for (int i = 0; i < LOCATIONS.length; i++) {
            ObjectNode l = JSON.createObjectNode();
            l.put("id", i + 1);
            l.put("name", LOCATIONS[i][0]);
            l.put("country", LOCATIONS[i][1]);
            l.put("city", LOCATIONS[i][2]);
            l.put("company_id", 1);
            d.locations.add(l);
        }
        for (int i = 1; i <= size; i++) {
            String given = GIVEN[random.nextInt(GIVEN.length)];
            String family = FAMILY[random.nextInt(FAMILY.length)];
            if (i == 2) {
                // A guaranteed namesake of employee 1, whatever the size.
                given = d.employees.get(0).get("first_name").asText();
                family = d.employees.get(0).get("last_name").asText();
            }
            ObjectNode e = employee(i, given, family);
            if (i % 53 == 0) {
                e.putNull("email");
                e.putNull("login_email");
            } else if (i % 37 == 0) {
                e.putNull("email");
            }
            if (i % 41 == 0) {
                e.put("terminated_on", today.minusDays(10 + random.nextInt(300)).toString());
                e.put("active", false);
            } else if (i % 43 == 0) {
                e.put("terminated_on", today.minusDays(1).toString());
            } else if (i % 47 == 0) {
                e.put("terminated_on", today.plusDays(14).toString());
            }
            if (i > 1) {
                e.put("manager_id", 1 + random.nextInt(Math.max(1, Math.min(i - 1, 25))));
            }
            e.put("location_id", 1 + random.nextInt(LOCATIONS.length));
            d.employees.add(e);
        }
        int teamCount = Math.max(1, Math.min(TEAMS.length, size / 10));
        for (int t = 0; t < teamCount; t++) {
            ObjectNode team = JSON.createObjectNode();
            team.put("id", t + 1);
            team.put("name", TEAMS[t]);
            team.put("description", TEAMS[t] + " team");
            team.put("company_id", 1);
            team.putArray("employee_ids");
            team.putArray("lead_ids");
            d.teams.add(team);
        }
        for (ObjectNode e : d.employees) {
            int id = e.get("id").asInt();
            ((ArrayNode) d.teams.get(id % teamCount).get("employee_ids")).add(id);
            if (id % 5 == 0 && teamCount > 1) {
                ((ArrayNode) d.teams.get((id + 1) % teamCount).get("employee_ids")).add(id);
            }
        }
        for (ObjectNode team : d.teams) {
            ArrayNode members = (ArrayNode) team.get("employee_ids");
            if (!members.isEmpty()) {
                ((ArrayNode) team.get("lead_ids")).add(members.get(0).asInt());
            }
        }
        return d;
    }

    /** An employee as Factorial returns it, active, with a work email derived from the name. */
    public static ObjectNode employee(int id, String given, String family) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", id);
        e.put("first_name", given);
        e.put("last_name", family);
        e.put("full_name", given + " " + family);
        String local = Usernames.base(given, family, String.valueOf(id));
        e.put("email", local + "." + id + "@example.com");
        e.put("login_email", local + "." + id + "@login.example.com");
        e.put("active", true);
        e.putNull("terminated_on");
        e.putNull("manager_id");
        e.putNull("location_id");
        e.put("company_id", 1);
        e.put("role", "basic");
        return e;
    }

    public synchronized ObjectNode employeeById(int id) {
        return employees.stream().filter(e -> e.get("id").asInt() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no employee " + id));
    }

    public synchronized ObjectNode teamById(int id) {
        return teams.stream().filter(t -> t.get("id").asInt() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no team " + id));
    }

    public synchronized List<ObjectNode> resource(String name) {
        return switch (name) {
            case "employees" -> new ArrayList<>(employees);
            case "teams" -> new ArrayList<>(teams);
            case "locations" -> new ArrayList<>(locations);
            default -> throw new IllegalArgumentException(name);
        };
    }
}
