package io.identitysync.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration of one process, resolved once: bundled defaults, then ./application.properties, then
 * environment variables (FACTORIAL_API_TOKEN for factorial.api-token), then -D system properties, then --key=value.
 * Camel gets the same resolved values, so what is validated is what runs.
 */
public final class Settings {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private final Map<String, String> values;
    /** Where each secret with a value came from (never the value): for check and status. */
    private final Map<String, String> secretOrigins;
    /** The values sorted by key, made at the first {@link #under}: a Settings is never changed ({@link #with} copies). */
    private volatile TreeMap<String, String> sorted;

    private Settings(Map<String, String> values, Map<String, String> secretOrigins) {
        this.values = values;
        this.secretOrigins = secretOrigins;
    }

    public static Settings load(Path workingConfig, Map<String, String> env, Properties system, Map<String, String> arguments) {
        Map<String, String> merged = new LinkedHashMap<>();
        merged.putAll(bundled());
        if (workingConfig != null && Files.isRegularFile(workingConfig)) {
            try {
                readInto(merged, Files.newInputStream(workingConfig));
            } catch (IOException e) {
                throw new IllegalArgumentException(workingConfig + ": cannot be read: " + e.getMessage());
            }
        }
        for (String key : List.copyOf(merged.keySet())) {
            String fromEnv = env.get(environmentName(key));
            if (fromEnv != null) {
                merged.put(key, fromEnv);
            }
        }
        for (String key : system.stringPropertyNames()) {
            if (merged.containsKey(key) || key.startsWith("camel.")) {
                merged.put(key, system.getProperty(key));
            }
        }
        merged.putAll(arguments);
        addConnectorDefaults(merged, env);
        addDirectoryEnvironment(merged, env, arguments);
        Map<String, String> origins = SecretFiles.resolve(merged, env, system, arguments);
        return new Settings(merged, Collections.unmodifiableMap(origins));
    }

    /**
     * A directory's keys from the environment ({@code DIRECTORIES_JC_API_TOKEN}, {@code DIRECTORIES_JC_ORG_ID}) for a
     * directory the configuration declares: its keys are not bundled, so the loop above never looks for them. A
     * directory's keys are single words joined by '-', so the variable's name gives the key back.
     */
    private static void addDirectoryEnvironment(Map<String, String> merged, Map<String, String> env, Map<String, String> arguments) {
        Map<String, String> starts = new LinkedHashMap<>();
        for (String id : namedIds(merged, DIRECTORIES)) {
            if (merged.containsKey(DIRECTORIES + id + ".type")) {
                starts.put(environmentName(DIRECTORIES + id) + "_", id);
            }
        }
        env.forEach((name, value) -> {
            // The longest match: DIRECTORIES_HR_JC_API_TOKEN is hr-jc's api-token, not hr's jc-api-token.
            String start = starts.keySet().stream().filter(name::startsWith).filter(st -> name.length() > st.length())
                    .max(java.util.Comparator.comparingInt(String::length)).orElse(null);
            if (start != null) {
                String key = DIRECTORIES + starts.get(start) + "." + name.substring(start.length()).toLowerCase(Locale.ROOT).replace('_', '-');
                if (!arguments.containsKey(key)) {
                    merged.put(key, value);
                }
            }
        });
    }

    private static final String DIRECTORIES = "directories.";

    /**
     * A named connector ({@code connectors.<id>.type=factorial}) takes its type's bundled defaults for the keys it
     * leaves out; its token and other keys can then come from the environment too ({@code CONNECTORS_ACME_HR_API_TOKEN}).
     */
    private static void addConnectorDefaults(Map<String, String> merged, Map<String, String> env) {
        Map<String, String> bundled = bundled();
        for (String id : namedIds(merged, Connectors.PREFIX)) {
            String type = merged.getOrDefault(Connectors.PREFIX + id + ".type", "").trim();
            if (Sources.find(type) == null) {
                continue;
            }
            String prefix = Connectors.PREFIX + id + ".";
            bundled.forEach((key, value) -> {
                if (key.startsWith(type + ".")) {
                    String own = prefix + key.substring(type.length() + 1);
                    if (!merged.containsKey(own)) {
                        String fromEnv = env.get(environmentName(own));
                        merged.put(own, fromEnv != null ? fromEnv : value);
                    }
                }
            });
        }
    }

    private static Map<String, String> bundledDefaults;

