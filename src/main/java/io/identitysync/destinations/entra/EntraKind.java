package io.identitysync.destinations.entra;

import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.directories.DirectoryKind;
import io.identitysync.destinations.directories.DirectoryPush;
import io.identitysync.store.identities.DirectoryState;

import java.time.Duration;

/**
 * {@code directories.<id>.type=entra-id}: Microsoft Graph v1.0 with an app registration's client credentials.
 * {@code apiToken} is the client secret ({@code client-secret}), sent to the login URL only.
 */
public final class EntraKind implements DirectoryKind {

    @Override
    public DirectoryPush push(DirectoryConfig config, String clientSecret, Duration timeout, DirectoryState state, boolean scopedIds) {
        EntraTokens tokens = EntraTokens.of(config, clientSecret, timeout);
        return new EntraPush(config, new EntraClient(config, tokens, timeout), state, scopedIds);
    }
}
