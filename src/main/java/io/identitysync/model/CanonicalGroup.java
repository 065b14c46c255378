package io.identitysync.model;

import java.util.SortedMap;
import java.util.TreeMap;

/** A department, team, location… Kinds are open: a source may bring its own. */
public record CanonicalGroup(
        String externalId,
        String name,
        String kind,
        String description,
        SortedMap<String, Object> attributes) {

    public static final String DEPARTMENT = "department";
    public static final String TEAM = "team";
    public static final String LOCATION = "location";

    public CanonicalGroup {
        if (externalId == null || externalId.isBlank()) {
            throw new IllegalArgumentException("a group needs an external id");
        }
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("a group needs a kind");
        }
        attributes = attributes == null ? new TreeMap<>() : new TreeMap<>(attributes);
    }

    /**
     * Groups of different kinds share one id space per connector, but sources number each kind on its own
     * (Factorial team 7 and location 7): the kind prefix keeps them apart.
     */
    public static String scopedId(String kind, Object sourceId) {
        return kind + ":" + sourceId;
    }
}
