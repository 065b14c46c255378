package io.identitysync.destinations.googleworkspace;

import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.destinations.directories.DirectoryKind;
import io.identitysync.destinations.directories.DirectoryPush;
import io.identitysync.store.identities.DirectoryState;

import java.time.Duration;

/**
 * {@code directories.<id>.type=google-workspace}: the Admin SDK Directory API with a service account's key file and
 * domain-wide delegation. {@code apiToken} is the key file's path ({@code credentials-file}), read here, at start.
 */
public final class GoogleWorkspaceKind implements DirectoryKind {

    @Override
    public DirectoryPush push(DirectoryConfig config, String credentialsFile, Duration timeout, DirectoryState state, boolean scopedIds) {
        GoogleTokens tokens = tokens(config);
        return new GoogleWorkspacePush(config, new GoogleWorkspaceClient(config, tokens, timeout), state, scopedIds);
    }

    /** The directory's tokens; an unusable key file is a credential refusal naming its key. */
    public static GoogleTokens tokens(DirectoryConfig config) {
        try {
            TokenEndpointWords transport = new TokenEndpointWords();
            return new GoogleTokens(ServiceAccountKey.load(config.option("credentials-file"), config.option("admin-email"),
                    ServiceAccountKey.scopes(config.groups()), transport), transport, "Google Workspace (" + config.label() + ")",
                    config.tokenKey() + " and " + config.key("admin-email"));
        } catch (ServiceAccountKey.Invalid e) {
            throw new io.identitysync.destinations.directories.DirectoryException(
                    io.identitysync.destinations.directories.DirectoryException.Kind.CREDENTIAL, null, config.tokenKey() + ": " + e.getMessage(), null);
        }
    }
}
