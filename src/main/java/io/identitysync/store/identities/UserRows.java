package io.identitysync.store.identities;

import io.identitysync.store.Dialect;
import io.identitysync.store.Rows;
import io.identitysync.store.SqlJson;

import java.util.List;

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

    /** The same user as JSON text, key for key, as Jackson writes it: for events written set-based. */
    public static String jsonObject(Dialect d) {
        SqlJson user = new SqlJson(d);
        for (String column : List.of("connector", "external_id", "username", "email", "given_name", "family_name", "display_name", "title", "status",
                "manager_external_id", "attributes", "first_seen_at", "updated_at", "deleted_at", "employee_number", "employment", "on_leave_today")) {
            if (Rows.isJsonColumn(column)) {
                user.json(column, "u." + column);
            } else {
                user.text(column, "u." + column);
            }
        }
        return user.text("manager_username", "m.username").text("manager_email", "m.email").sql();
    }

    private UserRows() {
    }
}
