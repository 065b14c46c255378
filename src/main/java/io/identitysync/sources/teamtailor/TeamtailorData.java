package io.identitysync.sources.teamtailor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.core.Usernames;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The account a Teamtailor simulator serves: users, departments, locations and teams as JSON:API resources. Seeded
 * data holds every spelling of the "no access" role, users without an email, accented and duplicate names, users
 * with no department or no location, and users in several teams or none.
 */
public final class TeamtailorData {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ROLES = {"admin", "user", "recruiter", "hiring_manager", "no_access", "No access", "NO-ACCESS", "noAccess"};
    private static final String[] NAMES = {"Åsa Lindqvist", "Björn Ek", "Chloé Martin", "Dolores Núñez", "Erik", "Fatima Al-Sayed",
        "Grzegorz Brzęczyszczykiewicz", "Hanna Öberg", "Iñaki Etxeberria", "Jean-Luc Picard", "Karin van Dijk", "Åsa Lindqvist"};
    private static final String[] DEPARTMENTS = {"Talent Acquisition", "Engineering", "Sales", "People"};
    private static final String[][] LOCATIONS = {{"Stockholm HQ", "Stockholm", "Sweden"}, {"London", "London", "United Kingdom"}};
    private static final String[] TEAMS = {"Tech hiring", "Graduate programme", "Leadership hiring"};

    public final List<ObjectNode> users = new ArrayList<>();
    public final List<ObjectNode> departments = new ArrayList<>();
    public final List<ObjectNode> locations = new ArrayList<>();
    public final List<ObjectNode> teams = new ArrayList<>();

    public static TeamtailorData seeded(int size, long seed) {
        TeamtailorData d = new TeamtailorData();
        Random random = new Random(seed);
        for (int i = 0; i < DEPARTMENTS.length; i++) {
            d.departments.add(department(i + 1, DEPARTMENTS[i]));
        }
        for (int i = 1; i <= size; i++) {
            ObjectNode u = user(i, NAMES[random.nextInt(NAMES.length)], ROLES[i % ROLES.length]);
            if (i % 17 == 0) {
                u.with("attributes").putNull("email");
            }
            if (i % 5 != 0) {
                u.put("department_id", 1 + random.nextInt(DEPARTMENTS.length));
            }
            if (i % 4 != 0) {
                u.put("location_id", 1 + i % LOCATIONS.length);
            }
            ArrayNode teamIds = u.putArray("team_ids");
            if (i % 3 != 0) {
                teamIds.add(String.valueOf(1 + i % TEAMS.length));
            }
            if (i % 7 == 0) {
                teamIds.add(String.valueOf(1 + (i + 1) % TEAMS.length));
            }
            d.users.add(u);
        }
        for (int i = 0; i < LOCATIONS.length; i++) {
            ObjectNode l = JSON.createObjectNode();
            l.put("id", String.valueOf(i + 1));
            l.put("type", "locations");
            l.putObject("attributes").put("name", LOCATIONS[i][0]).put("city", LOCATIONS[i][1]).put("country", LOCATIONS[i][2])
                    .put("headquarters", i == 0);
            d.locations.add(l);
        }
        for (int i = 0; i < TEAMS.length; i++) {
            ObjectNode t = JSON.createObjectNode();
            t.put("id", String.valueOf(i + 1));
            t.put("type", "teams");
            t.putObject("attributes").put("name", TEAMS[i]);
            d.teams.add(t);
        }
        return d;
    }

    /** A user as stored in the simulator; {@code department_id} is turned into the relationship when served. */
    public static ObjectNode user(int id, String name, String role) {
        ObjectNode u = JSON.createObjectNode();
        u.put("id", String.valueOf(id));
        u.put("type", "users");
        ObjectNode a = u.putObject("attributes");
        a.put("name", name);
        a.put("email", Usernames.base(name, null, String.valueOf(id)) + "." + id + "@example.com");
        a.put("username", "tt" + id);
        a.put("role", role);
        a.put("title", id % 3 == 0 ? "Recruiter" : "Hiring Manager");
        a.put("visible", true);
        a.put("login-email", "login" + id + "@example.com");
        a.put("created-at", "2024-01-01T00:00:00.000+01:00");
        return u;
    }

    public static ObjectNode department(int id, String name) {
        ObjectNode d = JSON.createObjectNode();
        d.put("id", String.valueOf(id));
        d.put("type", "departments");
        d.putObject("attributes").put("name", name);
        return d;
    }

    public synchronized ObjectNode userById(int id) {
        return users.stream().filter(u -> u.get("id").asText().equals(String.valueOf(id))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no user " + id));
    }

    public synchronized List<ObjectNode> resource(String name) {
        return switch (name) {
            case "users" -> new ArrayList<>(users);
            case "departments" -> new ArrayList<>(departments);
            case "locations" -> new ArrayList<>(locations);
            case "teams" -> new ArrayList<>(teams);
            default -> throw new IllegalArgumentException(name);
        };
    }
}
