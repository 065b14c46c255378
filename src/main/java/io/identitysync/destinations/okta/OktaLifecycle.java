package io.identitysync.destinations.okta;

import io.identitysync.destinations.directories.DirectoryConfig;

/** Which of Okta's lifecycle operations a person needs, under Okta's state rules. */
final class OktaLifecycle {

    private OktaLifecycle() {
    }

    /**
     * The operation (suspend, deactivate, unsuspend, activate), or null. A leaver: suspend when ACTIVE, deactivate
     * otherwise (Okta suspends only ACTIVE users), or always with on-disable=deactivate; a pre-hire is left as they are
     * until their first day. A returner, only when {@code held} (we took their access, held them STAGED, or they are a
     * rehire): unsuspend, or activate (DEPROVISIONED, or STAGED when initial-state=ACTIVATED).
     */
    static String nextMove(DirectoryConfig config, String status, boolean active, boolean gone, boolean pending, boolean held) {
        boolean deactivate = config.onDisable().equals("deactivate");
        boolean leaver = !active && (gone || !pending) && (gone || !config.onDisable().equals("ignore"));
        if (leaver) {
            if (status.equals(OktaPush.DEPROVISIONED) || status.equals("SUSPENDED") && !deactivate) {
                return null;
            }
            return status.equals("ACTIVE") && !deactivate ? "suspend" : "deactivate";
        }
        if (!active || !held) {
            return null;
        }
        return switch (status) {
            case "SUSPENDED" -> "unsuspend";
            case OktaPush.DEPROVISIONED -> "activate";
            case "STAGED" -> config.initialState().equals("ACTIVATED") ? "activate" : null;
            default -> null;
        };
    }
}
