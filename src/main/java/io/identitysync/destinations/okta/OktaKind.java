package io.identitysync.destinations.okta;

import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.directories.DirectoryKind;
import io.identitysync.destinations.directories.DirectoryPush;
import io.identitysync.store.identities.DirectoryState;

import java.time.Duration;

/** {@code directories.<id>.type=okta}: Okta's Users and Groups API with an API token ({@code Authorization: SSWS}). */
public final class OktaKind implements DirectoryKind {

    @Override
    public DirectoryPush push(DirectoryConfig config, String apiToken, Duration timeout, DirectoryState state, boolean scopedIds) {
        return new OktaPush(config, new OktaClient(config, apiToken, timeout), state, scopedIds);
    }
}
