package io.identitysync.destinations.googleworkspace;

import io.identitysync.config.Checks;
import io.identitysync.destinations.directories.DirectoryConfig;

/**
 * A google-workspace directory's own keys: the service account key file (read now, so a bad one stops the start with
 * its key named), the administrator it acts for, its domain and the organisational unit of new accounts.
 */
public final class GoogleWorkspaceChecks {

    private GoogleWorkspaceChecks() {
    }

    public static void check(Checks checks, DirectoryConfig config) {
        String admin = config.option("admin-email");
        if (admin.isEmpty()) {
            checks.add(config.key("admin-email"), "required (the administrator the service account acts for)");
        } else if (!admin.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            checks.add(config.key("admin-email"), "'" + admin + "' is not an email address");
        }
        String domain = config.option("domain");
        if (domain.isEmpty()) {
            checks.add(config.key("domain"), "required (the domain of new accounts, as acme.com)");
        } else if (!domain.matches("[A-Za-z0-9.-]+\\.[A-Za-z]{2,}")) {
            checks.add(config.key("domain"), "'" + domain + "' is not a domain name");
        }
        if (!config.option("org-unit").startsWith("/")) {
            checks.add(config.key("org-unit"), "must be an organisational unit's path, starting with '/', was '" + config.option("org-unit") + "'");
        }
        try {
            ServiceAccountKey.load(config.option("credentials-file"), admin, ServiceAccountKey.scopes(config.groups()));
        } catch (ServiceAccountKey.Invalid e) {
            checks.add(config.tokenKey(), e.getMessage());
        }
    }
}
