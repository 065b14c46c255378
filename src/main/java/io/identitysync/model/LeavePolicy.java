package io.identitysync.model;

/** A time off policy: the rules (allowances, approvals) a group of people falls under; {@code main} is the default one. */
public record LeavePolicy(String externalId, String name, Boolean main, String description) {
}
