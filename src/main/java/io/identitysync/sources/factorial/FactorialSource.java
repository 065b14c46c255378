package io.identitysync.sources.factorial;

import io.identitysync.config.Checks;
import io.identitysync.config.Connectors;
import io.identitysync.config.Source;

/** Factorial (HRIS): routes/factorial.camel.yaml, defaults in sources/factorial.properties. */
public final class FactorialSource extends Source {

    /** The API's cap on {@code limit}. */
    static final int MAX_PAGE_SIZE = 100;

    public FactorialSource() {
        super("factorial", "Factorial");
    }

    @Override
    public void check(Connectors.Connector connector, Checks checks) {
        checks.range(connector.key("page-size"), 1, MAX_PAGE_SIZE);
    }
}
