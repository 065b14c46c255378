package io.identitysync.config;

import java.util.List;
import java.util.ServiceLoader;

/**
 * The sources this build knows, as registered in {@code META-INF/services/io.identitysync.config.Source}: adding a
 * source adds a line there, and touches nothing else outside the source's own files.
 */
public final class Sources {

    private static final List<Source> ALL = ServiceLoader.load(Source.class).stream().map(ServiceLoader.Provider::get).toList();

    private Sources() {
    }

    /** Every known source, in registration order. */
    public static List<Source> all() {
        return ALL;
    }

    /** The source type of this id, or null. */
    public static Source find(String id) {
        return ALL.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }

    /** "factorial, teamtailor": for messages. */
    public static String ids() {
        return String.join(", ", ALL.stream().map(Source::id).toList());
    }
}
