package io.identitysync.store.commit;

import io.identitysync.store.Statements;
import io.identitysync.store.StoreException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Pages through a query by keyset: its parameters are ?1 the connector, ?2 the run, then the last key seen (one
 * column, or a row value, so each chunk is an index range, not a scan). The tables it reads are written meanwhile,
 * so no cursor is held open across writes, and memory stays bounded by one chunk.
 */
final class Chunks implements Iterator<List<Map<String, String>>> {

    private final RunTransaction tx;
    private final String sql;
    private final String[] keyColumns;
    private final String[] after;
    private List<Map<String, String>> next;

    Chunks(RunTransaction tx, String sql, String... keyColumns) {
        this.tx = tx;
        this.sql = sql;
        this.keyColumns = keyColumns;
        this.after = new String[keyColumns.length];
        Arrays.fill(after, "");
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = read();
        }
        return !next.isEmpty();
    }

    @Override
    public List<Map<String, String>> next() {
        hasNext();
        List<Map<String, String>> out = next;
        if (!out.isEmpty()) {
            Map<String, String> last = out.get(out.size() - 1);
            for (int i = 0; i < keyColumns.length; i++) {
                after[i] = last.get(keyColumns[i]);
            }
        }
        next = null;
        return out;
    }

    private List<Map<String, String>> read() {
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> params = new ArrayList<>(List.of(tx.connector, tx.runId));
        params.addAll(List.of(after));
        try (PreparedStatement ps = Statements.prepare(tx.c, sql, params)) {
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                int columns = meta.getColumnCount();
                String[] labels = new String[columns + 1];
                for (int i = 1; i <= columns; i++) {
                    labels[i] = meta.getColumnLabel(i);
                }
                while (rs.next()) {
                    Map<String, String> row = new HashMap<>(columns * 2);
                    for (int i = 1; i <= columns; i++) {
                        row.put(labels[i], rs.getString(i));
                    }
                    rows.add(row);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("store.url: reading run " + tx.runId + " failed: " + e.getMessage(), e);
        }
        return rows;
    }
}
