package io.identitysync.deploy;

import io.identitysync.config.SecretKeys;
import io.identitysync.config.Settings;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * deploy/kubernetes/*.yaml parse, set only keys that exist (by the environment names Settings reads), keep every
 * secret in the Secret (read from files, never a value in a manifest) and probe the health paths the service serves.
 */
@SuppressWarnings("unchecked")
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("deploy/kubernetes");
    /** The paths Camel's management server answers on (docs/operations.md, Health and metrics). */
    private static final Set<String> HEALTH = Set.of("/observe/health/live", "/observe/health/ready");
    private static final String METRICS = "/observe/metrics";
    private static final String SECRETS_DIR = "/run/secrets/identity-sync/";

    @Test
    void everyManifestParsesAndSetsOnlyKeysThatExist() throws Exception {
        Map<String, Map<String, Object>> byKind = manifests();
        assertEquals(Set.of("ConfigMap", "Deployment", "Service", "PodDisruptionBudget", "CronJob", "Secret"), byKind.keySet());

        Map<String, String> environmentNames = new HashMap<>();
        Settings.bundled().keySet().forEach(k -> environmentNames.put(Settings.environmentName(k), k));
        Map<String, Object> config = map(byKind.get("ConfigMap"), "data");
        for (String name : config.keySet()) {
            String key = environmentNames.get(name);
            assertNotNull(key, "ConfigMap: " + name + " is no configuration key's variable");
            assertFalse(SecretKeys.isSecret(key), "ConfigMap: " + name + " is a secret (" + key + "): it belongs in the Secret");
        }
        for (String kind : List.of("Deployment", "CronJob")) {
            for (Map<String, Object> env : containerEnv(podSpec(byKind.get(kind)))) {
                String name = (String) env.get("name");
                String base = name.endsWith("_FILE") ? name.substring(0, name.length() - 5) : name;
                String key = environmentNames.get(base);
                assertNotNull(key, kind + ": " + name + " is no configuration key's variable");
                if (SecretKeys.isSecret(key)) {
                    assertTrue(name.endsWith("_FILE"), kind + ": " + name + " (" + key + ") must come from the Secret as a file, not inline");
                }
            }
        }
        Map<String, Object> deployment = byKind.get("Deployment");
        assertEquals(3, map(deployment, "spec").get("replicas"));
        assertTrue(((String) config.get("STORE_URL")).startsWith("jdbc:postgresql:"), "several nodes share PostgreSQL");
    }

    @Test
    void everySecretIsReferencedAndNoneIsInlined() throws Exception {
        Map<String, Map<String, Object>> byKind = manifests();
        Map<String, Object> secret = byKind.get("Secret");
        String secretName = (String) map(secret, "metadata").get("name");
        Map<String, Object> values = map(secret, "stringData");
        assertFalse(values.isEmpty());
        values.forEach((k, v) -> assertEquals("", v, "secret.example.yaml: " + k + " holds a value; create the Secret from your own"));
        Map<String, Object> kustomization = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(DIR.resolve("kustomization.yaml")));
        assertFalse(((List<String>) kustomization.get("resources")).contains("secret.example.yaml"), "the example Secret is never applied");

        Set<String> referenced = new TreeSet<>();
        for (String kind : List.of("Deployment", "CronJob")) {
            Map<String, Object> pod = podSpec(byKind.get(kind));
            boolean mounted = ((List<Map<String, Object>>) pod.get("volumes")).stream()
                    .anyMatch(v -> v.containsKey("secret") && secretName.equals(map(v, "secret").get("secretName")));
            assertTrue(mounted, kind + " mounts the Secret " + secretName);
            for (Map<String, Object> env : containerEnv(pod)) {
                String name = (String) env.get("name");
                if (name.endsWith("_FILE")) {
                    String path = (String) env.get("value");
                    assertTrue(path.startsWith(SECRETS_DIR), kind + ": " + name + " reads " + path);
                    String item = path.substring(SECRETS_DIR.length());
                    assertTrue(values.containsKey(item), kind + ": " + name + " reads " + item + ", which the Secret does not have");
                    referenced.add(item);
                }
            }
        }
        assertEquals(new TreeSet<>(values.keySet()), referenced, "every key of the Secret is read");
        // No secret-looking value anywhere else: no env value for a secret key, nothing in the ConfigMap.
        for (Path file : files()) {
            if (!file.getFileName().toString().equals("secret.example.yaml")) {
                String text = Files.readString(file);
                assertFalse(text.contains("kind: Secret"), file + " defines a Secret");
                assertFalse(text.contains("stringData") || text.contains("secretKeyRef"), file + ": secrets come as files");
            }
        }
    }

    @Test
    void theProbesAndTheScrapeAnnotationsPointAtRealPaths() throws Exception {
        Map<String, Map<String, Object>> byKind = manifests();
        Map<String, String> defaults = Settings.bundled();
        Map<String, Object> config = map(byKind.get("ConfigMap"), "data");
        Map<String, Object> pod = podSpec(byKind.get("Deployment"));
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        Map<String, Integer> ports = new HashMap<>();
        ((List<Map<String, Object>>) container.get("ports")).forEach(p -> ports.put((String) p.get("name"), (Integer) p.get("containerPort")));
        assertEquals(Integer.parseInt((String) config.getOrDefault("MANAGEMENT_PORT", defaults.get("management.port"))), ports.get("management"));
        assertEquals(Integer.parseInt((String) config.getOrDefault("WEBHOOKS_IN_PORT", defaults.get("webhooks-in.port"))), ports.get("webhooks-in"));
        assertEquals("0.0.0.0", config.get("MANAGEMENT_HOST"), "the kubelet probes from outside the pod");

        Set<String> probed = new HashSet<>();
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            Map<String, Object> get = map(map(container, probe), "httpGet");
            assertTrue(HEALTH.contains(get.get("path")), probe + " " + get.get("path"));
            assertEquals("management", get.get("port"), probe);
            probed.add((String) get.get("path"));
        }
        assertEquals(HEALTH, probed);
        assertTrue(map(container, "resources").containsKey("requests") && map(container, "resources").containsKey("limits"));
        assertEquals(true, map(container, "securityContext").get("readOnlyRootFilesystem"));

        Map<String, Object> annotations = map(map(map(map(byKind.get("Deployment"), "spec"), "template"), "metadata"), "annotations");
        assertEquals("true", annotations.get("prometheus.io/scrape"));
        assertEquals(METRICS, annotations.get("prometheus.io/path"));
        assertEquals(String.valueOf(ports.get("management")), annotations.get("prometheus.io/port"));
        for (String path : List.of("/observe/health/live", "/observe/health/ready", METRICS)) {
            assertTrue(Files.readString(Path.of("docs/operations.md")).contains("`" + path + "`"), path + " is a documented path");
        }

        Set<String> servicePorts = new HashSet<>();
        ((List<Map<String, Object>>) map(byKind.get("Service"), "spec").get("ports")).forEach(p -> servicePorts.add((String) p.get("targetPort")));
        assertEquals(Set.of("webhooks-in", "management"), servicePorts);
        assertEquals(List.of("--once"), ((List<Map<String, Object>>) podSpec(byKind.get("CronJob")).get("containers")).get(0).get("args"));
    }

    private static Map<String, Map<String, Object>> manifests() throws Exception {
        Map<String, Map<String, Object>> byKind = new HashMap<>();
        Load load = new Load(LoadSettings.builder().build());
        for (Path file : files()) {
            for (Object document : load.loadAllFromString(Files.readString(file))) {
                Map<String, Object> manifest = (Map<String, Object>) document;
                String kind = (String) manifest.get("kind");
                if (!"Kustomization".equals(kind) && byKind.put(kind, manifest) != null) {
                    fail("two " + kind + " manifests");
                }
            }
        }
        return byKind;
    }

    private static List<Path> files() throws Exception {
        try (Stream<Path> list = Files.list(DIR)) {
            return list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static Map<String, Object> podSpec(Map<String, Object> manifest) {
        Map<String, Object> spec = map(manifest, "spec");
        if (spec.containsKey("jobTemplate")) {
            spec = map(map(spec, "jobTemplate"), "spec");
        }
        return map(map(spec, "template"), "spec");
    }

    private static List<Map<String, Object>> containerEnv(Map<String, Object> pod) {
        List<Map<String, Object>> env = new ArrayList<>();
        for (Map<String, Object> c : (List<Map<String, Object>>) pod.get("containers")) {
            env.addAll((List<Map<String, Object>>) c.getOrDefault("env", List.of()));
        }
        return env;
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object child = parent.get(key);
        assertTrue(child instanceof Map, key + " is a mapping in " + parent.keySet());
        return (Map<String, Object>) child;
    }
}
