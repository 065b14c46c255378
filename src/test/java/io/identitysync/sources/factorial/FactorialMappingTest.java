package io.identitysync.sources.factorial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.identitysync.model.CanonicalGroup;
import io.identitysync.model.CanonicalMembership;
import io.identitysync.model.CanonicalUser;
import io.identitysync.model.MappedPage;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FactorialMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);
    private final FactorialMapping mapping = new FactorialMapping();

    private CanonicalUser user(String json) throws Exception {
        return user(json, "email");
    }

    private CanonicalUser user(String json, String emailField) throws Exception {
        MappedPage page = mapping.employees(JSON.readTree("[" + json + "]"), TODAY, emailField);
        assertEquals(1, page.users.size());
        return page.users.get(0);
    }

    @Test
    void anActiveEmployeeMapsEveryField() throws Exception {
        CanonicalUser u = user("{\"id\":7,\"first_name\":\"José\",\"last_name\":\"Núñez-Díaz\",\"full_name\":\"José Núñez-Díaz\","
                + "\"email\":\"jose@acme.test\",\"login_email\":\"j@login.test\",\"active\":true,\"terminated_on\":null,"
                + "\"manager_id\":3,\"location_id\":2,\"legal_entity_id\":4,\"company_id\":1}");
        assertEquals("7", u.externalId());
        assertEquals("jose@acme.test", u.email());
        assertEquals("José", u.givenName());
        assertEquals("Núñez-Díaz", u.familyName());
        assertEquals("José Núñez-Díaz", u.displayName());
        assertEquals(CanonicalUser.ACTIVE, u.status());
        assertEquals("3", u.managerExternalId());
        assertEquals("4", u.attributes().get("legal_entity_id"), "the legal entity is the employee's (F9)");
        assertNull(u.attributes().get("role"), "role is no field of Factorial's 2026-04-01 employee");
    }

    @Test
    void inactiveIsDisabled() throws Exception {
        assertEquals(CanonicalUser.DISABLED, user("{\"id\":1,\"email\":\"a@b.c\",\"active\":false}").status());
    }

    @Test
    void terminationOnOrBeforeTodayIsDisabledAfterTodayIsActive() throws Exception {
        assertEquals(CanonicalUser.DISABLED, user("{\"id\":1,\"email\":\"a@b.c\",\"active\":true,\"terminated_on\":\"2026-11-21\"}").status());
        assertEquals(CanonicalUser.DISABLED, user("{\"id\":1,\"email\":\"a@b.c\",\"active\":true,\"terminated_on\":\"2026-11-22\"}").status());
        CanonicalUser leaving = user("{\"id\":1,\"email\":\"a@b.c\",\"active\":true,\"terminated_on\":\"2026-11-23\"}");
        assertEquals(CanonicalUser.ACTIVE, leaving.status());
        assertEquals("2026-11-23", leaving.attributes().get("terminated_on"));
    }

    @Test
    void theAddressComesFromTheConfiguredFieldsInOrder() throws Exception {
        String both = "{\"id\":1,\"email\":\"x@gmail.test\",\"login_email\":\"x@corp.test\"}";
        assertEquals("x@gmail.test", user(both, "email").email(), "the default reads email only");
        assertEquals("x@corp.test", user(both, "login_email").email());
        assertEquals("x@corp.test", user(both, "login_email,email").email());
        String loginOnly = "{\"id\":1,\"login_email\":\"login@acme.test\"}";
        assertNull(user(loginOnly, "email").email(), "no fallback unless asked for");
        assertEquals("login@acme.test", user(loginOnly, "email,login_email").email());
        assertEquals("login@acme.test", user("{\"id\":1,\"email\":\"  \",\"login_email\":\"login@acme.test\"}", " email , login_email ").email());
        assertNull(user("{\"id\":1}", "email,login_email").email());
        assertEquals("x@gmail.test", user(both, null).email(), "unset: the default");
    }

    @Test
    void aBadEmailFieldSaysWhy() {
        assertEquals("'personal_email' is not an employee address field",
                assertThrows(IllegalArgumentException.class, () -> FactorialMapping.emailFields("email,personal_email")).getMessage());
        assertEquals("names email twice", assertThrows(IllegalArgumentException.class, () -> FactorialMapping.emailFields("email,email")).getMessage());
        assertEquals("names an empty field", assertThrows(IllegalArgumentException.class, () -> FactorialMapping.emailFields("email,")).getMessage());
    }

    @Test
    void addressFieldsNameWhichFieldsHoldAnAddress() throws Exception {
        assertEquals(Map.of("email", "x@gmail.test", "login_email", "x@corp.test"),
                FactorialMapping.addressFields(JSON.readTree("{\"email\":\"x@gmail.test\",\"login_email\":\"x@corp.test\",\"personal_email\":\"p@home.test\"}")));
        assertEquals(List.of("login_email"), List.copyOf(FactorialMapping.addressFields(JSON.readTree("{\"email\":\"  \",\"login_email\":\"x@corp.test\"}")).keySet()));
        assertTrue(FactorialMapping.addressFields(JSON.readTree("{\"id\":1}")).isEmpty());
    }

    @Test
    void displayNameIsBuiltWhenFullNameIsMissing() throws Exception {
        assertEquals("Ana García", user("{\"id\":1,\"first_name\":\"Ana\",\"last_name\":\"García\"}").displayName());
    }

    @Test
    void anEmployeeWithoutIdIsSkippedNotStored() throws Exception {
        MappedPage page = mapping.employees(JSON.readTree("[{\"first_name\":\"No\",\"email\":\"x@y.z\"}]"), TODAY, "email");
        assertTrue(page.users.isEmpty());
        assertEquals("employee without an id", page.skipped.get(0).reason());
    }

    @Test
    void locationOfAnEmployeeIsAMembership() throws Exception {
        MappedPage page = mapping.employees(JSON.readTree("[{\"id\":5,\"email\":\"a@b.c\",\"location_id\":2}]"), TODAY, "email");
        assertEquals(List.of(new CanonicalMembership("location:2", "5", "member")), page.memberships);
    }

    @Test
    void teamsAreDepartmentsAndTheirMembershipsComeFromTheirOwnList() throws Exception {
        JsonNode teams = JSON.readTree("[{\"id\":3,\"name\":\"Engineering\",\"description\":\"Builds\",\"employee_ids\":[1,2],\"lead_ids\":[2]}]");
        MappedPage page = mapping.teams(teams);
        CanonicalGroup g = page.groups.get(0);
        assertEquals("department:3", g.externalId());
        assertEquals(CanonicalGroup.DEPARTMENT, g.kind());
        assertEquals("Engineering", g.name());
        assertEquals("Builds", g.description());
        assertTrue(page.memberships.isEmpty(), "employee_ids and lead_ids are optional in the team model: the memberships list says who is in");
        // TeamsMembership: string ids, lead a boolean.
        MappedPage members = mapping.team_memberships(JSON.readTree("[{\"id\":\"31\",\"employee_id\":\"1\",\"team_id\":\"3\",\"lead\":false},"
                + "{\"id\":\"32\",\"employee_id\":\"2\",\"team_id\":\"3\",\"lead\":true},{\"id\":\"33\",\"team_id\":\"3\",\"lead\":false}]"));
        assertEquals(List.of(new CanonicalMembership("department:3", "1", "member"), new CanonicalMembership("department:3", "2", "member"),
                new CanonicalMembership("department:3", "2", "lead")), members.memberships);
        assertEquals("team membership without an employee_id", members.skipped.get(0).reason());
    }

    @Test
    void locationsAreLocationGroups() throws Exception {
        MappedPage page = mapping.locations(JSON.readTree("[{\"id\":\"2\",\"company_id\":\"1\",\"name\":\"Berlin\",\"main\":false,\"country\":\"DE\",\"city\":\"Berlin\"}]"));
        CanonicalGroup g = page.groups.get(0);
        assertEquals("location:2", g.externalId());
        assertEquals(CanonicalGroup.LOCATION, g.kind());
        assertEquals("DE", g.attributes().get("country"));
    }
}
