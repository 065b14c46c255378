package io.identitysync.sources.teamtailor;

import io.identitysync.config.Checks;
import io.identitysync.config.Connectors;
import io.identitysync.config.Source;

import java.util.List;

/** Teamtailor (ATS, JSON:API): routes/teamtailor.camel.yaml, defaults in sources/teamtailor.properties; {@code page[size]} is capped at 30. */
public final class TeamtailorSource extends Source {

    public TeamtailorSource() {
        super("teamtailor", "Teamtailor", 30);
    }

    @Override
    public void check(Connectors.Connector connector, Checks checks) {
        String version = checks.settings().get(connector.key("api-version"));
        if (!version.matches("\\d{8}")) {
            checks.add(connector.key("api-version"), "must be a date such as 20240404, was '" + version + "'");
        }
        String emailField = checks.settings().get(connector.key("email-field"));
        List<String> fields = TeamtailorMapping.emailFields(emailField);
        if (fields.isEmpty() || !TeamtailorMapping.EMAIL_FIELDS.containsAll(fields) || fields.stream().distinct().count() != fields.size()) {
            checks.add(connector.key("email-field"), "must name email, login-email or both in the order to try them "
                    + "(default email,login-email), was '" + emailField + "'");
        }
    }
}
