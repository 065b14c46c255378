package io.identitysync.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Secrets handed over as files, the way Kubernetes and Docker mount them: {@code <key>-file=/run/secrets/x} (in
 * application.properties or as an argument) or {@code <KEY>_FILE=/run/secrets/x} (environment). Each is read once, at
 * start, trimmed; a file that cannot be read stops the start naming the key, never showing what the file holds.
 * Also where every secret came from, for {@code check} and {@code status}.
 */
final class SecretFiles {

    static final String FILE_KEY = "-file";
    static final String FILE_VARIABLE = "_FILE";

    private SecretFiles() {
    }

    /**
     * Replaces each {@code <secret>-file} key and each {@code <SECRET>_FILE} variable by the secret it names, in
     * {@code merged}; returns, for every secret that has a value, where it came from.
     *
     * @throws IllegalArgumentException naming the key whose file cannot be read
     */
    static Map<String, String> resolve(Map<String, String> merged, Map<String, String> env, Properties system, Map<String, String> arguments) {
        Map<String, String> origins = new TreeMap<>();
        for (String fileKey : List.copyOf(merged.keySet())) {
            if (fileKey.endsWith(FILE_KEY) && SecretKeys.isSecret(base(fileKey))) {
                String path = merged.remove(fileKey).trim();
                if (!path.isEmpty()) {
                    String key = base(fileKey);
                    merged.put(key, read(key, fileKey, path));
                    origins.put(key, "file " + path + " (" + fileKey + ")");
                }
            }
        }
        for (String key : List.copyOf(merged.keySet())) {
            String variable = Settings.environmentName(key) + FILE_VARIABLE;
            if (SecretKeys.isSecret(key) && !origins.containsKey(key) && !arguments.containsKey(key) && env.containsKey(variable)
                    && !env.get(variable).isBlank()) {
                String path = env.get(variable).trim();
                merged.put(key, read(key, variable, path));
                origins.put(key, "file " + path + " (" + variable + ")");
            }
        }
        merged.forEach((key, value) -> {
            if (SecretKeys.isSecret(key) && value != null && !value.isBlank() && !origins.containsKey(key)) {
                origins.put(key, arguments.containsKey(key) ? "argument (--" + key + ")"
                        : env.containsKey(Settings.environmentName(key)) ? "environment (" + Settings.environmentName(key) + ")"
                        : system.containsKey(key) ? "system property (-D" + key + ")" : "properties (application.properties)");
            }
        });
        return origins;
    }

    private static String base(String fileKey) {
        return fileKey.substring(0, fileKey.length() - FILE_KEY.length());
    }

    /** The file's text, trimmed; the message names the key and the path and says why, never a byte of the file. */
    private static String read(String key, String givenAs, String path) {
        String why;
        if (Files.isDirectory(Path.of(path))) {
            throw new IllegalArgumentException(key + ": " + givenAs + " names " + path + ", which is a folder, not a file");
        }
        try {
            String text = Files.readString(Path.of(path), StandardCharsets.UTF_8).trim();
            if (!text.isEmpty()) {
                return text;
            }
            why = "it is empty";
        } catch (NoSuchFileException e) {
            why = "no such file";
        } catch (AccessDeniedException e) {
            why = "permission denied";
        } catch (IOException | RuntimeException e) {
            // The exception's class, not its message: a decoder's message could quote what it read.
            why = e.getClass().getSimpleName();
        }
        throw new IllegalArgumentException(key + ": " + givenAs + " names " + path + ", which cannot be read: " + why);
    }
}
