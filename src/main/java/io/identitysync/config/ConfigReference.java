package io.identitysync.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration reference (docs/configuration-reference.md), written from the registry of keys itself: the
 * bundled properties files that {@link Settings#bundled()} reads and {@link UnknownKeys} checks against. Each key's
 * meaning is the comment above it (one comment serves the keys that follow it without a blank line); a {@code ##}
 * comment opens a section. So the page cannot drift from the keys: a test compares the two.
 */
public final class ConfigReference {

    private record Key(String name, String value, String meaning) {
    }

    private ConfigReference() {
    }

    /** The page, in Markdown. */
    public static String markdown() {
        StringBuilder out = new StringBuilder("# Configuration reference\n\n")
                .append("Every key this build reads, its default and its meaning, generated from the bundled properties files\n")
                .append("(`src/main/resources/application.properties`, then each source's `src/main/resources/sources/<type>.properties`):\n")
                .append("edit the comments there, then run `mvn -q test -Dtest=ConfigReferenceTest -Didentitysync.write-docs=true`.\n")
                .append("A named connector (`connectors.<id>.type=<type>`) takes its type's keys under `connectors.<id>.`; how keys are\n")
                .append("layered and overridden: [Configuration](configuration.md).\n");
        file(out, "application.properties");
        for (Source source : Sources.all()) {
            file(out, "sources/" + source.id() + ".properties");
        }
        return out.toString();
    }

    private static void file(StringBuilder out, String resource) {
        List<String> lines = read(resource);
        List<String> comment = new ArrayList<>();
        List<Key> table = new ArrayList<>();
        boolean grouped = false;
        String group = "";
        List<String> joined = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            StringBuilder line = new StringBuilder(lines.get(i).strip());
            // A value continued on the next line (a trailing backslash), as java.util.Properties reads it.
            while (!line.toString().startsWith("#") && line.toString().endsWith("\\") && i + 1 < lines.size()) {
                line.setLength(line.length() - 1);
                line.append(lines.get(++i).strip());
            }
            joined.add(line.toString());
        }
        for (String line : joined) {
            if (line.startsWith("##")) {
                flush(out, table);
                String text = line.replaceFirst("^#+\\s*", "");
                if (!grouped && !text.isEmpty()) {
                    out.append("\n## ").append(heading(text)).append("\n\n");
                    String rest = rest(text);
                    if (!rest.isEmpty()) {
                        out.append(Character.toUpperCase(rest.charAt(0))).append(rest.substring(1)).append('\n');
                    }
                    grouped = true;
                } else {
                    out.append(text).append('\n');
                }
                comment.clear();
                group = "";
            } else if (line.startsWith("#")) {
                grouped = false;
                comment.add(line.replaceFirst("^#\\s?", ""));
            } else if (line.isEmpty()) {
                grouped = false;
                comment.clear();
                group = "";
            } else {
                grouped = false;
                int eq = line.indexOf('=');
                // A comment serves every key that follows it up to a blank line or the next comment.
                group = comment.isEmpty() ? group : String.join(" ", comment).strip();
                table.add(new Key(line.substring(0, eq).strip(), line.substring(eq + 1).strip(), group));
                comment.clear();
            }
        }
        flush(out, table);
    }

    /** A section's heading: its first sentence, or all of it up to a colon. */
    private static String heading(String text) {
        int end = firstStop(text);
        return end < 0 ? text : text.substring(0, end);
    }

    private static String rest(String text) {
        int end = firstStop(text);
        return end < 0 ? "" : text.substring(end + 1).strip();
    }

    private static int firstStop(String text) {
        int colon = text.indexOf(": ");
        int dot = text.indexOf(". ");
        if (colon < 0) {
            return dot;
        }
        return dot < 0 ? colon : Math.min(colon, dot);
    }

    private static void flush(StringBuilder out, List<Key> table) {
        if (table.isEmpty()) {
            return;
        }
        out.append("\n| key | default | meaning |\n|---|---|---|\n");
        String previous = null;
        for (Key k : table) {
            String meaning = k.meaning().isEmpty() ? "" : k.meaning().equals(previous) ? "〃" : cell(k.meaning());
            out.append("| `").append(k.name()).append("` | ").append(k.value().isEmpty() ? "" : "`" + cell(k.value()) + "`")
                    .append(" | ").append(meaning).append(" |\n");
            if (!k.meaning().isEmpty()) {
                previous = k.meaning();
            }
        }
        table.clear();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static List<String> read(String resource) {
        try (InputStream in = ConfigReference.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("no bundled " + resource);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1)).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
