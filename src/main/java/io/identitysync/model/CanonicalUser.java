package io.identitysync.model;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A person as every destination sees them, whatever the source. The username is given by the store, not the source.
 * {@code employment} is the employment in force (or, for a pre-hire, the one to come), null where the source has
 * none; see {@link Employments}. {@code onLeaveToday} is derived from the approved leaves of the run (null where the
 * connector reads no leaves).
 */
public record CanonicalUser(
        String externalId,
        String email,
        String givenName,
        String familyName,
        String displayName,
        String title,
        String status,
        String managerExternalId,
        SortedMap<String, Object> attributes,
        String employeeNumber,
        SortedMap<String, Object> employment,
        Boolean onLeaveToday) {

    public static final String ACTIVE = "active";
    public static final String DISABLED = "disabled";
    /** A pre-hire: known to the HRIS, first employment not started yet. */
    public static final String PENDING = "pending";

    public CanonicalUser {
        if (externalId == null || externalId.isBlank()) {
            throw new IllegalArgumentException("a user needs an external id");
        }
        if (!ACTIVE.equals(status) && !DISABLED.equals(status) && !PENDING.equals(status)) {
            throw new IllegalArgumentException("user status must be active, disabled or pending, was " + status);
        }
        attributes = attributes == null ? new TreeMap<>() : new TreeMap<>(attributes);
        employment = employment == null || employment.isEmpty() ? null : new TreeMap<>(employment);
    }

    /** A user of a source that knows no employee number and no employments. */
    public CanonicalUser(String externalId, String email, String givenName, String familyName, String displayName, String title,
            String status, String managerExternalId, SortedMap<String, Object> attributes) {
        this(externalId, email, givenName, familyName, displayName, title, status, managerExternalId, attributes, null, null, null);
    }

    public CanonicalUser withEmployment(String newTitle, String newStatus, SortedMap<String, Object> newEmployment) {
        return new CanonicalUser(externalId, email, givenName, familyName, displayName, newTitle, newStatus, managerExternalId,
                attributes, employeeNumber, newEmployment, onLeaveToday);
    }

    public CanonicalUser withAttributes(SortedMap<String, Object> newAttributes) {
        return new CanonicalUser(externalId, email, givenName, familyName, displayName, title, status, managerExternalId,
                newAttributes, employeeNumber, employment, onLeaveToday);
    }

    public CanonicalUser withOnLeaveToday(boolean onLeave) {
        return new CanonicalUser(externalId, email, givenName, familyName, displayName, title, status, managerExternalId,
                attributes, employeeNumber, employment, onLeave);
    }
}
