package io.identitysync.config;

/**
 * A kind of source this build knows (Factorial, Teamtailor). A source is one unit: this descriptor, its route file
 * {@code routes/<id>.camel.yaml} (route templates {@code <id>-resources} and {@code <id>-request}, and its mapping
 * bean), its defaults {@code sources/<id>.properties}, its package {@code io.identitysync.sources.<id>} (mapping),
 * its simulator in {@code io.identitysync.simulators.<id>}, and one line in {@code META-INF/services/io.identitysync.config.Source}, which registers it.
 */
public abstract class Source {

    private final String id;
    private final String name;
    private final int maxPageSize;

    /**
     * @param id   the type: {@code connectors.<id>.type} names it, the plain keys of its default connector start with
     *             {@code <id>.}, and its templates and defaults file are named after it
     * @param name how messages name it: "Factorial"
     * @param maxPageSize the API's cap on the page size: {@code <prefix>page-size} is checked against it
     */
    protected Source(String id, String name, int maxPageSize) {
        this.id = id;
        this.name = name;
        this.maxPageSize = maxPageSize;
    }

    public final String id() {
        return id;
    }

    public final String name() {
        return name;
    }

    public final int maxPageSize() {
        return maxPageSize;
    }

    /** Whether it accepts OAuth 2.0 (a refresh token, {@code <prefix>oauth.*}) in place of an API key. */
    public boolean offersOAuth() {
        return false;
    }

    /**
     * Whether a run of this connector can read just some people (a targeted run, for its webhooks): only when every
     * resource it reads can be narrowed to them or is small enough to read whole.
     */
    public boolean targetable(Connectors.Connector connector, Settings settings) {
        return false;
    }

    /**
     * Whether a run of the connector can read only what changed since the last successful run (an incremental run:
     * on its schedule when {@code <prefix>full-schedule} is set, or {@code --once --incremental}).
     */
    public boolean readsChanges(Connectors.Connector connector, Settings settings) {
        return false;
    }

    /** Checks of the keys that are this source's own (an API version…); each problem names its key. */
    public void check(Connectors.Connector connector, Checks checks) {
    }
}
