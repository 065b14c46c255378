package io.identitysync.config;

import io.identitysync.sources.factorial.FactorialMapping;
import io.identitysync.sources.teamtailor.TeamtailorMapping;

import java.util.List;
import java.util.function.Supplier;

/**
 * The sources this build knows. Adding one is: a line here, its route file in routes/, its mapping bean and its
 * simulator; the core (staging, commit, events, files, webhooks) stays as it is.
 */
public final class Sources {

    /**
     * @param id the type: {@code connectors.<id>.type} names it; the plain keys of its default instance start with it;
     *           its route templates are {@code <id>-run} and {@code <id>-read}
     * @param name how messages name it
     * @param maxPageSize the API's cap
     * @param mapping makes the bean its route calls as &lt;id&gt;Mapping
     */
    public record Source(String id, String name, int maxPageSize, Supplier<Object> mapping) {
    }

    public static final List<Source> ALL = List.of(
            new Source("factorial", "Factorial", 100, FactorialMapping::new),
            new Source("teamtailor", "Teamtailor", 30, TeamtailorMapping::new));

    private Sources() {
    }

    /** The source type of this id, or null. */
    public static Source find(String id) {
        return ALL.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }
}
