package io.identitysync.destinations.directories;

import io.identitysync.store.identities.DirectoryState;

import java.time.Duration;

/** A kind of directory ({@code directories.<id>.type}): makes the push of one configured directory. */
public interface DirectoryKind {

    /** @param scopedIds several connectors feed the directory, so our ids are sent as {@code <connector>:<external id>} */
    DirectoryPush push(DirectoryConfig config, String apiToken, Duration timeout, DirectoryState state, boolean scopedIds);
}
