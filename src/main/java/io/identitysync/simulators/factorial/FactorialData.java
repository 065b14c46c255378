package io.identitysync.simulators.factorial;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.core.Usernames;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The company a Factorial simulator serves: employees, teams (and so their memberships), locations, contract
 * versions and job catalog levels as the API shapes them, field for field from the models of Factorial's SDK
 * (factorialco/factorial-api-sdks, python/.../generated/models, API 2026-04-01): ids typed as the models type them
 * (locations' and job catalog levels' are strings, the rest integers), optional fields left out rather than null. Seeded data holds what real companies have and syncs trip on: accented and duplicate
 * names, employees without a work email (but a personal one), leavers past and future, managers (some who left, some
 * who are no employee at all), people in several teams, team leads, promotions, contract changes to come, future
 * starters, and titles kept in the job catalog rather than on the contract.
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
    private static final String[] TITLES = {"Software Engineer", "Account Executive", "People Partner", "Accountant", "Support Agent",
        "Marketing Manager", "Legal Counsel", "Product Designer"};
    /** Job catalog levels: id, level name, role name (the last has no role: its level name is the title). */
    private static final String[][] LEVELS = {{"1", "L1", "Software Engineer"}, {"2", "L2", "Senior Software Engineer"}, {"3", "Staff", null}};

    public final List<ObjectNode> employees = new ArrayList<>();
    public final List<ObjectNode> teams = new ArrayList<>();
    public final List<ObjectNode> locations = new ArrayList<>();
    public final List<ObjectNode> contractVersions = new ArrayList<>();
    public final List<ObjectNode> jobLevels = new ArrayList<>();
    public final List<ObjectNode> leaveTypes = new ArrayList<>();
    public final List<ObjectNode> leavePolicies = new ArrayList<>();
    public final List<ObjectNode> leaves = new ArrayList<>();
    public final List<ObjectNode> compensations = new ArrayList<>();
    public final List<ObjectNode> customFields = new ArrayList<>();
    public final List<ObjectNode> customFieldOptions = new ArrayList<>();
    public final List<ObjectNode> customFieldValues = new ArrayList<>();
    /** Whose day the company's dates are relative to, and what "today" means to the simulator's filters: the clock
     *  of the code under test, so that no test depends on the day it runs. */
    private final Clock clock;

    public FactorialData() {
        this(Clock.systemUTC());
    }

    public FactorialData(Clock clock) {
        this.clock = clock;
    }

    /** Today by this company's clock. */
    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /** A company of {@code size} employees, the same for the same seed, its dates relative to today (the demo's). */
    public static FactorialData seeded(int size, long seed) {
        return seeded(size, seed, Clock.systemUTC());
    }

    /** A company of {@code size} employees, the same for the same seed and the same day of {@code clock}. */
    public static FactorialData seeded(int size, long seed, Clock clock) {
        FactorialData d = new FactorialData(clock);
        Random random = new Random(seed);
        LocalDate today = d.today();
        for (int i = 0; i < LOCATIONS.length; i++) {
            d.locations.add(FactorialRecords.location(i + 1, LOCATIONS[i][0], LOCATIONS[i][1], LOCATIONS[i][2], i == 0));
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
                e.remove("email");
                e.remove("login_email");
            } else if (i % 37 == 0) {
                e.remove("email");
            }
            if (i % 41 == 0) {
                e.put("terminated_on", today.minusDays(10 + random.nextInt(300)).toString());
                e.put("active", false);
            } else if (i % 43 == 0) {
                e.put("terminated_on", today.minusDays(1).toString());
            } else if (i % 47 == 0) {
                e.put("terminated_on", today.plusDays(14).toString());
                e.put("is_terminating", true);
            }
            e.put("legal_entity_id", 1 + i % 2);
            if (i > 1) {
                e.put("manager_id", 1 + random.nextInt(Math.max(1, Math.min(i - 1, 25))));
            }
            if (i % 67 == 0) {
                // A manager who is no employee at all (removed from Factorial): reported, never guessed.
                e.put("manager_id", 10_000_000 + i);
            } else if (i % 71 == 0 && size >= 41) {
                e.put("manager_id", 41);
            }
            e.put("location_id", 1 + random.nextInt(LOCATIONS.length));
            d.employees.add(e);
            d.contractsOf(i, today, random);
            d.leaves.addAll(FactorialSeeds.leavesOf(i, today));
            d.customFieldValues.addAll(FactorialSeeds.customValuesOf(i, today));
        }
        for (ObjectNode r : d.employees) {
            r.put("created_at", SEEDED_AT).put("updated_at", SEEDED_AT);
        }
        for (ObjectNode r : d.contractVersions) {
            r.put("created_at", SEEDED_AT).put("updated_at", SEEDED_AT);
        }
        // One custom field of each kind a sync maps: text, number (cents), date, option (single choice), checkbox.
        d.customFields.add(FactorialRecords.customField(1, "text", "Cost center", "cost_center"));
        d.customFields.add(FactorialRecords.customField(2, "cents", "Desk number", "desk_number"));
        d.customFields.add(FactorialRecords.customField(3, "date", "Badge expiry", "badge_expiry"));
        d.customFields.add(FactorialRecords.customField(4, "single_choice", "T-shirt size", "t_shirt_size"));
        d.customFields.add(FactorialRecords.customField(5, "checkbox", "Remote eligible", "remote_eligible"));
        for (String[] o : new String[][] {{"41", "S"}, {"42", "M"}, {"43", "L"}}) {
            d.customFieldOptions.add(JSON.createObjectNode().put("id", Integer.parseInt(o[0])).put("label", o[1]).put("value", o[1].toLowerCase())
                    .put("is_active", true).put("field_id", 4));
        }
        d.leaveTypes.add(FactorialRecords.leaveType(1, "Vacation", "vacation", true));
        d.leaveTypes.add(FactorialRecords.leaveType(2, "Sick leave", "sick_leave", false));
        d.leaveTypes.add(FactorialRecords.leaveType(3, "Parental leave", "parental_leave", true));
        d.leavePolicies.add(JSON.createObjectNode().put("id", 1).put("name", "Spain").put("main", true).put("company_id", 1)
                .put("description", "Default policy"));
        d.leavePolicies.add(JSON.createObjectNode().put("id", 2).put("name", "Germany").put("main", false).put("company_id", 1));
        for (String[] level : LEVELS) {
            d.jobLevels.add(FactorialRecords.jobLevel(level[0], level[1], level[2]));
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

    /**
     * Employee {@code i}'s contract versions: hired a while ago on one title; every 11th promoted 30 days ago,
     * every 13th with a change to come in 20 days, every 61st a future starter (hired in 10 days), every 7th with
     * its title in the job catalog (a level and no job title).
     */
    private void contractsOf(int i, LocalDate today, Random random) {
        LocalDate hired = i % 61 == 0 ? today.plusDays(10) : today.minusDays(100 + random.nextInt(2000));
        ObjectNode first = FactorialRecords.contractVersion(i * 10L + 1, i, hired, hired, TITLES[i % TITLES.length]);
        if (i % 7 == 0) {
            first.remove("job_title");
            first.put("job_catalog_level_id", 1 + i % LEVELS.length);
        }
        if (i % 9 == 0) {
            first.put("working_hours", 20);
            first.put("working_time_percentage_in_cents", 5000);
        }
        contractVersions.add(first);
        compensations.add(FactorialRecords.compensation(first.get("id").asLong() * 10 + 1, first.get("id").asLong(), 3_000_000 + 1_000L * i, hired));
        if (i % 11 == 0 && i % 61 != 0) {
            contractVersions.add(FactorialRecords.contractVersion(i * 10L + 2, i, today.minusDays(30), hired, "Senior " + TITLES[i % TITLES.length]));
        }
        if (i % 13 == 0 && i % 61 != 0) {
            contractVersions.add(FactorialRecords.contractVersion(i * 10L + 3, i, today.plusDays(20), hired, "Lead " + TITLES[i % TITLES.length]));
        }
    }

    /**
     * An employee as Factorial returns it (EmployeesEmployee), active, with addresses derived from the name. No
     * location, manager or termination date: the model's location_id is required, so a company the simulator
     * serves gives every employee one (the seeded company does; tests writing a company by hand may leave it out).
     */
    public static ObjectNode employee(int id, String given, String family) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", id);
        e.put("access_id", 1000 + id);
        e.put("first_name", given);
        e.put("last_name", family);
        e.put("full_name", given + " " + family);
        String local = Usernames.base(given, family, String.valueOf(id));
        e.put("email", local + "." + id + "@example.com");
        e.put("login_email", local + "." + id + "@login.example.com");
        e.put("personal_email", local + "." + id + "@personal.example.org");
        e.put("company_identifier", String.format("E%05d", id));
        e.put("active", true);
        e.put("is_terminating", false);
        e.put("attendable", true);
        e.put("company_id", 1);
        e.put("created_at", Instant.now().toString());
        e.put("updated_at", Instant.now().toString());
        return e;
    }

    /**
     * The company's team memberships as Factorial lists them (teams/memberships, TeamsMembership: string ids, lead a
     * boolean), one per person and team, from the teams' employee_ids and lead_ids.
     */
    public synchronized List<ObjectNode> teamMemberships() {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode team : teams) {
            int teamId = team.get("id").asInt();
            Set<Integer> leads = new TreeSet<>();
            team.path("lead_ids").forEach(l -> leads.add(l.asInt()));
            Set<Integer> people = new TreeSet<>(leads);
            team.path("employee_ids").forEach(m -> people.add(m.asInt()));
            for (int person : people) {
                out.add(JSON.createObjectNode().put("id", String.valueOf(teamId * 1_000_000L + person)).put("employee_id", String.valueOf(person))
                        .put("team_id", String.valueOf(teamId)).put("lead", leads.contains(person)).put("company_id", team.path("company_id").asText("1")));
            }
        }
        return out;
    }

    /** When a seeded company was last edited: long before any run, so an incremental read finds only what a test touches. */
    static final String SEEDED_AT = "2026-01-01T00:00:00Z";

    /** A record was just edited in Factorial: its updated_at moves, as the API's does (what incremental reads filter on). */
    public static ObjectNode touch(ObjectNode record) {
        record.put("updated_at", Instant.now().toString());
        return record;
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
            case "team_memberships" -> teamMemberships();
            case "locations" -> new ArrayList<>(locations);
            case "contract_versions" -> new ArrayList<>(contractVersions);
            case "job_levels" -> new ArrayList<>(jobLevels);
            case "leave_types" -> new ArrayList<>(leaveTypes);
            case "leave_policies" -> new ArrayList<>(leavePolicies);
            case "leaves" -> new ArrayList<>(leaves);
            case "compensations" -> new ArrayList<>(compensations);
            case "custom_fields" -> new ArrayList<>(customFields);
            case "custom_field_options" -> new ArrayList<>(customFieldOptions);
            case "custom_field_values" -> new ArrayList<>(customFieldValues);
            default -> throw new IllegalArgumentException(name);
        };
    }
}
