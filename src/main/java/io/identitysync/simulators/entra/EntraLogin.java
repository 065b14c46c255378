package io.identitysync.simulators.entra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.identitysync.simulators.SimulatorServer;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Microsoft identity platform's token endpoint, {@code POST /{tenant}/oauth2/v2.0/token}, for the client
 * credentials grant, over TLS (MSAL takes an https authority only) on loopback. The certificate is self-signed and made
 * once per JVM with the JDK's keytool; {@link #trustStore()} holds it for child JVMs
 * ({@code -Djavax.net.ssl.trustStore}), {@link #trustInThisJvm()} adds it to this JVM's default trust. Refusals are
 * worded as login.microsoftonline.com words them: {@code error}, {@code error_description} starting with its AADSTS
 * code, {@code error_codes}, {@code timestamp}, {@code trace_id}, {@code correlation_id}, {@code error_uri}.
 */
final class EntraLogin implements AutoCloseable {

    static final String STORE_PASSWORD = "changeit";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static Path keyStore;
    private static Path trustStore;

    private final HttpsServer server;
    private final String tenantId;
    private final String clientId;
    private volatile String clientSecret;
    private final Map<String, Instant> tokens;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int expiresIn = 3599;

    EntraLogin(String tenantId, String clientId, String clientSecret, Map<String, Instant> tokens) throws IOException {
        this.tenantId = tenantId;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.tokens = tokens;
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.setHttpsConfigurator(new HttpsConfigurator(serverContext()));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot serve TLS: " + e.getMessage(), e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                handle(exchange);
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(500, -1);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "EntraLogin");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    int requests() {
        return requests.get();
    }

    void secret(String secret) {
        this.clientSecret = secret;
    }

    void expiresIn(int seconds) {
        this.expiresIn = seconds;
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        String[] parts = path.split("/");
        if (!exchange.getRequestMethod().equals("POST") || parts.length != 5 || !path.endsWith("/oauth2/v2.0/token")) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        Map<String, String> form = SimulatorServer.form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.startsWith("Basic ")) {
            String pair = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            form.putIfAbsent("client_id", SimulatorServer.form("a=" + pair.substring(0, colon)).get("a"));
            form.putIfAbsent("client_secret", SimulatorServer.form("a=" + pair.substring(colon + 1)).get("a"));
        }
        String tenant = parts[1];
        String client = form.getOrDefault("client_id", "");
        if (!tenant.equalsIgnoreCase(tenantId)) {
            refuse(exchange, 400, "invalid_request", 90002, "Tenant '" + tenant + "' not found. Check to make sure you have the correct tenant ID "
                    + "and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active "
                    + "subscriptions for the tenant.");
        } else if (!"client_credentials".equals(form.get("grant_type"))) {
            refuse(exchange, 400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '" + form.getOrDefault("grant_type", "") + "'.");
        } else if (!client.equals(clientId)) {
            refuse(exchange, 400, "unauthorized_client", 700016, "Application with identifier '" + client + "' was not found in the directory '"
                    + tenant + "'. This can happen if the application has not been installed by the administrator of the tenant or consented to "
                    + "by any user in the tenant. You may have sent your authentication request to the wrong tenant.");
        } else if (!form.containsKey("client_secret")) {
            refuse(exchange, 401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
        } else if (!form.get("client_secret").equals(clientSecret)) {
            refuse(exchange, 401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client "
                    + "secret value, not the client secret ID, for a secret added to app '" + clientId + "'.");
        } else if (!EntraSimulator.SCOPE.equals(form.get("scope")) && !List.of(form.getOrDefault("scope", "").split(" ")).contains(EntraSimulator.SCOPE)) {
            refuse(exchange, 400, "invalid_scope", 70011, "The provided value for the input parameter 'scope' is not valid. The scope "
                    + form.getOrDefault("scope", "") + " is not valid.");
        } else {
            String token = accessToken(tenant, client);
            tokens.put(token, Instant.now().plusSeconds(expiresIn));
            ObjectNode body = JSON.createObjectNode().put("token_type", "Bearer").put("expires_in", expiresIn).put("ext_expires_in", expiresIn)
                    .put("access_token", token);
            send(exchange, 200, body);
        }
    }

    /** A JWT-shaped token as Entra issues for Graph (aud, tid, appid, roles), its signature random: only the simulator reads it. */
    private String accessToken(String tenant, String client) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String header = b64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"aud\":\"https://graph.microsoft.com\",\"tid\":\"" + tenant + "\",\"appid\":\"" + client
                + "\",\"iat\":" + now + ",\"exp\":" + (now + expiresIn) + ",\"roles\":[\"User.ReadWrite.All\",\"Group.ReadWrite.All\"]}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + "." + b64.encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void refuse(HttpExchange exchange, int status, String error, int code, String words) throws IOException {
        Instant now = Instant.now();
        String trace = UUID.randomUUID().toString();
        String correlation = UUID.randomUUID().toString();
        ObjectNode body = JSON.createObjectNode().put("error", error).put("error_description", "AADSTS" + code + ": " + words + " Trace ID: " + trace
                + " Correlation ID: " + correlation + " Timestamp: " + TIMESTAMP.format(now));
        body.putArray("error_codes").add(code);
        body.put("timestamp", TIMESTAMP.format(now)).put("trace_id", trace).put("correlation_id", correlation)
                .put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
        send(exchange, status, body);
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store, no-cache");
        String correlation = exchange.getRequestHeaders().getFirst("client-request-id");
        if (correlation != null) {
            exchange.getResponseHeaders().set("client-request-id", correlation);
        }
        exchange.getResponseHeaders().set("x-ms-request-id", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The PKCS12 trust store (password {@value #STORE_PASSWORD}) that holds the simulator's certificate. */
    static synchronized Path trustStore() throws IOException {
        certificate();
        return trustStore;
    }

    /** This JVM's HTTPS connections (MSAL's) trust the simulator's certificate as well as the JDK's. */
    static synchronized void trustInThisJvm() throws IOException {
        try {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(trustStore())) {
                ts.load(in, STORE_PASSWORD.toCharArray());
            }
            X509TrustManager ours = trustManager(ts);
            X509TrustManager jdk = trustManager(null);
            X509TrustManager both = new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    jdk.checkClientTrusted(chain, authType);
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    try {
                        ours.checkServerTrusted(chain, authType);
                    } catch (CertificateException e) {
                        jdk.checkServerTrusted(chain, authType);
                    }
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return jdk.getAcceptedIssuers();
                }
            };
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {both}, null);
            HttpsURLConnection.setDefaultSSLSocketFactory(context.getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static X509TrustManager trustManager(KeyStore ks) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(ks);
        for (TrustManager t : f.getTrustManagers()) {
            if (t instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509TrustManager");
    }

    private static SSLContext serverContext() throws IOException, GeneralSecurityException {
        certificate();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, STORE_PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    /** Makes the self-signed certificate for 127.0.0.1 once per JVM, with keytool (the JDK has no public API for it). */
    private static synchronized void certificate() throws IOException {
        if (keyStore != null) {
            return;
        }
        Path dir = Files.createTempDirectory("entra-login-tls");
        Path ks = dir.resolve("login.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "login", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "30", "-keystore", ks.toString(),
                "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException("keytool failed: " + out);
            }
            KeyStore source = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(ks)) {
                source.load(in, STORE_PASSWORD.toCharArray());
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("entra-login", source.getCertificate("login"));
            Path ts = dir.resolve("trust.p12");
            try (OutputStream o = Files.newOutputStream(ts)) {
                trust.store(o, STORE_PASSWORD.toCharArray());
            }
            keyStore = ks;
            trustStore = ts;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
