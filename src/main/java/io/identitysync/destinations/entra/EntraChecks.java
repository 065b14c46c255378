package io.identitysync.destinations.entra;

import io.identitysync.config.Checks;
import io.identitysync.config.Connectors;
import io.identitysync.destinations.directories.DirectoryConfig;

import java.util.List;

/**
 * An entra-id directory's own keys: the tenant and the app registration (client id and secret), the domain of new
 * accounts' userPrincipalName, the login URL, and the connectors, whose short prefixes must keep employeeIds apart.
 */
public final class EntraChecks {

    private EntraChecks() {
    }

    public static void check(Checks checks, DirectoryConfig config) {
        if (config.option("tenant-id").isEmpty()) {
            checks.add(config.key("tenant-id"), "required (the Directory (tenant) ID of the app registration, a GUID, or the tenant's domain)");
        } else if (!config.option("tenant-id").matches("[A-Za-z0-9.-]+")) {
            checks.add(config.key("tenant-id"), "'" + config.option("tenant-id") + "' is not a tenant id (a GUID or a domain)");
        }
        if (config.option("client-id").isEmpty()) {
            checks.add(config.key("client-id"), "required (the Application (client) ID of the app registration)");
        }
        if (!checks.settings().has(config.tokenKey())) {
            checks.add(config.tokenKey(), "required (a client secret's Value from the app registration's Certificates & secrets)");
        }
        String domain = config.option("domain");
        if (domain.isEmpty()) {
            checks.add(config.key("domain"), "required (a verified domain of the tenant, the UPN suffix of new accounts, as acme.com)");
        } else if (!domain.matches("[A-Za-z0-9.-]+\\.[A-Za-z]{2,}")) {
            checks.add(config.key("domain"), "'" + domain + "' is not a domain name");
        }
        String login = config.option("login-url");
        if (!login.startsWith("https://") || !Checks.isHttpUrl(login)) {
            checks.add(config.key("login-url"), "'" + login + "' is not an https URL (Microsoft's token endpoint takes the secret over TLS only)");
        }
        String location = config.option("usage-location");
        if (!location.isEmpty() && !location.matches("[A-Z]{2}")) {
            checks.add(config.key("usage-location"), "must be a two-letter country code (ISO 3166-1 alpha-2, as ES), was '" + location + "'");
        }
        List<String> feeding = Connectors.enabled(checks.settings()).stream().map(Connectors.Connector::id).filter(config::feeds).toList();
        String clash = feeding.size() > 1 ? EmployeeIds.clash(feeding) : null;
        if (clash != null) {
            checks.add(config.key("connectors"), "the connectors " + clash + " share the employeeId prefix '" + EmployeeIds.prefix(clash.split(" and ")[0])
                    + "': Entra's employeeId holds " + EmployeeIds.MAX + " characters, so several connectors are told apart by the first "
                    + EmployeeIds.PREFIX_CHARS + " characters of their ids; feed this directory from connectors whose ids differ there");
        }
    }
}
