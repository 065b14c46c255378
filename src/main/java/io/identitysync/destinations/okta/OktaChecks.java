package io.identitysync.destinations.okta;

import io.identitysync.config.Checks;
import io.identitysync.destinations.directories.DirectoryChecks;
import io.identitysync.destinations.directories.DirectoryConfig;

/**
 * An okta directory's own keys: whether Okta mails the activation link when we activate someone, and a leaver policy
 * that may also deactivate (Okta refuses to suspend anyone who is not ACTIVE).
 */
public final class OktaChecks {

    private OktaChecks() {
    }

    public static void check(Checks checks, DirectoryConfig config) {
        DirectoryChecks.oneOf(checks, config.key("activation-email"), config.option("activation-email"), "true", "false");
        DirectoryChecks.oneOf(checks, config.key("on-disable"), config.onDisable(), "suspend", "deactivate", "ignore");
    }
}
