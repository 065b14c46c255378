package io.identitysync.store.identities;

import io.identitysync.store.Store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** How many users and groups the store holds, by connector and status: for the status command and metrics. */
public final class IdentityCounts {

    private IdentityCounts() {
    }

    /**
     * "users|&lt;connector&gt;|active|pending|disabled|deleted", "groups|&lt;connector&gt;|present|deleted" and, of present groups,
     * "kinds|&lt;connector&gt;|&lt;kind&gt;" → count.
     */
    public static Map<String, Long> byStatus(Store store) {
        Map<String, Long> out = new HashMap<>();
        for (String sql : List.of(
                "SELECT 'users|' || connector || '|' || CASE WHEN deleted_at IS NOT NULL THEN 'deleted' ELSE status END, count(*) FROM users GROUP BY 1",
                "SELECT 'groups|' || connector || '|' || CASE WHEN deleted_at IS NOT NULL THEN 'deleted' ELSE 'present' END, count(*) FROM groups GROUP BY 1",
                "SELECT 'kinds|' || connector || '|' || kind, count(*) FROM groups WHERE deleted_at IS NULL GROUP BY 1")) {
            store.read("users and groups", sql, List.of(), rs -> out.put(rs.getString(1), rs.getLong(2)));
        }
        return out;
    }
}
