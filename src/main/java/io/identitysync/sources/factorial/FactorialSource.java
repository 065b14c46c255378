package io.identitysync.sources.factorial;

import io.identitysync.config.Source;

/** Factorial (HRIS): routes/factorial.camel.yaml, defaults in sources/factorial.properties; {@code limit} is capped at 100. */
public final class FactorialSource extends Source {

    public FactorialSource() {
        super("factorial", "Factorial", 100);
    }
}
