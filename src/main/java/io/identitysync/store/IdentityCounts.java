package io.identitysync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** How many users and groups the store holds, by connector and status: for the status command and metrics. */
public final class IdentityCounts {

    private IdentityCounts() {
    }

    /**
     * "users|&lt;connector&gt;|active|disabled|deleted", "groups|&lt;connector&gt;|present|deleted" and, of present groups,
     * "kinds|&lt;connector&gt;|&lt;kind&gt;" → count.
     */
    public static Map<String, Long> byStatus(Store store) {
        Map<String, Long> out = new HashMap<>();
        try (Connection c = store.connect()) {
            read(c, "SELECT 'users|' || connector || '|' || CASE WHEN deleted_at IS NOT NULL THEN 'deleted' ELSE status END, count(*) "
                    + "FROM users GROUP BY 1", out);
            read(c, "SELECT 'groups|' || connector || '|' || CASE WHEN deleted_at IS NOT NULL THEN 'deleted' ELSE 'present' END, count(*) "
                    + "FROM groups GROUP BY 1", out);
            read(c, "SELECT 'kinds|' || connector || '|' || kind, count(*) FROM groups WHERE deleted_at IS NULL GROUP BY 1", out);
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot count users and groups: " + e.getMessage(), e);
        }
        return out;
    }

    private static void read(Connection c, String sql, Map<String, Long> out) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
    }
}
