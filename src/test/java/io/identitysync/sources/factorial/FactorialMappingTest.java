package io.identitysync.sources.factorial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.identitysync.core.CanonicalGroup;
import io.identitysync.core.CanonicalMembership;
import io.identitysync.core.CanonicalUser;
import io.identitysync.core.MappedPage;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FactorialMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);
    private final FactorialMapping mapping = new FactorialMapping();

    private CanonicalUser user(String json) throws Exception {
        MappedPage page = mapping.employees(JSON.readTree("[" + json + "]"), TODAY);
        assertEquals(1, page.users.size());
        return page.users.get(0);
    }

    @Test
    void anActiveEmployeeMapsEveryField() throws Exception {
        CanonicalUser u = user("{\"id\":7,\"first_name\":\"José\",\"last_name\":\"Núñez-Díaz\",\"full_name\":\"José Núñez-Díaz\","
                + "\"email\":\"jose@acme.test\",\"login_email\":\"j@login.test\",\"active\":true,\"terminated_on\":null,"
                + "\"manager_id\":3,\"location_id\":2,\"role\":\"basic\",\"company_id\":1}");
        assertEquals("7", u.externalId());
        assertEquals("jose@acme.test", u.email());
        assertEquals("José", u.givenName());
        assertEquals("Núñez-Díaz", u.familyName());
        assertEquals("José Núñez-Díaz", u.displayName());
        assertEquals(CanonicalUser.ACTIVE, u.status());
        assertEquals("3", u.managerExternalId());
        assertEquals("basic", u.attributes().get("role"));
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
    void emailFallsBackToLoginEmail() throws Exception {
        assertEquals("login@acme.test", user("{\"id\":1,\"email\":null,\"login_email\":\"login@acme.test\"}").email());
        assertEquals("login@acme.test", user("{\"id\":1,\"email\":\"  \",\"login_email\":\"login@acme.test\"}").email());
        assertNull(user("{\"id\":1}").email());
    }

    @Test
    void displayNameIsBuiltWhenFullNameIsMissing() throws Exception {
        assertEquals("Ana García", user("{\"id\":1,\"first_name\":\"Ana\",\"last_name\":\"García\"}").displayName());
    }

    @Test
    void anEmployeeWithoutIdIsSkippedNotStored() throws Exception {
        MappedPage page = mapping.employees(JSON.readTree("[{\"first_name\":\"No\",\"email\":\"x@y.z\"}]"), TODAY);
        assertTrue(page.users.isEmpty());
        assertEquals("employee without an id", page.skipped.get(0).reason());
    }

    @Test
    void locationOfAnEmployeeIsAMembership() throws Exception {
        MappedPage page = mapping.employees(JSON.readTree("[{\"id\":5,\"email\":\"a@b.c\",\"location_id\":2}]"), TODAY);
        assertEquals(List.of(new CanonicalMembership("location:2", "5", "member")), page.memberships);
    }

    @Test
    void teamsAreDepartmentsWithMembersAndLeads() throws Exception {
        JsonNode teams = JSON.readTree("[{\"id\":3,\"name\":\"Engineering\",\"description\":\"Builds\",\"employee_ids\":[1,2],\"lead_ids\":[2]}]");
        MappedPage page = mapping.teams(teams);
        CanonicalGroup g = page.groups.get(0);
        assertEquals("department:3", g.externalId());
        assertEquals(CanonicalGroup.DEPARTMENT, g.kind());
        assertEquals("Engineering", g.name());
        assertEquals("Builds", g.description());
        assertEquals(List.of(new CanonicalMembership("department:3", "1", "member"), new CanonicalMembership("department:3", "2", "member"),
                new CanonicalMembership("department:3", "2", "lead")), page.memberships);
    }

    @Test
    void locationsAreLocationGroups() throws Exception {
        MappedPage page = mapping.locations(JSON.readTree("[{\"id\":2,\"name\":\"Berlin\",\"country\":\"DE\",\"city\":\"Berlin\"}]"));
        CanonicalGroup g = page.groups.get(0);
        assertEquals("location:2", g.externalId());
        assertEquals(CanonicalGroup.LOCATION, g.kind());
        assertEquals("DE", g.attributes().get("country"));
    }
}
