package io.identitysync.model;

/**
 * One leave request (time off): who, of what type, which days, and where its approval stands.
 *
 * @param status   {@link #APPROVED}, {@link #PENDING} or {@link #REJECTED}
 * @param finishOn the last day, inclusive; null while an open-ended leave has no end
 * @param halfDay  which half of a one-day leave it covers ({@code beginning_of_day}, {@code end_of_day}), or null
 */
public record CanonicalLeave(
        String externalId,
        String userExternalId,
        String leaveTypeId,
        String leaveTypeName,
        String startOn,
        String finishOn,
        String halfDay,
        String status,
        String hours,
        String daysTaken) {

    public static final String APPROVED = "approved";
    public static final String PENDING = "pending";
    public static final String REJECTED = "rejected";

    public CanonicalLeave {
        if (externalId == null || externalId.isBlank()) {
            throw new IllegalArgumentException("a leave needs an external id");
        }
        if (userExternalId == null || userExternalId.isBlank()) {
            throw new IllegalArgumentException("a leave needs the external id of its user");
        }
        if (!APPROVED.equals(status) && !PENDING.equals(status) && !REJECTED.equals(status)) {
            throw new IllegalArgumentException("leave status must be approved, pending or rejected, was " + status);
        }
    }
}
