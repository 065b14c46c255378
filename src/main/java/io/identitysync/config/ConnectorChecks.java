package io.identitysync.config;

import org.quartz.CronExpression;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The connectors' keys: ids and types of named connectors, the keys every source has, then each source's own checks. */
public final class ConnectorChecks {

    private ConnectorChecks() {
    }

    public static void check(Checks checks) {
        Settings s = checks.settings();
        for (String id : Connectors.namedIds(s.values())) {
            checkNamed(checks, id);
        }
        for (Connectors.Connector connector : Connectors.declared(s)) {
            checkConnector(checks, connector);
        }
    }

    private static void checkNamed(Checks checks, String id) {
        Settings s = checks.settings();
        String typeKey = Connectors.PREFIX + id + ".type";
        if (!Connectors.validId(id)) {
            checks.add(Connectors.PREFIX + id, "the connector id '" + id + "' must be lower-case letters, digits and '-' "
                    + "(it names files, rows and metrics)");
        } else if (Sources.find(id) != null) {
            checks.add(Connectors.PREFIX + id, "the id '" + id + "' is the plain " + id + ".* connector; choose another id");
        } else if (s.get(typeKey).isEmpty()) {
            checks.add(typeKey, "required (one of " + Sources.ids() + ")");
        } else if (Sources.find(s.get(typeKey)) == null) {
            checks.add(typeKey, "unknown connector type '" + s.get(typeKey) + "' (known: " + Sources.ids() + ")");
        } else {
            // A misspelt key (api_token, pagesize) would otherwise be ignored in silence.
            String type = s.get(typeKey);
            Set<String> known = new HashSet<>(List.of("type"));
            Settings.bundled().keySet().stream().filter(k -> k.startsWith(type + "."))
                    .forEach(k -> known.add(k.substring(type.length() + 1)));
            String prefix = Connectors.PREFIX + id + ".";
            for (String key : s.under(prefix).keySet()) {
                String rest = key.substring(prefix.length());
                if (!known.contains(rest) && !rest.startsWith(Connectors.ATTRIBUTES) && !Connectors.isRuleKey(rest)) {
                    checks.add(key, "unknown key for a " + type + " connector; the nearest known key is " + prefix + UnknownKeys.nearest(rest, known));
                }
            }
        }
    }

    private static void checkOAuth(Checks checks, Connectors.Connector c) {
        Settings s = checks.settings();
        if (s.has(c.key("api-token"))) {
            checks.add(c.key("api-token"), "set either it or " + c.key("oauth.refresh-token") + ", not both");
        }
        for (String key : new String[] {"oauth.client-id", "oauth.client-secret"}) {
            if (!s.has(c.key(key))) {
                checks.add(c.key(key), "required with " + c.key("oauth.refresh-token"));
            }
        }
        if (!s.get(c.key("oauth.token-url")).isEmpty()) {
            checks.httpUrl(c.key("oauth.token-url"));
        }
    }

    private static void checkConnector(Checks checks, Connectors.Connector c) {
        Settings s = checks.settings();
        String enabledKey = c.key("enabled");
        String enabled = s.get(enabledKey).toLowerCase(Locale.ROOT);
        if (!enabled.isEmpty() && !enabled.equals("true") && !enabled.equals("false")) {
            checks.add(enabledKey, "must be true, false or empty (empty: enabled when a token is set), was '" + s.get(enabledKey) + "'");
            return;
        }
        if (!Connectors.enabled(s, c)) {
            return;
        }
        if (Connectors.usesOAuth(s, c)) {
            checkOAuth(checks, c);
        } else if (!s.has(c.key("api-token"))) {
            checks.add(c.key("api-token"), "required because " + enabledKey + "=true (" + c.source().name() + " needs an API token"
                    + (c.source().offersOAuth() ? ", or " + c.key("oauth.refresh-token") + " with its client" : "") + ")");
        }
        checks.httpUrl(c.key("base-url"));
        String schedule = s.get(c.key("schedule"));
        if (!CronExpression.isValidExpression(schedule)) {
            checks.add(c.key("schedule"), "'" + schedule + "' is not a Quartz cron expression (e.g. 0 0/30 * * * ?)");
        }
        String quarantineSchedule = s.get(c.key("quarantine-schedule"));
        if (!quarantineSchedule.isBlank() && !CronExpression.isValidExpression(quarantineSchedule)) {
            checks.add(c.key("quarantine-schedule"), "'" + quarantineSchedule + "' is not a Quartz cron expression (e.g. 0 0 * * * ?)");
        }
        if (!s.get(c.key("quarantine-after")).isBlank()) {
            checks.range(c.key("quarantine-after"), 1, 1000);
        }
        checks.range(c.key("page-size"), 1, c.source().maxPageSize());
        c.source().check(c, checks);
        checks.range(c.key("connect-timeout-ms"), 1, 3_600_000);
        checks.range(c.key("read-timeout-ms"), 1, 3_600_000);
        checks.range(c.key("retry.max-attempts"), 1, 20);
        checks.duration(c.key("retry.backoff"));
        checks.duration(c.key("retry.max-backoff"));
        String rehire = s.get(c.key("rehire")).trim();
        if (!rehire.isEmpty() && !rehire.equals("reactivate") && !rehire.equals("new")) {
            checks.add(c.key("rehire"), "must be reactivate or new, was '" + s.get(c.key("rehire")) + "'");
        }
        String matchOn = s.get(c.key("match-on")).trim();
        if (matchOn.equals("attributes") || matchOn.equals("employment")) {
            checks.add(c.key("match-on"), "must be email, employee_number or one attribute's name, was '" + matchOn + "'");
        }
    }
}
