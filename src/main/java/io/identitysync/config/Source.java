package io.identitysync.config;

/**
 * A kind of source this build knows (Factorial, Teamtailor). A source is one unit: this descriptor, its route file
 * {@code routes/<id>.camel.yaml} (route templates {@code <id>-resources} and {@code <id>-request}, and its mapping
 * bean), its defaults {@code sources/<id>.properties}, its package {@code io.identitysync.sources.<id>} (mapping,
 * simulator), and one line in {@code META-INF/services/io.identitysync.config.Source}, which registers it.
 */
public abstract class Source {

    private final String id;
    private final String name;

    /**
     * @param id   the type: {@code connectors.<id>.type} names it, the plain keys of its default connector start with
     *             {@code <id>.}, and its templates and defaults file are named after it
     * @param name how messages name it: "Factorial"
     */
    protected Source(String id, String name) {
        this.id = id;
        this.name = name;
    }

    public final String id() {
        return id;
    }

    public final String name() {
        return name;
    }

    /** Checks of the keys that are this source's own (page-size limits, an API version…); each problem names its key. */
    public void check(Connectors.Connector connector, Checks checks) {
    }
}