    /**
     * The defaults bundled in the jar, read once: application.properties, then each source's own
     * sources/&lt;type&gt;.properties (its plain connector's keys, which also default a named connector of that type).
     */
    public static synchronized Map<String, String> bundled() {
        if (bundledDefaults == null) {
            Map<String, String> read = new LinkedHashMap<>();
            readInto(read, Settings.class.getResourceAsStream("/application.properties"));
            for (Source source : Sources.all()) {
                readInto(read, Settings.class.getResourceAsStream("/sources/" + source.id() + ".properties"));
            }
            bundledDefaults = Collections.unmodifiableMap(read);
        }
        return bundledDefaults;
    }

    /** The {@code <id>} of every {@code <prefix><id>.*} key ({@code connectors.}, {@code webhooks.endpoint.}), sorted. */
    public static TreeSet<String> namedIds(Map<String, String> values, String prefix) {
        TreeSet<String> ids = new TreeSet<>();
        for (String key : values.keySet()) {
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                int dot = rest.indexOf('.');
                ids.add(dot < 0 ? rest : rest.substring(0, dot));
            }
        }
        return ids;
    }

    /** Only the given values on top of the bundled defaults: for tests and the demo. */
    public static Settings of(Map<String, String> overrides) {
        return load(null, Map.of(), new Properties(), overrides);
    }

    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static void readInto(Map<String, String> target, InputStream in) {
        if (in == null) {
            return;
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(reader);
            for (String key : p.stringPropertyNames()) {
                target.put(key, p.getProperty(key).trim());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("configuration cannot be read: " + e.getMessage());
        }
    }

    public String get(String key) {
        String v = values.get(key);
        return v == null ? "" : v.trim();
    }

    public Map<String, String> values() {
        return Collections.unmodifiableMap(values);
    }

    /**
     * The keys that start with {@code prefix} (a connector's {@code connectors.<id>.}), sorted: found in the sorted keys,
     * not by reading them all, since a start asks this of each of hundreds of connectors.
     */
    public SortedMap<String, String> under(String prefix) {
        TreeMap<String, String> all = sorted;
        if (all == null) {
            all = new TreeMap<>(values);
            sorted = all;
        }
        return Collections.unmodifiableSortedMap(all.subMap(prefix, prefix + Character.MAX_VALUE));
    }

    public boolean has(String key) {
        return !get(key).isEmpty();
    }

    public boolean bool(String key) {
        return Boolean.parseBoolean(get(key));
    }

    public int integer(String key) {
        return Integer.parseInt(get(key));
    }

    public double decimal(String key) {
        return Double.parseDouble(get(key));
    }

    public Duration duration(String key) {
        return parseDuration(get(key));
    }

    public List<String> list(String key) {
        List<String> out = new ArrayList<>();
        for (String part : get(key).split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    /** A comma-separated list of durations: a retry schedule. */
    public List<Duration> durations(String key) {
        return list(key).stream().map(Settings::parseDuration).toList();
    }

    /** {@code 500ms}, {@code 5s}, {@code 5m}, {@code 2h}, {@code 1d}; a bare number is seconds. */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 500ms, 30s, 5m or 2h");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }


    /** Every value that must never reach a log, an exception, a file or a webhook body. */
    public List<String> secrets() {
        List<String> out = new ArrayList<>();
        values.forEach((key, value) -> {
            if (isSecret(key) && value != null && value.trim().length() >= 4) {
                out.add(value.trim());
                // A rotation lists several secrets; each alone is just as secret.
                for (String part : value.trim().split("[\\s,]+")) {
                    if (part.length() >= 4) {
                        out.add(part);
                    }
                }
            }
        });
        return out;
    }

    /** Tokens, secrets, passwords, webhook challenges and webhook endpoint headers: {@link SecretKeys}. */
    public static boolean isSecret(String key) {
        return SecretKeys.isSecret(key);
    }

    /** Each secret that has a value, sorted by key, with where it came from: environment, file, properties or argument. */
    public Map<String, String> secretOrigins() {
        return secretOrigins;
    }

    /** For Camel: the resolved keys, and with the shared route files, each registered source's {@code routes/<id>.camel.yaml}. */
    public Properties asProperties() {
        Properties p = new Properties();
        values.forEach((k, v) -> p.setProperty(k, v == null ? "" : v));
        String routes = p.getProperty(ROUTES);
        if (routes != null && !routes.contains("classpath:routes/*")) {
            StringBuilder all = new StringBuilder(routes);
            Sources.all().forEach(source -> all.append(",classpath:routes/").append(source.id()).append(".camel.yaml"));
            p.setProperty(ROUTES, all.toString());
        }
        return p;
    }

    private static final String ROUTES = "camel.main.routes-include-pattern";

    public Settings with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new Settings(copy, secretOrigins);
    }
}
