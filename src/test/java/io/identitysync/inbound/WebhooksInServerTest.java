package io.identitysync.inbound;

import io.identitysync.IdentitySyncApp;
import io.identitysync.support.Companies;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Webhooks-in on Camel's HTTP server: a port of its own beside the management one, TLS by Camel's keys, refusals in the listener's order. */
class WebhooksInServerTest extends FixtureTest {

    private static final String CHALLENGE = "factorial-challenge-7d21";
    private static final String DELIVERY = "/hooks/factorial/employees/employee/update";

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private SyncFixture company() throws Exception {
        fx = new SyncFixture(dir, Companies.engineering());
        fx.set("webhooks-in.enabled", "true").set("webhooks-in.port", "0").set("webhooks-in.max-bytes", "1024")
                .set("factorial.webhooks-in.challenge", CHALLENGE);
        return fx;
    }

    private static HttpResponse<String> send(HttpClient http, String url, String challenge, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (challenge != null) {
            b.header("x-factorial-wh-challenge", challenge);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAndMetricsStayOnTheManagementPortAndAnOversizedDeliveryIsJudgedAsTheRouteWould() throws Exception {
        int management = freePort();
        company().set("management.enabled", "true").set("management.port", Integer.toString(management));
        HttpClient http = HttpClient.newHttpClient();
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), true).start()) {
            String hooks = "http://127.0.0.1:" + app.inboundPort();
            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(hooks + "/observe/health")).build(), HttpResponse.BodyHandlers.ofString()).statusCode(),
                    "no health where the sources post");
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/observe/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(404, send(http, "http://127.0.0.1:" + management + DELIVERY, CHALLENGE, "{\"id\":1}").statusCode(), "no webhooks on the private port");

            String big = "{\"x\":\"" + "a".repeat(2000) + "\"}";
            HttpResponse<String> unverified = send(http, hooks + DELIVERY, null, big);
            assertEquals(401, unverified.statusCode(), "the challenge first, whatever the size");
            HttpResponse<String> oversized = send(http, hooks + DELIVERY, CHALLENGE, big);
            assertEquals(413, oversized.statusCode());
            assertEquals("{\"error\":\"factorial: a delivery larger than webhooks-in.max-bytes=1024\"}", oversized.body());
            assertEquals("application/json", oversized.headers().firstValue("Content-Type").orElse(""));
        }
    }

    @Test
    void theSamePortForWebhooksAndManagementIsAConfigurationError() throws Exception {
        company().set("webhooks-in.port", "9465").set("management.enabled", "true").set("management.port", "9465");
        SyncFixture.Cli r = fx.runCli("--once");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("webhooks-in.port: must differ from management.port"), r.err());
    }

    @Test
    void tlsIsCamelsOwnGlobalSslContextOnTheServer() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", "server",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, new String(keytool.getInputStream().readAllBytes()));

        company().set("camel.ssl.enabled", "true").set("camel.ssl.key-store", "file:" + keystore).set("camel.ssl.keystore-password", "changeit")
                .set("camel.server.use-global-ssl-context-parameters", "true");
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();
        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), true).start()) {
            String hooks = "https://localhost:" + app.inboundPort() + DELIVERY;
            assertEquals(401, send(https, hooks, "not-the-challenge", "{\"id\":1}").statusCode());
            assertEquals(200, send(https, hooks, CHALLENGE, "{\"id\":1}").statusCode());
            assertEquals(1, ((Number) fx.scalar("SELECT count(*) FROM inbound_notifications")).intValue());
        }
    }
}
