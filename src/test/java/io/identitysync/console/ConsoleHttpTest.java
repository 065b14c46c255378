package io.identitysync.console;

import io.identitysync.IdentitySyncApp;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's headers, cookie, CSRF check and sign-in limit, over real HTTP on loopback, without a browser. */
class ConsoleHttpTest extends FixtureTest {

    static final String READ = "read-token-4f1c9a7e2b8d6053aa11";
    static final String ADMIN = "admin-token-9c2e7b1d4a6f8035bb22";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private int port;

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private FactorialData data;

    private void installation() throws Exception {
        data = FactorialData.seeded(30, 2);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        fx = new SyncFixture(dir, data);
        fx.set("teamtailor.enabled", "false").set("management.enabled", "true").set("management.port", Integer.toString(port))
                .set("management.api-enabled", "true").set("management.api-token", READ).set("management.api-admin-token", ADMIN)
                .set("management.console-enabled", "true");
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30)).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String cookie, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String form(String token) {
        return "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    /** Signs in; returns the cookie to send back. */
    private String signIn(String token) throws Exception {
        HttpResponse<String> r = post("/console/sign-in", null, form(token));
        assertEquals(302, r.statusCode(), r.body());
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static String csrf(String page) {
        Matcher m = CSRF.matcher(page);
        assertTrue(m.find(), page);
        return m.group(1);
    }

    @Test
    void everyAnswerForbidsInlineScriptAndTheCookieIsHttpOnlyAndStrict() throws Exception {
        installation();
        assertTrue(fx.runFactorial().succeeded());
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), true).start()) {
            HttpResponse<String> anonymous = get("/console/", null);
            assertEquals(302, anonymous.statusCode());
            assertEquals("/console/sign-in", anonymous.headers().firstValue("Location").orElse(""));
            HttpResponse<String> signInPage = get("/console/sign-in", null);
            String csp = signInPage.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.startsWith("default-src 'self'") && csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
            assertFalse(signInPage.body().contains("<script>"), "no inline script: the one script is a file");
            assertEquals("nosniff", signInPage.headers().firstValue("X-Content-Type-Options").orElse(""));

            HttpResponse<String> in = post("/console/sign-in", null, form(ADMIN));
            assertEquals(302, in.statusCode());
            String setCookie = in.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(setCookie.toLowerCase(java.util.Locale.ROOT).contains("; httponly"), setCookie);
            assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
            assertTrue(setCookie.contains("Path=/console/"), setCookie);
            assertFalse(setCookie.toLowerCase(java.util.Locale.ROOT).contains("secure"), "plain HTTP on loopback: a Secure cookie would never come back");
            assertFalse(setCookie.contains(ADMIN), "the cookie carries a session id, never the token");
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));

            for (String page : new String[] {"/console/", "/console/runs", "/console/people", "/console/directories"}) {
                HttpResponse<String> r = get(page, cookie);
                assertEquals(200, r.statusCode(), page + ": " + r.body());
                assertEquals(csp, r.headers().firstValue("Content-Security-Policy").orElse(""), page);
                assertFalse(r.body().contains(ADMIN) || r.body().contains(READ), page + " shows no token");
                assertFalse(r.body().contains("<script>") || r.body().contains("style=\""), page + ": no inline script or style");
            }
            assertTrue(get("/console/", cookie).body().contains("<svg class=\"chart\""), "the run chart is inline SVG");
            HttpResponse<String> js = get("/console/static/console.js", null);
            assertEquals(200, js.statusCode());
            assertTrue(js.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        }
    }

    @Test
    void aPostWithoutTheSessionsCsrfTokenIsRefusedAndNothingIsDone() throws Exception {
        installation();
        assertTrue(fx.runFactorial().succeeded());
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), true).start()) {
            String cookie = signIn(ADMIN);
            String page = get("/console/directories", cookie).body();
            String csrf = csrf(page);
            for (String form : new String[] {"", "csrf=", "csrf=" + csrf.substring(1), "csrf=" + csrf + "x"}) {
                HttpResponse<String> r = post("/console/directories/jc/replay", cookie, form);
                assertEquals(403, r.statusCode(), form);
                assertTrue(r.body().contains("not sent by the console"), r.body());
            }
            HttpResponse<String> noSession = post("/console/sign-out", null, "csrf=" + csrf);
            assertEquals(401, noSession.statusCode());
            assertEquals(0, ((Number) fx.scalar("SELECT count(*) FROM api_audit")).intValue(), "refused before the API: nothing was asked of it");
            HttpResponse<String> out = post("/console/sign-out", cookie, "csrf=" + csrf);
            assertEquals(302, out.statusCode());
            assertEquals(302, get("/console/", cookie).statusCode(), "signed out: the session is gone");
        }
    }

    @Test
    void aReadOnlySessionSeesNoButtonsAndItsForgedPostIsRefused403() throws Exception {
        installation();
        assertTrue(fx.runFactorial().succeeded());
        for (int id = 1; id <= 20; id++) {
            data.employees.remove(data.employeeById(id));
        }
        IdentitySyncApp.RunOutcome refused = fx.runFactorial();
        assertEquals("refused", refused.status());
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), true).start()) {
            String cookie = signIn(READ);
            String page = get("/console/runs/" + refused.runId(), cookie).body();
            assertTrue(page.contains("What approving applies"), page);
            assertFalse(page.contains("id=\"approve\""), "no Approve button for a read-only token");
            HttpResponse<String> forged = post("/console/runs/" + refused.runId() + "/approve", cookie, "csrf=" + csrf(page));
            assertEquals(403, forged.statusCode());
            assertTrue(forged.body().contains("management.api-admin-token"), forged.body());
            assertEquals("refused", fx.scalar("SELECT status FROM sync_runs WHERE id = '" + refused.runId() + "'"));
            assertEquals("read", fx.scalar("SELECT token FROM api_audit WHERE status = 403"), "the API recorded the refusal");
        }
    }

    @Test
    void signInIsLimitedAfterFiveWrongTokensEvenForTheRightOne() throws Exception {
        installation();
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), true).start()) {
            for (int i = 0; i < SignInLimiter.MAX_FAILURES; i++) {
                HttpResponse<String> wrong = post("/console/sign-in", null, form("wrong-token-" + i + "-0000000000000000"));
                assertEquals(401, wrong.statusCode());
                assertTrue(wrong.body().contains("not one of this installation"), wrong.body());
            }
            HttpResponse<String> limited = post("/console/sign-in", null, form(ADMIN));
            assertEquals(429, limited.statusCode());
            long retry = Long.parseLong(limited.headers().firstValue("Retry-After").orElse("0"));
            assertTrue(retry >= 1 && retry <= 61, "Retry-After " + retry);
            assertTrue(limited.body().contains("Too many wrong tokens"), limited.body());
            assertTrue(limited.headers().firstValue("Set-Cookie").isEmpty(), "no session while limited");
        }
    }

    @Test
    void theConsoleWithoutTheApiIsABadConfiguration() throws Exception {
        fx = new SyncFixture(dir, FactorialData.seeded(3, 1));
        SyncFixture.Cli check = fx.runCli("check", "--management.enabled=true", "--management.console-enabled=true");
        assertEquals(2, check.code(), check.out() + check.err());
        assertTrue((check.out() + check.err()).contains("management.console-enabled: needs management.api-enabled=true"), check.out() + check.err());
        SyncFixture.Cli notBool = fx.runCli("check", "--management.console-enabled=yes");
        assertEquals(2, notBool.code());
        assertTrue((notBool.out() + notBool.err()).contains("management.console-enabled: must be true or false, was 'yes'"), notBool.out() + notBool.err());
    }
}
