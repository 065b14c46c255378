package io.identitysync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.core.SourceException;
import io.identitysync.sources.factorial.FactorialCredentials;
import io.identitysync.store.StoreException;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code webhooks-in subscribe|list|unsubscribe CONNECTOR [--url=PUBLIC_URL]} does: the Factorial webhook subscriptions a
 * connector needs, managed through Factorial's API ({@code api_public/webhook_subscriptions}) with the connector's
 * API key or OAuth token. Subscribing creates what is missing and repairs in place what is disabled, points
 * elsewhere or carries another challenge (see Subscriber); running it again changes nothing. Every refusal is
 * printed with Factorial's own words and the key to check.
 */
public final class Subscriptions {

    /** What changes a person: the subscription types a sync needs (names as in Factorial's WebhookSubscriptionType). */
    static final List<String> TYPES = List.of("employees/employee/create_with_contract", "employees/employee/update",
            "employees/employee/terminate", "employees/employee/unterminate", "teams/membership/create", "teams/membership/update",
            "teams/membership/delete", "teams/membership/move", "teams/membership/bulk_upsert", "contracts/contract_version/create",
            "contracts/contract_version/update", "contracts/contract_version/delete");
    private static final Pattern API_VERSION = Pattern.compile("/(\\d{4}-\\d{2}-\\d{2})/*$");

    private Subscriptions() {
    }

    /** An operator-facing failure: what happened (with Factorial's words) and the key or option to check. */
    private static final class Failed extends Exception {
        Failed(String message) {
            super(message);
        }
    }

    /** {@code what} is subscribe, list or unsubscribe; {@code url} (subscribe only) the public URL of the listener. Exit 0, 1 refused, 2 bad keys. */
    public static int run(String what, String connectorId, String url, Settings settings, PrintStream out, PrintStream err) {
        Connectors.Connector c = connectorId == null ? null : Connectors.declared(settings).stream()
                .filter(x -> x.id().equals(connectorId)).findFirst().orElse(null);
        if (c == null || !c.source().id().equals("factorial")) {
            err.println("configuration error: webhooks-in " + what + " needs a Factorial connector's id (e.g. factorial), was '" + connectorId + "'");
            return 2;
        }
        if (!SubscriptionAuth.oauth(c, settings) && !settings.has(c.key("api-token"))) {
            err.println("configuration error: " + c.key("api-token") + ": managing subscriptions needs the connector's API key, or "
                    + c.key("oauth.refresh-token") + " with its client");
            return 2;
        }
        String companyProblem = companyIdProblem(settings, c);
        if (companyProblem != null) {
            err.println("configuration error: " + c.key("company-id") + ": " + companyProblem);
            return 2;
        }
        String challenge = settings.get(c.key("webhooks-in.challenge"));
        String target = url == null ? "" : url.replaceAll("/+$", "");
        if (what.equals("subscribe") && (challenge.isEmpty() || !target.matches("https?://.+"))) {
            err.println("configuration error: " + (challenge.isEmpty() ? c.key("webhooks-in.challenge") + ": required to subscribe (Factorial sends it "
                    + "with each delivery)" : "--url: the public URL this service's webhooks-in listener is reached at, e.g. https://sync.example.com"));
            return 2;
        }
        if (!List.of("subscribe", "list", "unsubscribe").contains(what)) {
            err.println("configuration error: webhooks-in " + what + ": say subscribe, list or unsubscribe");
            return 2;
        }
        String baseUrl = settings.get(c.key("base-url"));
        String credentialKeys = SubscriptionAuth.keys(c, settings);
        Map<String, String> auth;
        try {
            auth = SubscriptionAuth.headers(c, settings);
        } catch (SourceException | StoreException e) {
            err.println("webhooks-in " + what + ": " + e.getMessage());
            return 1;
        }
        SubscriptionsApi api = new SubscriptionsApi(baseUrl, auth, Integer.parseInt(settings.get(c.key("page-size"))));
        try {
            List<JsonNode> existing;
            try {
                existing = api.list();
            } catch (SubscriptionsApi.Refused e) {
                throw failed(e, c, credentialKeys, c.key("base-url"));
            }
            switch (what) {
                case "list" -> list(existing, out);
                case "subscribe" -> subscribe(api, existing, c, settings, baseUrl, target, challenge, credentialKeys, auth, out);
                default -> unsubscribe(api, existing, c, credentialKeys, out);
            }
            return 0;
        } catch (Failed e) {
            err.println("webhooks-in " + what + ": " + e.getMessage());
            return 1;
        }
    }

    /**
     * For {@code check --live}: the types a sync needs that have no enabled subscription (empty: all there).
     *
     * @throws IOException with Factorial's words when it refuses the list
     */
    public static List<String> missingTypes(String baseUrl, Map<String, String> auth, int pageSize) throws IOException {
        List<JsonNode> existing = new SubscriptionsApi(baseUrl, auth, pageSize).list();
        return TYPES.stream().filter(t -> existing.stream().noneMatch(s -> s.path("type").asText().equals(t) && s.path("enabled").asBoolean()))
                .toList();
    }

