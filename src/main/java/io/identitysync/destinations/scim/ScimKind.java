package io.identitysync.destinations.scim;

import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.directories.DirectoryKind;
import io.identitysync.destinations.directories.DirectoryPush;
import io.identitysync.store.identities.DirectoryState;

import java.time.Duration;

/** {@code directories.<id>.type=scim}: any SCIM 2.0 service provider at {@code url}, with a bearer token. */
public final class ScimKind implements DirectoryKind {

    @Override
    public DirectoryPush push(DirectoryConfig config, String apiToken, Duration timeout, DirectoryState state, boolean scopedIds) {
        return new ScimPush(config, apiToken, timeout, state, scopedIds);
    }
}
