package io.identitysync.run;

import io.identitysync.config.Settings;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OAuthTokensTest extends FixtureTest {

    private static long selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().matches("HttpClient-\\d+-SelectorManager")).count();
    }

    /**
     * The JDK's HTTP client keeps a selector thread in native code while it lives, and a JVM's exit waits 0.3 s for
     * such a thread: a process that never refreshes an OAuth token must not have one (every --once paid it).
     */
    @Test
    void noHttpClientIsMadeUntilATokenIsRefreshed() {
        long before = selectorThreads();
        new OAuthTokens(Settings.of(Map.of()), null);
        assertEquals(before, selectorThreads(), "constructing the token source started an HTTP client");
    }

    /** RFC 6749 §5.2: the token endpoint's error_description is the vendor's explanation; the operator reads it. */
    @Test
    void aRefusedGrantCarriesTheEndpointsDescriptionNextToTheKey() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        fx = new SyncFixture(dir, FactorialData.seeded(3, 5)).set("factorial.resources", "employees,teams,locations");
        fx.factorial.oauthClient("app-77", "secret-77a1", "refresh-token-known-0c1e");
        fx.set("factorial.api-token", "").set("factorial.oauth.client-id", "app-77").set("factorial.oauth.client-secret", "secret-77a1")
                .set("factorial.oauth.refresh-token", "refresh-token-unknown-9d2f")
                .set("store.encryption-secret", Base64.getEncoder().encodeToString(key));
        assertEquals("Factorial refused the OAuth grant (invalid_grant): the refresh token was revoked or has expired; authorize the "
                + "application again and set factorial.oauth.refresh-token; Factorial said: \"The provided authorization grant is invalid, "
                + "expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.\"",
                fx.runFactorial().error());
    }
}
