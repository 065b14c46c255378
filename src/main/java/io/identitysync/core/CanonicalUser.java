package io.identitysync.core;

import java.util.SortedMap;
import java.util.TreeMap;

/** A person as every destination sees them, whatever the source. The username is given by the store, not the source. */
public record CanonicalUser(
        String externalId,
        String email,
        String givenName,
        String familyName,
        String displayName,
        String title,
        String status,
        String managerExternalId,
        SortedMap<String, Object> attributes) {

    public static final String ACTIVE = "active";
    public static final String DISABLED = "disabled";

    public CanonicalUser {
        if (externalId == null || externalId.isBlank()) {
            throw new IllegalArgumentException("a user needs an external id");
        }
        if (!ACTIVE.equals(status) && !DISABLED.equals(status)) {
            throw new IllegalArgumentException("user status must be active or disabled, was " + status);
        }
        attributes = attributes == null ? new TreeMap<>() : new TreeMap<>(attributes);
    }
}
