package io.identitysync.config;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keys under a prefix this service owns (store., webhooks., factorial., …) that nothing reads: a misspelt key
 * (factorial.page-sise) would otherwise leave its default in force in silence. Keys under other prefixes are the
 * integrators' own, for their routes in routes.dir; camel.* is Camel's.
 */
public final class UnknownKeys {

    /** Keys whose middle part the operator names: each family checks its own keys where it reads them. */
    private static final List<String> NAMED = List.of("connectors.", "webhooks.endpoint.", "camel.");

    private UnknownKeys() {
    }

    public static void check(Checks checks) {
        Set<String> known = Settings.bundled().keySet();
        Set<String> prefixes = known.stream().map(UnknownKeys::head).collect(Collectors.toSet());
        for (String key : checks.settings().values().keySet()) {
            if (known.contains(key) || !prefixes.contains(head(key)) || NAMED.stream().anyMatch(key::startsWith) || readElsewhere(key)) {
                continue;
            }
            checks.add(key, "unknown key; the nearest known key is " + nearest(key, known));
        }
    }

    /** A directory's own key (directories.&lt;id&gt;.url), or a source's attribute mapping (factorial.attributes.&lt;name&gt;). */
    private static boolean readElsewhere(String key) {
        String head = head(key);
        return head.equals("directories") && key.split("\\.").length >= 3
                || Sources.find(head) != null && (key.startsWith(head + "." + Connectors.ATTRIBUTES) || Connectors.isRuleKey(key.substring(head.length() + 1)));
    }

    private static String head(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }

    /** The candidate a typo most likely meant: the fewest single-character edits away. */
    public static String nearest(String key, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(key, candidate);
            if (d < bestDistance || d == bestDistance && candidate.compareTo(best) < 0) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
