package io.identitysync.console;

import io.identitysync.cli.IdentitySync;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code demo --console}: a real child process, its console answering on loopback, stopped with SIGTERM. */
class DemoConsoleTest {

    @TempDir
    Path dir;

    @Test
    void theDemoKeepsTheConsoleUpPrintsItsAddressAndKeepsTheTokensInAnOwnerOnlyFile() throws Exception {
        Path out = dir.resolve("demo.out");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), IdentitySync.class.getName(), "demo", "--console")
                .directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(dir.resolve("demo.err").toFile()).start();
        try {
            Pattern address = Pattern.compile("console: +(http://127\\.0\\.0\\.1:\\d+/console/)");
            Matcher m = null;
            Instant deadline = Instant.now().plusSeconds(150);
            while (Instant.now().isBefore(deadline) && child.isAlive()) {
                m = address.matcher(Files.readString(out));
                if (m.find()) {
                    break;
                }
                m = null;
                Thread.sleep(200);
            }
            assertTrue(m != null, Files.readString(out) + Files.readString(dir.resolve("demo.err")));
            String printed = Files.readString(out);
            assertTrue(printed.contains("demo succeeded; the console stays up"), printed);
            Path tokens = dir.resolve("target/demo/console-tokens");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens)));
            for (String line : Files.readAllLines(tokens)) {
                String token = line.substring(line.indexOf(':') + 1).trim();
                assertFalse(printed.contains(token), "a token is never printed");
                assertFalse(Files.readString(dir.resolve("demo.err")).contains(token), "a token is never logged");
            }
            HttpResponse<String> page = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                    .send(HttpRequest.newBuilder(URI.create(m.group(1))).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.uri().getPath().equals("/console/sign-in") && page.body().contains("<form"), page.uri() + " " + page.body());
            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the demo stops on SIGTERM");
        } finally {
            child.destroyForcibly();
        }
    }
}
