package io.identitysync.console;

import java.time.Instant;

/**
 * One signed-in browser. The token stays on the server: the cookie carries only the session id, and the CSRF token
 * travels in each form.
 */
record Session(String id, String token, String role, String csrf, Instant expires) {

    boolean admin() {
        return role.equals("admin");
    }
}
