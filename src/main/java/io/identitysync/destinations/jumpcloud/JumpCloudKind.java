package io.identitysync.destinations.jumpcloud;

import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.directories.DirectoryKind;
import io.identitysync.destinations.directories.DirectoryPush;
import io.identitysync.store.identities.DirectoryState;

import java.time.Duration;

/** {@code directories.<id>.type=jumpcloud}: JumpCloud's v1 and v2 API with an {@code x-api-key}. */
public final class JumpCloudKind implements DirectoryKind {

    @Override
    public DirectoryPush push(DirectoryConfig config, String apiToken, Duration timeout, DirectoryState state, boolean scopedIds) {
        return new JumpCloudPush(config, apiToken, timeout, state, scopedIds);
    }
}
