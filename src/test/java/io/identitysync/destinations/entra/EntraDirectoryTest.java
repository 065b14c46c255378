package io.identitysync.destinations.entra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.simulators.entra.EntraSimulator;
import io.identitysync.support.Companies;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import io.identitysync.simulators.factorial.FactorialData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Factorial → our store → Microsoft Entra ID, through the outbox and the real HTTP clients (MSAL's and ours), against the simulator. */
class EntraDirectoryTest extends FixtureTest {

    static final String TENANT = "8f3c2a1e-5b7d-4e9f-a0c1-2d3e4f5a6b7c";
    static final String CLIENT = "4a1b2c3d-0e9f-4a8b-9c7d-6e5f4a3b2c1d";
    static final String SECRET = "Qx8~simulated.client-secret_41f0";
    private static final ObjectMapper JSON = new ObjectMapper();
    EntraSimulator entra;
    FactorialData data;

    @BeforeAll
    static void trust() throws Exception {
        EntraSimulator.trustInThisJvm();
    }

    /** The installation's keys for a directory "entra" on this simulator. */
    static void configure(SyncFixture fx, EntraSimulator entra, String domain) {
        fx.set("directories.entra.type", "entra-id").set("directories.entra.url", entra.baseUrl())
                .set("directories.entra.login-url", entra.loginUrl()).set("directories.entra.tenant-id", TENANT)
                .set("directories.entra.client-id", CLIENT).set("directories.entra.client-secret", SECRET)
                .set("directories.entra.domain", domain).set("directories.entra.connectors", "factorial")
                .set("directories.retry-schedule", "100ms,100ms,100ms");
    }

    void company(String domain) throws Exception {
        data = Companies.engineering();
        fx = new SyncFixture(dir, data);
        entra = new EntraSimulator(TENANT, CLIENT, SECRET, "example.com", "acme.test");
        configure(fx, entra, domain);
    }

    @AfterEach
    void stop() {
        if (entra != null) {
            entra.close();
        }
    }

    Map<String, ObjectNode> byEmployeeId() {
        Map<String, ObjectNode> out = new HashMap<>();
        for (ObjectNode u : entra.users().all()) {
            if (u.path("employeeId").isTextual()) {
                out.put(u.path("employeeId").asText(), u);
            }
        }
        return out;
    }

    int writes() {
        return entra.calls("POST /users") + entra.calls("PATCH /users/{id}") + entra.calls("DELETE /users/{id}")
                + entra.calls("PUT /users/{id}/manager/$ref") + entra.calls("POST /groups") + entra.calls("POST /groups/{id}/members/$ref");
    }

    int count(String sql) throws Exception {
        return ((Number) fx.scalar(sql)).intValue();
    }

    @Test
    void activePeopleAreCreatedWithTheirWorkEmailAsUpnAndARunWithoutChangesWritesNothing() throws Exception {
        company("example.com");
        assertTrue(fx.runFactorial().succeeded());
        Map<String, ObjectNode> users = byEmployeeId();
        assertEquals(List.of("1", "2", "3"), users.keySet().stream().sorted().toList(), "an inactive person is not created");
        ObjectNode alan = users.get("2");
        assertEquals("alan.turing.2@example.com", alan.path("userPrincipalName").asText());
        assertEquals("Alan", alan.path("givenName").asText());
        assertEquals("Turing", alan.path("surname").asText());
        assertTrue(alan.path("accountEnabled").asBoolean());
        assertEquals(users.get("3").path("id").asText(), entra.users().managerOf(alan.path("id").asText()), "the manager, linked once created");
        assertTrue(entra.users().password(alan.path("id").asText()).length() >= 20);
        assertEquals(0, count("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:entra' AND status <> 'delivered'"));
        assertEquals(1, entra.tokenRequests(), "one token, kept while valid");

        int before = writes();
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(before, writes(), "no change, no write");
    }
}
