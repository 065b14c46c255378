package io.identitysync.run;

import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.TemplatedRouteDefinition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each enabled connector's routes, made from route templates: {@code <id>-schedule} (and {@code <id>-full-schedule}
 * when it reads incrementally), {@code <id>-quarantine-schedule} (its back-off while quarantined: {@link ConnectorQuarantine})
 * and {@code <id>-run}
 * (routes/run.camel.yaml), {@code <id>-resources} and {@code <id>-request} (its source's routes/&lt;type&gt;.camel.yaml).
 * Every key under the connector's prefix reaches the templates as a parameter named in camelCase
 * ({@code page-size} → {@code pageSize}, {@code api-version} → {@code apiVersion}), except secrets: a token is
 * read at request time and is never part of a route.
 */
public final class ConnectorRoutes extends RouteBuilder {

    private final Settings settings;
    private final List<Connectors.Connector> connectors;

    public ConnectorRoutes(Settings settings, List<Connectors.Connector> connectors) {
        this.settings = settings;
        this.connectors = connectors;
    }

    @Override
    public void configure() {
        for (Connectors.Connector c : connectors) {
            String type = c.source().id();
            Map<String, String> parameters = parameters(c);
            // A one-shot process runs each connector once and exits: no schedule, and no Quartz to start.
            if (!settings.bool("sync.once")) {
                boolean incremental = settings.has(c.key("full-schedule")) && c.source().readsChanges(c, settings);
                schedule(c, "schedule", c.id(), settings.get(c.key("schedule")), incremental ? "incremental" : "full");
                if (incremental) {
                    schedule(c, "full-schedule", c.id() + "-full", settings.get(c.key("full-schedule")), "full");
                }
                templatedRoute("connector-schedule").routeId(c.id() + "-quarantine-schedule").parameter("connector", c.id())
                        .parameter("job", c.id() + "-quarantine").parameter("cron", ConnectorQuarantine.schedule(settings, c.id()))
                        .parameter("kind", incremental ? "incremental" : "full").parameter("backoff", "true");
            }
            route(c, "connector-run", "run", parameters);
            route(c, type + "-resources", "resources", parameters);
            route(c, type + "-request", "request", parameters);
        }
    }

    /** The route {@code <id>-<part>} that fires the connector's runs of a kind on a cron. */
    private void schedule(Connectors.Connector c, String part, String job, String cron, String kind) {
        templatedRoute("connector-schedule").routeId(c.id() + "-" + part).parameter("connector", c.id()).parameter("job", job)
                .parameter("cron", cron).parameter("kind", kind).parameter("backoff", "false");
    }

    /** The connector's route {@code <id>-<part>}, from the template. */
    private void route(Connectors.Connector c, String template, String part, Map<String, String> parameters) {
        TemplatedRouteDefinition route = templatedRoute(template).routeId(c.id() + "-" + part);
        parameters.forEach(route::parameter);
    }

    /** connector, keyPrefix, and every non-secret key under the prefix, in camelCase. */
    Map<String, String> parameters(Connectors.Connector c) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("connector", c.id());
        parameters.put("keyPrefix", c.keyPrefix());
        settings.values().forEach((key, value) -> {
            if (key.startsWith(c.keyPrefix()) && !Settings.isSecret(key)) {
                parameters.put(camelCase(key.substring(c.keyPrefix().length())), settings.get(key));
            }
        });
        return parameters;
    }

    /** The template parameter a key under the prefix becomes: page-size → pageSize, retry.max-attempts → retryMaxAttempts. */
    public static String camelCase(String key) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char ch : key.toCharArray()) {
            if (ch == '-' || ch == '.' || ch == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(ch) : Character.toLowerCase(ch));
                upper = false;
            }
        }
        return out.toString();
    }
}
