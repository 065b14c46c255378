package io.identitysync.store.identities;

import io.identitysync.store.Dialect;

/**
 * A stored user as events and exports show them: the row, and their manager resolved to the manager's username and
 * email (null when the manager is not, or no longer, a user of the connector: reported at the commit, never guessed).
 */
public final class UserRows {

    /** The users (u) with their managers (m). */
    public static final String FROM = "users u LEFT JOIN users m ON m.connector = u.connector AND m.external_id = u.manager_external_id "
            + "AND m.deleted_at IS NULL";

    /** Every column but content_hash, in table order, then manager_username and manager_email. */
    public static final String SELECT = "SELECT u.connector, u.external_id, u.username, u.email, u.given_name, u.family_name, u.display_name, "
            + "u.title, u.status, u.manager_external_id, u.attributes, u.first_seen_at, u.updated_at, u.deleted_at, u.employee_number, "
            + "u.employment, u.on_leave_today, m.username AS manager_username, m.email AS manager_email FROM " + FROM;

    /** The same user as JSON text, key for key: for events written set-based. */
    public static String jsonObject(Dialect d) {
        return d.jsonObject("'connector', u.connector, 'external_id', u.external_id, 'username', u.username, "
                + "'email', u.email, 'given_name', u.given_name, 'family_name', u.family_name, 'display_name', u.display_name, "
                + "'title', u.title, 'status', u.status, 'manager_external_id', u.manager_external_id, 'attributes', " + d.json("u.attributes") + ", "
                + "'first_seen_at', u.first_seen_at, 'updated_at', u.updated_at, 'deleted_at', u.deleted_at, "
                + "'employee_number', u.employee_number, 'employment', " + d.json("u.employment") + ", 'on_leave_today', "
                + d.json("u.on_leave_today") + ", 'manager_username', m.username, 'manager_email', m.email");
    }

    private UserRows() {
    }
}
