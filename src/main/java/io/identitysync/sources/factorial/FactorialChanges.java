package io.identitysync.sources.factorial;

import com.fasterxml.jackson.databind.JsonNode;
import io.identitysync.config.Settings;
import io.identitysync.model.MappedPage;
import io.identitysync.run.RunProperties;
import io.identitysync.store.Store;
import io.identitysync.store.runs.SyncRunRows;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An incremental run's first reads: the employees and contract versions Factorial says changed since the
 * connector's last successful run started (updated_at_gteq, less incremental-overlap: clocks differ, and a change
 * made while that run read may have missed it). Their people are the run's scope, read by id like a targeted run's;
 * when nobody changed, the run reads nothing more.
 */
public final class FactorialChanges {

    /** More changed people than this are read with the whole list (an id filter of a hundred is already a long URL); only theirs are applied. */
    static final int MAX_FILTERED = 100;

    /** Before the change reads: their filter, and an empty set of changed people. */
    public void since(Exchange exchange, @ExchangeProperty(RunProperties.INCREMENTAL_OVERLAP) String overlap) {
        String connector = exchange.getProperty(RunProperties.CONNECTOR, String.class);
        Instant from = Instant.parse(SyncRunRows.lastSuccessStart(store(exchange), connector)).minus(Settings.parseDuration(overlap))
                .truncatedTo(ChronoUnit.SECONDS);
        exchange.setProperty(RunProperties.FILTER, "&updated_at_gteq=" + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8));
        exchange.setProperty(RunProperties.CHANGED, new TreeSet<String>());
        exchange.setProperty(RunProperties.CHANGED_SINCE, from.toString());
    }

    /** Mapping of employees?updated_at_gteq: who changed; nothing is staged from it. */
    public MappedPage changed_employees(JsonNode records, @ExchangeProperty(RunProperties.CHANGED) Set<String> changed) {
        records.forEach(e -> changed.add(e.path("id").asText()));
        return new MappedPage();
    }

    /** Mapping of contract_versions?updated_at_gteq: whose employment changed (their employee may not have). */
    public MappedPage changed_contract_versions(JsonNode records, @ExchangeProperty(RunProperties.CHANGED) Set<String> changed) {
        records.forEach(v -> changed.add(v.path("employee_id").asText()));
        return new MappedPage();
    }

    /** After the change reads: the run's people, or nothing more to read. */
    public void scope(Exchange exchange, @ExchangeProperty(RunProperties.CHANGED) Set<String> changed) {
        exchange.setProperty(RunProperties.FILTER, "");
        String connector = exchange.getProperty(RunProperties.CONNECTOR, String.class);
        SyncRunRows.scope(store(exchange), exchange.getProperty(RunProperties.RUN_ID, String.class), changed);
        if (changed.isEmpty()) {
            exchange.setProperty(RunProperties.NOTHING_CHANGED, true);
        } else if (changed.size() <= MAX_FILTERED) {
            exchange.setProperty(RunProperties.SCOPE, List.copyOf(changed));
        }
        LoggerFactory.getLogger("identity-sync").info("{}: {} people changed since {}{}", connector, changed.size(), exchange.getProperty(RunProperties.CHANGED_SINCE),
                changed.isEmpty() ? ": nothing more to read" : changed.size() <= MAX_FILTERED ? ": reading them" : ": reading everyone, applying theirs");
    }

    private static Store store(Exchange exchange) {
        return exchange.getContext().getRegistry().lookupByNameAndType("store", Store.class);
    }
}
