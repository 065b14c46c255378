package io.identitysync.destinations.directories;

import java.util.List;

/**
 * What a kind of directory (JumpCloud; SCIM next) does with our identities. Each method makes the directory hold
 * the current stored state of one user, group or membership, writing only what differs, and says what it did
 * ("created ana.garcia", "no change"); a refusal or failure is a {@link DirectoryException}.
 */
public interface DirectoryPush {

    /** One change from the outbox. */
    String apply(Change change);

    /** The fill: the current state of one present user, as if they had just been created. */
    String user(String connector, String externalId);

    /** The fill: one present department group and its members (only when the directory keeps groups). */
    String group(String connector, String externalId);

    /** What {@link #user} would do now, without a write anywhere; null when nothing. */
    String plan(String connector, String externalId);

    /** The ids of every user record the directory holds (read page by page). */
    List<String> directoryUsers();
}
