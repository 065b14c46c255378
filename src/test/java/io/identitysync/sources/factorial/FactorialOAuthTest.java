package io.identitysync.sources.factorial;

import io.identitysync.IdentitySyncApp;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.CapturedLogs;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OAuth 2.0 beside the API key: refreshed before expiry, the rotated refresh token kept sealed, a revoked grant said plainly. */
class FactorialOAuthTest extends FixtureTest {

    private static final String CLIENT_ID = "app-4f2c";
    private static final String CLIENT_SECRET = "client-secret-93ab71";
    private static final String REFRESH_TOKEN = "refresh-token-first-5d0e";

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private SyncFixture oauth(int employees) throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(employees, 5));
        fx.factorial.oauthClient(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN);
        return fx.set("factorial.api-token", "").set("factorial.oauth.client-id", CLIENT_ID).set("factorial.oauth.client-secret", CLIENT_SECRET)
                .set("factorial.oauth.refresh-token", REFRESH_TOKEN).set("store.encryption-secret", newKey());
    }

    @Test
    void aRunAuthenticatesWithABearerTokenAndTheRotatedRefreshTokenIsKeptSealedForTheNextStart() throws Exception {
        oauth(20);
        CapturedLogs<IdentitySyncApp.RunOutcome> run = CapturedLogs.during(fx::runFactorial);
        IdentitySyncApp.RunOutcome first = run.result();
        assertTrue(first.succeeded(), first.error());
        assertEquals(1, fx.factorial.calls("POST /oauth/token"));
        String sealed = (String) fx.scalar("SELECT refresh_token FROM oauth_grants WHERE connector = 'factorial'");
        assertTrue(sealed.startsWith("v1:"), sealed);
        assertFalse(run.text().contains(REFRESH_TOKEN));
        assertFalse(run.text().contains(CLIENT_SECRET));

        // The configured token was used up by the rotation: only the kept one can work now, in a new process.
        IdentitySyncApp.RunOutcome second = fx.runFactorial();
        assertTrue(second.succeeded(), second.error());
        assertEquals(2, fx.factorial.calls("POST /oauth/token"));
        assertFalse(fx.storedText().contains("refresh-token"),
                "no refresh token in the clear");
    }

    @Test
    void anAccessTokenIsRefreshedBeforeItExpiresSoALongRunIsNeverRefused() throws Exception {
        oauth(60).set("factorial.page-size", "10");
        fx.factorial.accessTokenLifetime(2);
        fx.factorial.latency(150);
        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();
        assertTrue(outcome.succeeded(), outcome.error());
        assertTrue(fx.factorial.calls("POST /oauth/token") >= 2, "refreshed during the run: " + fx.factorial.calls("POST /oauth/token"));
    }

    @Test
    void aRevokedGrantFailsTheRunNamingTheKeyAndAppliesNothing() throws Exception {
        assertTrue(oauth(10).runFactorial().succeeded());
        List<Map<String, Object>> before = fx.identitySnapshot();
        fx.factorial.revokeOAuthGrant();
        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();
        assertEquals("failed", outcome.status());
        assertEquals("Factorial refused the OAuth grant (invalid_grant): the refresh token was revoked or has expired; authorize the "
                + "application again and set factorial.oauth.refresh-token; Factorial said: \"The provided authorization grant is invalid, expired, "
                + "revoked, does not match the redirection URI used in the authorization request, or was issued to another client.\"", outcome.error());
        assertEquals(before, fx.identitySnapshot());

        // Authorized again: the new configured token wins over the kept one.
        fx.factorial.oauthClient(CLIENT_ID, CLIENT_SECRET, "refresh-token-second-81aa");
        fx.set("factorial.oauth.refresh-token", "refresh-token-second-81aa");
        IdentitySyncApp.RunOutcome again = fx.runFactorial();
        assertTrue(again.succeeded(), again.error());
    }

    @Test
    void aWrongClientSecretAndAChangedEncryptionSecretAreNamed() throws Exception {
        oauth(5).set("factorial.oauth.client-secret", "not-the-secret");
        IdentitySyncApp.RunOutcome outcome = fx.runFactorial();
        assertEquals("Factorial refused the OAuth client (invalid_client): check factorial.oauth.client-id and factorial.oauth.client-secret; "
                + "Factorial said: \"Client authentication failed due to unknown client, no client authentication included, or unsupported "
                + "authentication method.\"", outcome.error());

        fx.set("factorial.oauth.client-secret", CLIENT_SECRET);
        assertTrue(fx.runFactorial().succeeded());
        fx.set("store.encryption-secret", newKey());
        outcome = fx.runFactorial();
        assertEquals("failed", outcome.status());
        assertTrue(outcome.error().startsWith("store.encryption-secret: the stored refresh token of factorial it cannot be opened"), outcome.error());
    }

    @Test
    void badOAuthConfigurationIsRefusedAtStartNamingTheKey() throws Exception {
        oauth(5).set("store.encryption-secret", "");
        SyncFixture.Cli r = fx.runCli("--once");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("store.encryption-secret: required with factorial.oauth.refresh-token"), r.err());

        fx.set("store.encryption-secret", Base64.getEncoder().encodeToString(new byte[16]));
        r = fx.runCli("--once");
        assertTrue(r.err().contains("store.encryption-secret: must be 32 random bytes in base64"), r.err());

        fx.set("store.encryption-secret", newKey()).set("factorial.api-token", SyncFixture.TOKEN);
        r = fx.runCli("--once");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("factorial.api-token: set either it or factorial.oauth.refresh-token, not both"), r.err());

        fx.set("factorial.api-token", "").set("factorial.oauth.client-secret", "");
        r = fx.runCli("--once");
        assertTrue(r.err().contains("factorial.oauth.client-secret: required with factorial.oauth.refresh-token"), r.err());
        assertFalse(r.err().contains(REFRESH_TOKEN));
    }
}
