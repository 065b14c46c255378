package io.identitysync.destinations.webhooks;

import io.identitysync.config.Settings;
import io.identitysync.destinations.outbox.OutboxCommand;
import io.identitysync.store.outbox.Outbox;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code webhooks list} and {@code webhooks replay …}: the webhook endpoints' side of the outbox. */
public final class WebhooksCommand {

    private WebhooksCommand() {
    }

    public static int run(String action, Map<String, String> options, Settings settings, PrintStream out, PrintStream err) {
        Map<String, Outbox.Target> targets = new LinkedHashMap<>();
        for (WebhookEndpoint e : WebhookEndpoint.all(settings)) {
            targets.put(e.id(), new Outbox.Target(e.id(), (connector, type) -> e.accepts(type)));
        }
        OutboxCommand.Kind kind = new OutboxCommand.Kind("webhooks", "endpoint", targets, WebhookEndpoint::withoutQuery, false,
                "webhooks.once-wait", store -> new WebhookDispatcher(store, settings));
        return OutboxCommand.run(kind, action, options, settings, out, err);
    }
}
