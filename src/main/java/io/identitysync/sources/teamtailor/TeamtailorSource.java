package io.identitysync.sources.teamtailor;

import io.identitysync.config.Checks;
import io.identitysync.config.Connectors;
import io.identitysync.config.Source;

/** Teamtailor (ATS, JSON:API): routes/teamtailor.camel.yaml, defaults in sources/teamtailor.properties. */
public final class TeamtailorSource extends Source {

    /** The API's cap on {@code page[size]}. */
    static final int MAX_PAGE_SIZE = 30;

    public TeamtailorSource() {
        super("teamtailor", "Teamtailor");
    }

    @Override
    public void check(Connectors.Connector connector, Checks checks) {
        checks.range(connector.key("page-size"), 1, MAX_PAGE_SIZE);
        String version = checks.settings().get(connector.key("api-version"));
        if (!version.matches("\\d{8}")) {
            checks.add(connector.key("api-version"), "must be a date such as 20240404, was '" + version + "'");
        }
    }
}
