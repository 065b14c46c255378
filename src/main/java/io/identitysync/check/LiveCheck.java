package io.identitysync.check;

import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.core.Secrets;
import io.identitysync.destinations.directories.DirectoryConfig;
import io.identitysync.run.OAuthTokens;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.secrets.OAuthGrants;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code check --live} finds: for every enabled source and directory it authenticates and reads one page of
 * each resource a run reads, and says per resource OK with a count, or FAILED with the status, the vendor's words
 * and the key to fix. It reads only; the one write is an OAuth connector's rotated refresh token (see
 * {@link FactorialAuth}). The command line (io.identitysync.cli) prints the findings.
 */
public final class LiveCheck {

    private static final Map<String, SourceProbe> SOURCE_PROBES = Map.of("teamtailor", new TeamtailorProbe());
    private static final Map<String, DirectoryProbe> DIRECTORY_PROBES = Map.of("jumpcloud", new JumpCloudProbe(), "scim", new ScimProbe(),
            DirectoryConfig.GOOGLE_WORKSPACE, new GoogleWorkspaceProbe(), DirectoryConfig.OKTA, new OktaProbe(),
            DirectoryConfig.ENTRA_ID, new EntraProbe());

    private LiveCheck() {
    }

    /** One finding per resource of every enabled source and directory, in that order, with every secret scrubbed from the details. */
    public static List<Finding> findings(Settings settings) {
        Secrets secrets = new Secrets(settings.secrets());
        List<Finding> findings = new ArrayList<>();
        try (LazyTokens tokens = new LazyTokens(settings)) {
            FactorialProbe factorial = new FactorialProbe(new FactorialAuth(tokens::get));
            for (Connectors.Connector c : Connectors.enabled(settings)) {
                LiveHttp http = new LiveHttp(Duration.ofMillis(settings.integer(c.key("connect-timeout-ms"))),
                        Duration.ofMillis(settings.integer(c.key("read-timeout-ms"))));
                SourceProbe probe = c.source().id().equals("factorial") ? factorial : SOURCE_PROBES.get(c.source().id());
                if (probe == null) {
                    findings.add(Finding.ok(c.id(), "-", "not checked: no live check for sources of type " + c.source().id()));
                } else {
                    findings.addAll(probe.check(c, settings, http));
                }
            }
            Duration timeout = settings.duration("directories.timeout");
            LiveHttp http = new LiveHttp(timeout, timeout);
            for (DirectoryConfig d : DirectoryConfig.all(settings)) {
                DirectoryProbe probe = DIRECTORY_PROBES.get(d.type());
                if (probe == null) {
                    findings.add(Finding.ok(d.label(), "-", "not checked: no live check for directories of type " + d.type()));
                } else {
                    findings.addAll(probe.check(d, settings, http));
                }
            }
        }
        return findings.stream().map(f -> new Finding(f.target(), f.item(), f.ok(), secrets.scrub(f.detail()), f.key())).toList();
    }

    /** The store's OAuth grants, opened at the first OAuth connector only: an API-key check never touches the store. */
    private static final class LazyTokens implements AutoCloseable {
        private final Settings settings;
        private Store store;
        private OAuthTokens tokens;

        LazyTokens(Settings settings) {
            this.settings = settings;
        }

        OAuthTokens get() {
            if (tokens == null) {
                try {
                    store = Store.open(settings).migrate();
                } catch (StoreException e) {
                    throw new io.identitysync.core.SourceException("store.url: " + e.getMessage()
                            + " (an OAuth connector's rotated refresh token is kept there)");
                }
                tokens = new OAuthTokens(settings, new OAuthGrants(store));
            }
            return tokens;
        }

        @Override
        public void close() {
            if (store != null) {
                store.close();
            }
        }
    }
}
