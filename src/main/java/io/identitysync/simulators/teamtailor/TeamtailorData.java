package io.identitysync.simulators.teamtailor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.core.Usernames;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The account a Teamtailor simulator serves: users, departments, locations and teams as JSON:API resources, with
 * the attributes Teamtailor sends (teamtailor-rb's spec/fixtures/v1/{users,departments,locations}.json, Airbyte's
 * source-teamtailor schema for teams; copies in src/test/resources/vendor/teamtailor/). Seeded data holds every
 * spelling of the "no access" role, users whose {@code email} is null (only {@code login-email} set, as in the
 * vendor's fixture), accented and duplicate names, users with no department or no location, and users in several
 * teams or none.
 */
public final class TeamtailorData {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ROLES = {"admin", "user", "recruiter", "hiring_manager", "no_access", "No access", "NO-ACCESS", "noAccess"};
    private static final String[] NAMES = {"Åsa Lindqvist", "Björn Ek", "Chloé Martin", "Dolores Núñez", "Erik", "Fatima Al-Sayed",
        "Grzegorz Brzęczyszczykiewicz", "Hanna Öberg", "Iñaki Etxeberria", "Jean-Luc Picard", "Karin van Dijk", "Åsa Lindqvist"};
    private static final String[] DEPARTMENTS = {"Talent Acquisition", "Engineering", "Sales", "People"};
    private static final String[][] LOCATIONS = {{"Stockholm HQ", "Stockholm", "Sweden", "118 46"}, {"London", "London", "United Kingdom", "EC1A 1BB"}};
    private static final String[] TEAMS = {"Tech hiring", "Graduate programme", "Leadership hiring"};
    /** The user attributes of the vendor's fixture that the simulator has nothing to say about: null, as there. */
    private static final String[] NULL_USER_ATTRIBUTES = {"description", "facebook-profile", "hide-email", "instagram-profile",
        "linkedin-profile", "other-profile", "phone", "picture", "twitter-profile"};
    private static final String[] USER_NOTIFICATIONS = {"notification-daily-digest", "notification-job", "notification-mention",
        "notification-candidate-message", "notification-lead-message", "notification-connected-candidate",
        "notification-recruiter-application", "notification-removal-request", "notification-gdpr-digest"};

    public final List<ObjectNode> users = new ArrayList<>();
    public final List<ObjectNode> departments = new ArrayList<>();
    public final List<ObjectNode> locations = new ArrayList<>();
    public final List<ObjectNode> teams = new ArrayList<>();

    /** An account with no one and nothing in it: every list is empty (page-count 0). */
    public static TeamtailorData empty() {
        return new TeamtailorData();
    }

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
            d.locations.add(location(i + 1, LOCATIONS[i][0], LOCATIONS[i][1], LOCATIONS[i][2], LOCATIONS[i][3], i == 0));
        }
        for (int i = 0; i < TEAMS.length; i++) {
            d.teams.add(team(i + 1, TEAMS[i]));
        }
        return d;
    }

    /**
     * A user as stored in the simulator, with the attributes of the vendor's fixture; {@code department_id},
     * {@code location_id} and {@code team_ids} become relationships when served.
     */
    public static ObjectNode user(int id, String name, String role) {
        ObjectNode u = JSON.createObjectNode();
        u.put("id", String.valueOf(id));
        u.put("type", "users");
        ObjectNode a = u.putObject("attributes");
        for (String field : NULL_USER_ATTRIBUTES) {
            a.putNull(field);
        }
        a.put("login-email", "login" + id + "@example.com");
        a.put("name", name);
        a.put("role", role);
        a.put("title", id % 3 == 0 ? "Recruiter" : "Hiring Manager");
        a.put("username", "tt" + id);
        a.put("visible", true);
        a.put("signature", "<p>-- <br>" + name + "<br>Example AB</p>");
        for (String field : USER_NOTIFICATIONS) {
            a.put(field, true);
        }
        a.put("notification-hiring-team-application", false);
        a.put("email", Usernames.base(name, null, String.valueOf(id)) + "." + id + "@example.com");
        return u;
    }

    public static ObjectNode department(int id, String name) {
        ObjectNode d = JSON.createObjectNode();
        d.put("id", String.valueOf(id));
        d.put("type", "departments");
        ObjectNode a = d.putObject("attributes");
        a.put("name", name);
        a.putNull("people-headline");
        a.putNull("people-text");
        a.put("row-order", (id - 1) * 1_073_741_824L);
        a.putArray("pictures");
        a.putNull("headline");
        a.putNull("text");
        return d;
    }

    public static ObjectNode location(int id, String name, String city, String country, String zip, boolean headquarters) {
        ObjectNode l = JSON.createObjectNode();
        l.put("id", String.valueOf(id));
        l.put("type", "locations");
        ObjectNode a = l.putObject("attributes");
        a.putNull("address");
        a.put("city", city);
        a.put("country", country);
        a.putNull("email");
        a.put("headquarters", headquarters);
        a.putNull("lat");
        a.putNull("long");
        a.put("name", name);
        a.putNull("phone");
        a.put("zip", zip);
        return l;
    }

    public static ObjectNode team(int id, String name) {
        ObjectNode t = JSON.createObjectNode();
        t.put("id", String.valueOf(id));
        t.put("type", "teams");
        ObjectNode a = t.putObject("attributes");
        a.putNull("emoji");
        a.put("name", name);
        a.put("no-department", false);
        return t;
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
