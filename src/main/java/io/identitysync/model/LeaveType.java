package io.identitysync.model;

/** A kind of time off (vacation, sick leave…) and its rules. */
public record LeaveType(String externalId, String name, String identifier, Boolean active, Boolean approvalRequired, Boolean payable) {
}
