package io.identitysync.api;

import io.identitysync.config.Checks;
import io.identitysync.config.Settings;

/** The management.api-* keys: off by default; when on, the management server and two long, different tokens. */
public final class ApiChecks {

    /** The shortest token taken: 24 characters (about 143 bits from a random base64 string). */
    static final int MIN_TOKEN = 24;
    public static final String CONSOLE_KEY = "management.console-enabled";

    private ApiChecks() {
    }

    public static void check(Checks checks) {
        Settings s = checks.settings();
        checks.bool("management.api-enabled");
        checks.bool(CONSOLE_KEY);
        if (s.bool(CONSOLE_KEY) && !s.bool("management.api-enabled")) {
            checks.add(CONSOLE_KEY, "needs management.api-enabled=true: the console signs in with the API's tokens and acts through the API");
        }
        if (!s.bool("management.api-enabled")) {
            return;
        }
        if (!s.bool("management.enabled")) {
            checks.add("management.enabled", "must be true for management.api-enabled=true: the API is served on the management port");
        }
        String read = s.get(ApiTokens.READ_KEY).trim();
        String admin = s.get(ApiTokens.ADMIN_KEY).trim();
        if (read.isEmpty()) {
            checks.add(ApiTokens.READ_KEY, "required when management.api-enabled=true (the read-only token, at least " + MIN_TOKEN + " characters)");
        } else if (read.length() < MIN_TOKEN) {
            checks.add(ApiTokens.READ_KEY, "must be at least " + MIN_TOKEN + " characters, was " + read.length());
        }
        if (!admin.isEmpty() && admin.length() < MIN_TOKEN) {
            checks.add(ApiTokens.ADMIN_KEY, "must be at least " + MIN_TOKEN + " characters, was " + admin.length());
        }
        if (!read.isEmpty() && read.equals(admin)) {
            checks.add(ApiTokens.ADMIN_KEY, "must differ from " + ApiTokens.READ_KEY + ": a read-only token must not be able to act");
        }
    }
}
