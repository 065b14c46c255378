package io.identitysync.config;

import java.util.List;

/**
 * The sources this build knows. Adding one is: a line here, its route file in routes/, its mapping bean and its
 * simulator; the core (staging, commit, events, files, webhooks) stays as it is.
 */
public final class Sources {

    /** @param id connector id and configuration prefix; @param name how messages name it; @param maxPageSize the API's cap */
    public record Source(String id, String name, int maxPageSize) {
        public String key(String suffix) {
            return id + "." + suffix;
        }

        public String runEndpoint() {
            return "direct:" + id + "-run";
        }
    }

    public static final List<Source> ALL = List.of(
            new Source("factorial", "Factorial", 100));

    private Sources() {
    }

    public static Source byId(String id) {
        return ALL.stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown source " + id));
    }
}
