package io.identitysync.sources.teamtailor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.core.Usernames;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The account a Teamtailor simulator serves: users and departments as JSON:API resources. Seeded data holds every
 * spelling of the "no access" role, users without an email, accented and duplicate names and users with no department.
 */
public final class TeamtailorData {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ROLES = {"admin", "user", "recruiter", "hiring_manager", "no_access", "No access", "NO-ACCESS", "noAccess"};
    private static final String[] NAMES = {"Åsa Lindqvist", "Björn Ek", "Chloé Martin", "Dolores Núñez", "Erik", "Fatima Al-Sayed",
        "Grzegorz Brzęczyszczykiewicz", "Hanna Öberg", "Iñaki Etxeberria", "Jean-Luc Picard", "Karin van Dijk", "Åsa Lindqvist"};
    private static final String[] DEPARTMENTS = {"Talent Acquisition", "Engineering", "Sales", "People"};

    public final List<ObjectNode> users = new ArrayList<>();
    public final List<ObjectNode> departments = new ArrayList<>();

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
            d.users.add(u);
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
            default -> throw new IllegalArgumentException(name);
        };
    }
}
