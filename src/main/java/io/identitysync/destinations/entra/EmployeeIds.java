package io.identitysync.destinations.entra;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Our id as Entra keeps it in {@code employeeId}, which holds at most 16 characters: the source's own id when one
 * connector feeds the directory, else {@code <prefix>:<id>} with the connector's short prefix (its id, cut to
 * {@value #PREFIX_CHARS} characters), so that ten characters are left for the id: a 32-bit number fits.
 */
public final class EmployeeIds {

    public static final int MAX = 16;
    static final int PREFIX_CHARS = 5;

    private EmployeeIds() {
    }

    /** A connector's short prefix. */
    public static String prefix(String connector) {
        return connector.length() <= PREFIX_CHARS ? connector : connector.substring(0, PREFIX_CHARS);
    }

    /** The employeeId of a person; null when it cannot fit in {@value #MAX} characters. */
    public static String of(String connector, String externalId, boolean scoped) {
        String id = scoped ? prefix(connector) + ":" + externalId : externalId;
        return id.length() <= MAX ? id : null;
    }

    /** Two connectors of {@code connectors} that share a prefix, as "a and b", or null when every prefix is its own. */
    public static String clash(Collection<String> connectors) {
        Map<String, String> seen = new HashMap<>();
        for (String c : connectors) {
            String other = seen.putIfAbsent(prefix(c), c);
            if (other != null) {
                return other + " and " + c;
            }
        }
        return null;
    }
}
