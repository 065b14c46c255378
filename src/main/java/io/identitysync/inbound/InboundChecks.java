package io.identitysync.inbound;

import io.identitysync.config.Checks;
import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;

/**
 * webhooks-in.*: the listener's address (a port of its own, not the management one) and limits, a challenge for at least
 * one connector when it is on, and each Factorial company-id.
 */
public final class InboundChecks {

    private InboundChecks() {
    }

    public static void check(Checks checks) {
        Settings s = checks.settings();
        // Checked even with the listener off: webhooks-in subscribe reads it.
        for (Connectors.Connector c : Connectors.declared(s)) {
            String problem = c.source().id().equals("factorial") ? Subscriptions.companyIdProblem(s, c) : null;
            if (problem != null) {
                checks.add(c.key("company-id"), problem);
            }
        }
        checks.bool("webhooks-in.enabled");
        if (!s.bool("webhooks-in.enabled")) {
            return;
        }
        checks.range("webhooks-in.port", 0, 65535);
        checks.range("webhooks-in.max-bytes", 1024, 16 * 1024 * 1024);
        checks.duration("webhooks-in.poll-interval");
        if (s.get("webhooks-in.host").isEmpty()) {
            checks.add("webhooks-in.host", "must name the address to listen on, e.g. 0.0.0.0");
        }
        // Camel would serve both from one server, and so health and metrics where the sources reach the webhooks.
        if (s.bool("management.enabled") && s.get("management.port").trim().equals(s.get("webhooks-in.port").trim())) {
            checks.add("webhooks-in.port", "must differ from management.port: the webhooks are public, health and metrics are not");
        }
        boolean any = Connectors.enabled(s).stream().anyMatch(c -> s.has(c.key("webhooks-in.challenge")));
        if (!any) {
            checks.add("webhooks-in.enabled", "no enabled connector takes webhooks: set <prefix>webhooks-in.challenge (e.g. "
                    + "factorial.webhooks-in.challenge) to the challenge of its subscriptions");
        }
    }
}
