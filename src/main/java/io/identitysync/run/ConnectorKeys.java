package io.identitysync.run;

import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import org.apache.camel.Exchange;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.identitysync.run.RunProperties.BASE_URL;
import static io.identitysync.run.RunProperties.CONNECTOR;
import static io.identitysync.run.RunProperties.CONNECTOR_KEYS;
import static io.identitysync.run.RunProperties.CONNECT_TIMEOUT_MS;
import static io.identitysync.run.RunProperties.KEY_PREFIX;
import static io.identitysync.run.RunProperties.READ_TIMEOUT_MS;
import static io.identitysync.run.RunProperties.SOURCE;

/**
 * The first step of the shared {@code connector-run} route: the connector the exchange names (property
 * {@code connector}) becomes the properties its run reads. One {@code connector-run} route, and one
 * {@code <type>-resources} and {@code <type>-request} route per source, serve every connector; a connector's keys
 * reach them here, as exchange properties, rather than as the parameters of routes of its own: Camel checks the node
 * ids of each route it adds against every route it has, so five routes per connector made a start with 500
 * connectors take minutes (docs/benchmarks.md, "Many connectors on one node").
 * <p>
 * {@code connectorKeys} holds every key under the connector's prefix except secrets, named in camelCase
 * ({@code page-size} → {@code pageSize}, {@code api-version} → {@code apiVersion}); routes read them as
 * {@code ${exchangeProperty.connectorKeys[pageSize]}}. A token is never among them: routes read it at request time
 * with {@code ${properties:${exchangeProperty.keyPrefix}api-token}}.
 */
public final class ConnectorKeys {

    private final Settings settings;
    private final Map<String, Connectors.Connector> connectors = new LinkedHashMap<>();
    /** Each connector's keys, gathered at its first run: a start with many connectors gathers nothing. */
    private final Map<String, Map<String, String>> keys = new ConcurrentHashMap<>();

    public ConnectorKeys(Settings settings, List<Connectors.Connector> enabled) {
        this.settings = settings;
        enabled.forEach(c -> connectors.put(c.id(), c));
    }

    /** Sets source, keyPrefix, baseUrl, the timeouts and connectorKeys from the connector named by property connector. */
    public void apply(Exchange exchange) {
        String id = exchange.getProperty(CONNECTOR, String.class);
        Connectors.Connector c = id == null ? null : connectors.get(id);
        if (c == null) {
            throw new IllegalArgumentException("a run needs an enabled connector (exchange property connector), got '" + id + "'");
        }
        Map<String, String> own = keys.computeIfAbsent(id, k -> gather(c));
        exchange.setProperty(SOURCE, c.source().id());
        exchange.setProperty(KEY_PREFIX, c.keyPrefix());
        exchange.setProperty(BASE_URL, own.get("baseUrl"));
        // The defaults the connector-run template gave these when a key was absent.
        exchange.setProperty(CONNECT_TIMEOUT_MS, own.getOrDefault("connectTimeoutMs", "10000"));
        exchange.setProperty(READ_TIMEOUT_MS, own.getOrDefault("readTimeoutMs", "60000"));
        exchange.setProperty(CONNECTOR_KEYS, own);
    }

    /** connector, keyPrefix, and every non-secret key under the prefix, in camelCase. */
    Map<String, String> gather(Connectors.Connector c) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("connector", c.id());
        out.put("keyPrefix", c.keyPrefix());
        settings.under(c.keyPrefix()).forEach((key, value) -> {
            if (!Settings.isSecret(key)) {
                out.put(camelCase(key.substring(c.keyPrefix().length())), settings.get(key));
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** The name a key under the prefix has in connectorKeys: page-size → pageSize, retry.max-attempts → retryMaxAttempts. */
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
