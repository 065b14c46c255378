package io.identitysync.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.identitysync.config.Settings;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image mvn -Pimage package writes (target/identity-sync-image.tar, OCI layout): who it runs as, what it starts
 * and which ports it opens, read from the tarball itself. Skipped, saying so, when the image was not built: the
 * normal build makes no image.
 */
class ImageTarballTest {

    private static final Path TARBALL = Path.of("target/identity-sync-image.tar");
    private static final String APP = "opt/identity-sync/";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theImageRunsTheJarAsUser10001WithItsArchiveAndItsPorts() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(TARBALL),
                "no " + TARBALL + ": build it with mvn -Pimage package -DskipTests (docs/kubernetes.md)");
        Map<String, byte[]> outer = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(TARBALL)) {
            for (Entry e : Tar.read(in, name -> true, 128 << 20)) {
                outer.put(e.name, e.content);
            }
        }
        JsonNode index = JSON.readTree(outer.get("index.json"));
        JsonNode manifest = JSON.readTree(blob(outer, index.path("manifests").get(0).path("digest").asText()));
        JsonNode config = JSON.readTree(blob(outer, manifest.path("config").path("digest").asText())).path("config");

        assertEquals("10001:10001", config.path("User").asText(), "runs as the unprivileged user, never root");
        assertEquals("/data", config.path("WorkingDir").asText());
        List<String> entrypoint = new ArrayList<>();
        config.path("Entrypoint").forEach(a -> entrypoint.add(a.asText()));
        assertEquals("/opt/identity-sync/identity-sync.jar", entrypoint.get(entrypoint.size() - 1), "the shaded jar: " + entrypoint);
        assertTrue(entrypoint.contains("-XX:SharedArchiveFile=/opt/identity-sync/identity-sync.jsa"), "the CDS archive: " + entrypoint);
        assertTrue(entrypoint.stream().anyMatch(a -> a.startsWith("-XX:MaxRAMPercentage=")), "the heap follows the memory limit: " + entrypoint);
        assertTrue(entrypoint.contains("-XX:+ExitOnOutOfMemoryError"), entrypoint.toString());
        assertTrue(config.path("Env").toString().contains("MANAGEMENT_HOST=0.0.0.0"), "probes reach the management port from outside");

        Map<String, String> defaults = Settings.bundled();
        assertTrue(config.path("ExposedPorts").has(defaults.get("management.port") + "/tcp"), "management.port: " + config.path("ExposedPorts"));
        assertTrue(config.path("ExposedPorts").has(defaults.get("webhooks-in.port") + "/tcp"), "webhooks-in.port: " + config.path("ExposedPorts"));
        assertEquals(2, config.path("ExposedPorts").size(), config.path("ExposedPorts").toString());
        assertTrue(config.path("Volumes").has("/data") && config.path("Volumes").has("/tmp"), "writable volumes: " + config.path("Volumes"));

        // The top layer is the application: the jar and its archive, dated as the archive was trained (else the JVM
        // refuses the archive and starts without it), and nothing of Jib's /app copy of the dependencies.
        JsonNode layers = manifest.path("layers");
        Map<String, Entry> app = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(blob(outer, layers.get(layers.size() - 1).path("digest").asText())))) {
            for (Entry e : Tar.read(in, name -> false, 0)) {
                app.put(e.name.replaceFirst("^\\./", "").replaceFirst("^/", ""), e);
            }
        }
        assertTrue(app.containsKey(APP + "identity-sync.jar") && app.containsKey(APP + "identity-sync.jsa"), app.keySet().toString());
        assertEquals(1, app.get(APP + "identity-sync.jar").mtime, "the jar's date is the one the archive was made with");
        assertFalse(app.keySet().stream().anyMatch(n -> n.startsWith("app/")), "no second copy of the classes: " + app.keySet());
        assertTrue(app.get(APP + "identity-sync.jsa").size > 1_000_000, "a trained archive, not an empty file");
        System.out.println("image: " + Files.size(TARBALL) + " bytes, " + layers.size() + " layers");
    }

    private static byte[] blob(Map<String, byte[]> outer, String digest) {
        byte[] b = outer.get("blobs/sha256/" + digest.substring("sha256:".length()));
        assertTrue(b != null, "blob " + digest + " is in the tarball");
        return b;
    }

    record Entry(String name, long size, long mtime, byte[] content) {
    }

    /** Just enough of ustar/pax to list a layer and read small files: no dependency for one test. */
    static final class Tar {
        interface Keep {
            boolean content(String name);
        }

        static List<Entry> read(InputStream in, Keep keep, int maxContent) throws IOException {
            List<Entry> entries = new ArrayList<>();
            byte[] header = new byte[512];
            String paxPath = null;
            while (in.readNBytes(header, 0, 512) == 512) {
                if (header[0] == 0) {
                    break;
                }
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = octal(header, 124, 12);
                long mtime = octal(header, 136, 12);
                char type = (char) header[156];
                boolean read = type == 'x' || (size <= maxContent && keep.content(name));
                byte[] content = read ? in.readNBytes((int) size) : null;
                if (!read) {
                    in.skipNBytes(size);
                }
                in.skipNBytes((512 - size % 512) % 512);
                if (type == 'x') {
                    paxPath = pax(content, "path");
                    continue;
                }
                if (paxPath != null) {
                    name = paxPath;
                    paxPath = null;
                }
                entries.add(new Entry(name, size, mtime, content));
            }
            return entries;
        }

        private static String pax(byte[] records, String key) {
            for (String line : new String(records, StandardCharsets.UTF_8).split("\n")) {
                int space = line.indexOf(' ');
                if (space > 0 && line.startsWith(key + "=", space + 1)) {
                    return line.substring(space + key.length() + 2);
                }
            }
            return null;
        }

        private static String field(byte[] h, int from, int length) {
            int end = from;
            while (end < from + length && h[end] != 0) {
                end++;
            }
            return new String(h, from, end - from, StandardCharsets.UTF_8);
        }

        private static long octal(byte[] h, int from, int length) {
            String s = field(h, from, length).trim();
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        }
    }
}
