package io.identitysync.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.core.VendorWords;
import io.identitysync.inbound.Subscriptions;
import io.identitysync.sources.factorial.FactorialCredentials;
import io.identitysync.sources.factorial.FactorialMapping;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Factorial: the credentials endpoint first (which company the key or token reaches), then one page of each path
 * behind {@code <prefix>resources}, then, with webhooks in, the subscriptions. The first employees' address fields
 * are shown masked, so an operator can tell which of {@code email} and {@code login_email} holds the work address.
 */
final class FactorialProbe implements SourceProbe {

    /** What each of {@code <prefix>resources} reads: the paths of its route (routes/factorial.camel.yaml). */
    static final Map<String, List<String>> PATHS = Map.of(
            "employees", List.of("employees/employees"),
            "teams", List.of("teams/teams", "teams/memberships"),
            "locations", List.of("locations/locations"),
            "employments", List.of("contracts/contract_versions", "job_catalog/levels"),
            "leaves", List.of("timeoff/leave_types", "timeoff/policies", "timeoff/leaves"),
            "compensations", List.of("contracts/compensations"),
            "custom_fields", List.of("custom_fields/fields", "custom_fields/options", "custom_fields/values"));
    private static final int EXAMPLES = 3;

    private final FactorialAuth auth;

    FactorialProbe(FactorialAuth auth) {
        this.auth = auth;
    }

    @Override
    public List<Finding> check(Connectors.Connector c, Settings s, LiveHttp http) {
        List<Finding> out = new ArrayList<>();
        String base = LiveHttp.trimmed(s.get(c.key("base-url")));
        FactorialAuth.Grant grant = auth.grant(c, s, http);
        if (!grant.ok()) {
            out.add(Finding.failed(c.id(), "authentication", grant.problem(), grant.key()));
            return out;
        }
        Map<String, String> headers = new LinkedHashMap<>(grant.headers());
        headers.put("Accept", "application/json");
        out.add(credentials(c, base, headers, grant.key()));
        // A refused credential or an unreachable host would fail every read the same way.
        if (!out.get(0).ok() && (out.get(0).detail().startsWith("HTTP 401") || out.get(0).key().equals(c.key("base-url")))) {
            return out;
        }
        for (String resource : s.list(c.key("resources"))) {
            for (String path : PATHS.getOrDefault(resource, List.of())) {
                out.add(page(c, s, base, path, headers, grant.key(), http, resource.equals("employees")));
            }
        }
        if (s.bool("webhooks-in.enabled") && s.has(c.key("webhooks-in.challenge"))) {
            out.add(subscriptions(c, s, base, grant));
        }
        return out;
    }

    private Finding credentials(Connectors.Connector c, String base, Map<String, String> headers, String key) {
        String item = "credentials";
        try {
            FactorialCredentials.Company company = FactorialCredentials.read(base, headers);
            return Finding.ok(c.id(), item, "company " + company.id() + (company.name() == null ? "" : " \"" + company.name() + "\"")
                    + " (" + grantName(key) + ")");
        } catch (FactorialCredentials.Refused e) {
            return switch (e.status()) {
                case 0 -> Finding.failed(c.id(), item, e.getMessage(), c.key("base-url"));
                case 401 -> Finding.failed(c.id(), item, "HTTP 401: " + e.getMessage() + ": Factorial refused the " + grantName(key), key);
                case 404 -> Finding.failed(c.id(), item, "HTTP 404: " + e.getMessage(), c.key("base-url"));
                default -> Finding.failed(c.id(), item, "HTTP " + e.status() + ": " + e.getMessage(), key);
            };
        }
    }

    /** With webhooks in, the subscriptions a sync needs: each type subscribed and enabled. */
    private static Finding subscriptions(Connectors.Connector c, Settings s, String base, FactorialAuth.Grant grant) {
        String item = "webhook subscriptions";
        try {
            List<String> missing = Subscriptions.missingTypes(base, grant.headers(), s.integer(c.key("page-size")));
            return missing.isEmpty() ? Finding.ok(c.id(), item, "every type a sync needs is subscribed and enabled")
                    : Finding.failed(c.id(), item, missing.size() + " type(s) missing or disabled (" + String.join(", ", missing)
                    + "): run webhooks-in subscribe " + c.id() + " --url=<this service's public URL>", c.key("webhooks-in.challenge"));
        } catch (IOException e) {
            return Finding.failed(c.id(), item, e.getMessage(), grant.key());
        }
    }

    private Finding page(Connectors.Connector c, Settings s, String base, String path, Map<String, String> headers, String key, LiveHttp http,
                         boolean employees) {
        String url = base + "/resources/" + path + "?limit=" + s.get(c.key("page-size"));
        try {
            LiveHttp.Answer a = http.get(url, headers);
            if (!a.ok()) {
                return refused(c, path, a, key);
            }
            JsonNode data = a.json() == null ? null : a.json().path("data");
            if (data == null || !data.isArray()) {
                return Finding.failed(c.id(), path, "HTTP " + a.status() + " but no data list in the answer: is " + c.key("base-url")
                        + " Factorial's API with its version prefix (…/api/2026-04-01)?", c.key("base-url"));
            }
            boolean more = a.json().path("meta").path("has_next_page").asBoolean(false);
            String detail = data.size() + " on the first page" + (more ? ", more to read" : "");
            if (employees && !data.isEmpty()) {
                detail += "\n" + addresses(data);
            }
            return Finding.ok(c.id(), path, detail);
        } catch (LiveHttp.Unreachable e) {
            return Finding.failed(c.id(), path, base + ": " + e.getMessage(), c.key("base-url"));
        }
    }

    /** The first employees' address fields, masked: Factorial's models call several of them "personal email". */
    static String addresses(JsonNode employees) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < employees.size() && shown.size() < EXAMPLES; i++) {
            Map<String, String> found = FactorialMapping.addressFields(employees.get(i));
            shown.add("email " + Mask.email(found.get("email")) + ", login_email " + Mask.email(found.get("login_email")));
        }
        return "addresses of the first " + shown.size() + " (which field holds the work address? email-field says which to use):\n"
                + String.join("\n", shown);
    }

    private static Finding refused(Connectors.Connector c, String item, LiveHttp.Answer a, String key) {
        String words = VendorWords.inParentheses(a.text());
        if (a.status() == 401) {
            return Finding.failed(c.id(), item, "HTTP 401" + words + ": Factorial refused the " + grantName(key), key);
        }
        if (a.status() == 403) {
            return Finding.failed(c.id(), item, "HTTP 403" + words + ": the " + grantName(key) + " may not read this; give it the "
                    + "permission, or leave the resource out of " + c.key("resources"), key);
        }
        return Finding.failed(c.id(), item, "HTTP " + a.status() + words, a.status() == 404 ? c.key("base-url") : key);
    }

    private static String grantName(String key) {
        return key.endsWith("api-token") ? "API key" : "OAuth token";
    }
}
