package io.identitysync.cli.support;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.identitysync.config.Settings;

import java.io.PrintStream;
import java.util.Map;

/** Where each secret came from, for check and status: environment, file, properties or argument; never a value. */
public final class SecretSources {

    private SecretSources() {
    }

    public static void text(Settings settings, PrintStream out) {
        Map<String, String> origins = settings.secretOrigins();
        if (origins.isEmpty()) {
            out.println("secrets: none set");
            return;
        }
        out.println("secrets (where each came from; values are never shown):");
        int width = origins.keySet().stream().mapToInt(String::length).max().orElse(10);
        origins.forEach((key, origin) -> out.printf("  %-" + width + "s  %s%n", key, origin));
    }

    public static ArrayNode json(Settings settings) {
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
        settings.secretOrigins().forEach((key, origin) -> all.addObject().put("key", key).put("source", origin));
        return all;
    }
}
