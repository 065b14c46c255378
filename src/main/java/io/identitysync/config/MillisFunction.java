package io.identitysync.config;

import org.apache.camel.spi.PropertiesFunction;

/**
 * {@code {{millis:key}}} in a route: the duration at {@code key} in milliseconds, as our keys read it (a bare
 * number is seconds, where Camel's own options would read it as milliseconds).
 */
public final class MillisFunction implements PropertiesFunction {

    private final Settings settings;

    public MillisFunction(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String getName() {
        return "millis";
    }

    @Override
    public String apply(String key) {
        return Long.toString(settings.duration(key).toMillis());
    }
}
