package io.identitysync.core;

import java.util.List;

/** Last line of defence: whatever text leaves a run (stored error, log line) is scrubbed of configured secrets. */
public final class Secrets {

    private final List<String> values;

    public Secrets(List<String> values) {
        this.values = List.copyOf(values);
    }

    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : values) {
            out = out.replace(secret, "****");
        }
        return out;
    }
}