    private static void list(List<JsonNode> existing, PrintStream out) {
        for (JsonNode s : existing) {
            out.printf("%-45s %-8s %s%n", s.path("type").asText(), s.path("enabled").asBoolean() ? "enabled" : "DISABLED", s.path("target_url").asText());
        }
        long missing = TYPES.stream().filter(t -> existing.stream().noneMatch(s -> s.path("type").asText().equals(t))).count();
        long disabled = existing.stream().filter(s -> TYPES.contains(s.path("type").asText()) && !s.path("enabled").asBoolean()).count();
        out.println(existing.size() + " subscriptions; " + missing + " of the " + TYPES.size() + " a sync needs are missing"
                + (disabled > 0 ? "; " + disabled + " disabled (subscribe enables them)" : ""));
    }

    private static void subscribe(SubscriptionsApi api, List<JsonNode> existing, Connectors.Connector c, Settings settings, String baseUrl,
                                  String url, String challenge, String credentialKeys, Map<String, String> auth, PrintStream out) throws Failed {
        long[] company = new long[1];
        Subscriber.CompanyId companyId = () -> {
            if (company[0] == 0) {
                company[0] = companyId(settings, c, baseUrl, auth, credentialKeys);
            }
            return company[0];
        };
        Matcher version = API_VERSION.matcher(baseUrl);
        try {
            new Subscriber(api, c.id(), url, challenge, version.find() ? version.group(1) : "", companyId, out).subscribe(existing);
        } catch (CompanyIdUnknown e) {
            throw new Failed(e.getMessage());
        } catch (SubscriptionsApi.Refused e) {
            String hint = e.status() == 422 ? c.key("company-id") + " (Factorial's company id), --url and " + c.key("webhooks-in.challenge")
                    : c.key("base-url");
            throw failed(e, c, credentialKeys, hint);
        } catch (IOException e) {
            throw new Failed(e.getMessage() + "; check " + c.key("base-url"));
        }
    }

    private static void unsubscribe(SubscriptionsApi api, List<JsonNode> existing, Connectors.Connector c, String credentialKeys, PrintStream out)
            throws Failed {
        int removed = 0;
        try {
            for (JsonNode s : existing) {
                if (TYPES.contains(s.path("type").asText()) && s.path("target_url").asText().contains("/hooks/" + c.id() + "/")) {
                    api.delete(s.get("id"));
                    removed++;
                }
            }
        } catch (SubscriptionsApi.Refused e) {
            out.println(removed + " subscriptions removed");
            throw failed(e, c, credentialKeys, c.key("base-url"));
        }
        out.println(removed + " subscriptions removed");
    }

    /** Factorial's refusal, with the key that decides it: the credential on 401/403, the URL when unreachable, else {@code otherwise}. */
    private static Failed failed(SubscriptionsApi.Refused e, Connectors.Connector c, String credentialKeys, String otherwise) {
        String check = e.status() == 401 || e.status() == 403 ? credentialKeys : e.status() == 0 || e.status() == 404 ? c.key("base-url") : otherwise;
        return new Failed(e.getMessage() + "; check " + check);
    }

    /** Thrown when the company id cannot be had; its message names the keys. */
    private static final class CompanyIdUnknown extends IOException {
        CompanyIdUnknown(String message) {
            super(message);
        }
    }

    /** {@code <prefix>company-id} when set, else the company the credential belongs to (api_public/credentials). */
    private static long companyId(Settings settings, Connectors.Connector c, String baseUrl, Map<String, String> auth, String credentialKeys)
            throws CompanyIdUnknown {
        if (settings.has(c.key("company-id"))) {
            return Long.parseLong(settings.get(c.key("company-id")).trim());
        }
        try {
            return FactorialCredentials.read(baseUrl, auth).id();
        } catch (FactorialCredentials.Refused e) {
            String check = e.status() == 401 || e.status() == 403 ? credentialKeys : e.status() == 0 || e.status() == 404 ? c.key("base-url") : null;
            throw new CompanyIdUnknown("a subscription needs the company id, and " + e.getMessage() + "; check "
                    + (check == null ? "" : check + ", or ") + "set " + c.key("company-id"));
        }
    }

    /** Null when {@code <prefix>company-id} is empty or a positive integer; else what is wrong with it. */
    static String companyIdProblem(Settings settings, Connectors.Connector c) {
        String value = settings.get(c.key("company-id")).trim();
        if (value.isEmpty() || value.matches("[1-9][0-9]{0,17}")) {
            return null;
        }
        return "must be Factorial's company id, a positive integer (or empty: read from api_public/credentials), was '" + value + "'";
    }
}
