package io.identitysync.sources.factorial;

import io.identitysync.config.Checks;
import io.identitysync.config.Connectors;
import io.identitysync.config.Settings;
import io.identitysync.config.Source;
import org.quartz.CronExpression;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** Factorial (HRIS): routes/factorial.camel.yaml, defaults in sources/factorial.properties; {@code limit} is capped at 100. */
public final class FactorialSource extends Source {

    /** What {@code <prefix>resources} may name; the route reads them in this order, whatever the list's. */
    static final List<String> RESOURCES = List.of("employments", "compensations", "leaves", "custom_fields", "employees", "teams", "locations");
    private static final List<String> TARGETABLE = List.of("employees", "teams", "locations", "employments");
    private static final Pattern ATTRIBUTE = Pattern.compile("[a-z][a-z0-9_]*");

    public FactorialSource() {
        super("factorial", "Factorial", 100);
    }

    @Override
    public boolean offersOAuth() {
        return true;
    }

    /** Employees and contract versions filter by person; teams, locations and the job catalog are read whole. */
    @Override
    public boolean targetable(Connectors.Connector connector, Settings settings) {
        return Arrays.stream(settings.get(connector.key("resources")).split(",")).map(String::trim).filter(r -> !r.isEmpty())
                .allMatch(TARGETABLE::contains) && connector.customAttributes(settings).isEmpty();
    }

    /** Employees and contract versions filter by updated_at_gteq; the rest must be readable by person. */
    @Override
    public boolean readsChanges(Connectors.Connector connector, Settings settings) {
        return targetable(connector, settings);
    }

    @Override
    public void check(Connectors.Connector connector, Checks checks) {
        checkIncremental(connector, checks);
        checkEmailField(connector, checks);
        String key = connector.key("resources");
        List<String> named = Arrays.stream(checks.settings().get(key).split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList();
        for (String r : named) {
            if (!RESOURCES.contains(r)) {
                checks.add(key, "'" + r + "' is not a Factorial resource this build reads (one of " + String.join(", ", RESOURCES) + ")");
                return;
            }
        }
        if (!named.contains("employees")) {
            checks.add(key, "must include employees: every other resource is about them");
        } else if (named.contains("compensations") && !named.contains("employments")) {
            checks.add(key, "compensations need employments too: Factorial keeps pay on the contract versions");
        }
        for (String[] mapping : connector.customAttributes(checks.settings()).values()) {
            String name = mapping[0].substring(connector.key(Connectors.ATTRIBUTES).length());
            if (!ATTRIBUTE.matcher(name).matches()) {
                checks.add(mapping[0], "an attribute name is lower-case letters, digits and '_', starting with a letter");
            } else if (!mapping[1].startsWith("custom:") || mapping[1].substring("custom:".length()).isBlank()) {
                checks.add(mapping[0], "must be custom:<the field's label, slug or id>, was '" + mapping[1] + "'");
            } else if (!named.contains("custom_fields")) {
                checks.add(mapping[0], "maps a custom field, so " + key + " must include custom_fields");
            }
        }
    }

    /** <prefix>email-field: which employee field is the address; a wrong name would leave everyone without one. */
    private static void checkEmailField(Connectors.Connector connector, Checks checks) {
        String key = connector.key("email-field");
        String value = checks.settings().has(key) ? checks.settings().get(key) : FactorialMapping.DEFAULT_EMAIL_FIELD;
        try {
            FactorialMapping.emailFields(value);
        } catch (IllegalArgumentException e) {
            checks.add(key, "'" + value + "' " + e.getMessage() + ": must be email, login_email, or both in the order to try them"
                    + " (email,login_email)");
        }
    }

    private void checkIncremental(Connectors.Connector connector, Checks checks) {
        Settings s = checks.settings();
        String key = connector.key("full-schedule");
        checks.duration(connector.key("incremental-overlap"));
        if (!s.has(key)) {
            return;
        }
        if (!CronExpression.isValidExpression(s.get(key))) {
            checks.add(key, "'" + s.get(key) + "' is not a Quartz cron expression (e.g. 0 0 2 * * ? for 02:00 every night)");
        } else if (!targetable(connector, s)) {
            checks.add(key, "incremental reads need resources that can be read by person (" + String.join(", ", TARGETABLE)
                    + ") and no custom attributes; " + connector.key("resources") + " is " + s.get(connector.key("resources")));
        }
    }
}
