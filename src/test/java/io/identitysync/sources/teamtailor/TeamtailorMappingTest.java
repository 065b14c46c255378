package io.identitysync.sources.teamtailor;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.identitysync.model.CanonicalMembership;
import io.identitysync.model.CanonicalUser;
import io.identitysync.model.MappedPage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TeamtailorMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TeamtailorMapping mapping = new TeamtailorMapping();

    private CanonicalUser user(String attributes) throws Exception {
        return user(attributes, null);
    }

    private CanonicalUser user(String attributes, String emailFields) throws Exception {
        MappedPage page = mapping.users(JSON.readTree("[{\"id\":\"42\",\"type\":\"users\",\"attributes\":" + attributes + "}]"), emailFields);
        return page.users.get(0);
    }

    /** The second user of teamtailor-rb's spec/fixtures/v1/users.json: no email, a login-email. */
    @Test
    void aUserWithoutEmailIsReachedAtTheirLoginEmailUnlessConfiguredOtherwise() throws Exception {
        String admin = "{\"login-email\":\"admin@teamtailor.localhost\",\"name\":null,\"role\":\"admin\",\"username\":\"admin\",\"email\":null}";
        assertEquals("admin@teamtailor.localhost", user(admin).email());
        assertEquals("admin@teamtailor.localhost", user(admin, "email,login-email").email());
        assertNull(user(admin, "email").email(), "email alone: no address, so the user is skipped at staging (sync.require-email)");

        String both = "{\"login-email\":\"sign-in@corp.test\",\"name\":\"A B\",\"email\":\"contact@corp.test\"}";
        assertEquals("contact@corp.test", user(both).email());
        assertEquals("sign-in@corp.test", user(both, "login-email").email());
        assertEquals("sign-in@corp.test", user(both, " login-email , email ").email());
        assertEquals("contact@corp.test", user(both, "").email(), "blank is the default");
    }

    @Test
    void aUserMapsNameEmailTitleAndRole() throws Exception {
        CanonicalUser u = user("{\"name\":\"Jean-Luc de la Tour\",\"email\":\"jl@acme.test\",\"username\":\"jl\",\"role\":\"Recruiter\","
                + "\"title\":\"Head of Talent\",\"visible\":true,\"login-email\":\"jl@login.test\"}");
        assertEquals("42", u.externalId());
        assertEquals("Jean-Luc", u.givenName());
        assertEquals("de la Tour", u.familyName());
        assertEquals("Jean-Luc de la Tour", u.displayName());
        assertEquals("jl@acme.test", u.email());
        assertEquals("Head of Talent", u.title());
        assertEquals("Recruiter", u.attributes().get("role"), "the role is kept as sent");
        assertEquals(CanonicalUser.ACTIVE, u.status());
    }

    @Test
    void aSingleWordIsAGivenName() throws Exception {
        CanonicalUser u = user("{\"name\":\"Erik\",\"email\":\"e@x.y\",\"role\":\"user\"}");
        assertEquals("Erik", u.givenName());
        assertNull(u.familyName());
    }

    @Test
    void noAccessInAnySpellingIsDisabled() throws Exception {
        for (String role : List.of("no_access", "No access", "NO-ACCESS", "noAccess", "no access", "No_Access")) {
            CanonicalUser u = user("{\"name\":\"A B\",\"email\":\"a@b.c\",\"role\":\"" + role + "\"}");
            assertEquals(CanonicalUser.DISABLED, u.status(), role);
            assertEquals(role, u.attributes().get("role"));
        }
        for (String role : List.of("admin", "user", "recruiter", "hiring_manager", "access")) {
            assertEquals(CanonicalUser.ACTIVE, user("{\"name\":\"A B\",\"email\":\"a@b.c\",\"role\":\"" + role + "\"}").status(), role);
        }
        assertFalse(TeamtailorMapping.isNoAccess(null));
        assertTrue(TeamtailorMapping.isNoAccess(" no-access "));
    }

    @Test
    void theDepartmentRelationshipIsAMembership() throws Exception {
        MappedPage page = mapping.users(JSON.readTree("[{\"id\":\"7\",\"attributes\":{\"name\":\"A B\",\"email\":\"a@b.c\"},"
                + "\"relationships\":{\"department\":{\"data\":{\"type\":\"departments\",\"id\":\"3\"}}}},"
                + "{\"id\":\"8\",\"attributes\":{\"name\":\"C D\",\"email\":\"c@d.e\"},\"relationships\":{\"department\":{\"data\":null}}}]"), null);
        assertEquals(List.of(new CanonicalMembership("department:3", "7", "member")), page.memberships);
        MappedPage departments = mapping.departments(JSON.readTree("[{\"id\":\"3\",\"type\":\"departments\",\"attributes\":{\"name\":\"Sales\"}}]"));
        assertEquals("department:3", departments.groups.get(0).externalId());
        assertEquals("Sales", departments.groups.get(0).name());
    }
}
