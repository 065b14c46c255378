package io.identitysync.run;

import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.store.Store;
import io.identitysync.store.runs.SyncRunRows;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;

/** What a run starting now reads: full, incremental (what changed since the last successful run) or targeted. */
final class RunKind {

    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");

    private RunKind() {
    }

    /**
     * Targeted when webhooks named people; incremental when asked for (its schedule, --once --incremental) where the
     * source can read changes and a successful run gives the time to read from; else full.
     */
    static String of(Exchange exchange, String connector, Collection<String> scope, Settings settings, Store store) {
        if (!scope.isEmpty()) {
            return SyncRunRows.TARGETED;
        }
        boolean asked = SyncRunRows.INCREMENTAL.equals(exchange.getProperty(RunProperties.RUN_KIND)) || settings.bool("sync.incremental");
        if (!asked) {
            return SyncRunRows.FULL;
        }
        Connectors.Connector c = Connectors.byId(settings, connector);
        if (!c.source().readsChanges(c, settings)) {
            LOG.info("{}: reads in full: {} with these resources cannot read only what changed", connector, c.source().name());
            return SyncRunRows.FULL;
        }
        if (SyncRunRows.lastSuccessStart(store, connector) == null) {
            LOG.info("{}: reads in full: no successful run yet to read the changes since", connector);
            return SyncRunRows.FULL;
        }
        return SyncRunRows.INCREMENTAL;
    }
}
