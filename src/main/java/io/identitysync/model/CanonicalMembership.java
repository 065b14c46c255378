package io.identitysync.model;

/** A user's place in a group: plain member or its lead. */
public record CanonicalMembership(String groupExternalId, String userExternalId, String relation) {

    public static final String MEMBER = "member";
    public static final String LEAD = "lead";

    public CanonicalMembership {
        if (groupExternalId == null || userExternalId == null) {
            throw new IllegalArgumentException("a membership needs a group and a user");
        }
        if (!MEMBER.equals(relation) && !LEAD.equals(relation)) {
            throw new IllegalArgumentException("relation must be member or lead, was " + relation);
        }
    }
}
