package io.identitysync.sources.example;

import io.identitysync.config.Source;

/**
 * A source that exists only to prove what adding one takes: this descriptor, ExampleMapping and ExampleSimulator
 * here, routes/example.camel.yaml and sources/example.properties in the test resources, and one line in
 * META-INF/services/io.identitysync.config.Source. Nothing in src/main names it.
 */
public final class ExampleSource extends Source {

    public ExampleSource() {
        super("example", "Example HR", ExampleSimulator.MAX_LIMIT);
    }
}
