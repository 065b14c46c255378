package io.identitysync.destinations.files;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;
import io.identitysync.store.identities.UserRows;
import io.identitysync.store.staging.Staging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The data files of one export: users.ndjson with users.csv, an NDJSON file for each other kind of row, and
 * skipped.ndjson, each counted and hashed for the manifest. On SQLite the store writes each line's JSON itself, and
 * a second connection writes the memberships and employments while the first writes the users.
 */
final class ExportFiles {

    /** The contract's eight columns, then the ones added since (at the end, so positional readers keep working). */
    static final String[] CSV_COLUMNS = {"external_id", "username", "email", "given_name", "family_name", "display_name", "title", "status",
        "employee_number", "manager_username"};
    /** Written by the second connection: the biggest files after users.ndjson (a third of a large export). */
    private static final Set<String> BESIDE = Set.of("memberships.ndjson", "employments.ndjson");

    /** One NDJSON file: the count it gives the manifest, and the query of its lines (with one parameter). */
    private record Part(String count, String file, String sql, String param) {
    }

    /** What writing one file gave. */
    private record Written(int lines, String sha) {
    }

    /** The manifest's counts and sha256 entries (by name: the manifest lists them so). */
    record Result(Map<String, Integer> counts, Map<String, String> sha) {
    }

    private final Store store;
    private final boolean sqlJson;
    private final Path dir;
    private final HashedFiles files;

    /** @param sqlJson whether the store writes each line's JSON itself (SQLite), or Java does from the columns */
    ExportFiles(Store store, boolean sqlJson, Path dir, HashedFiles files) {
        this.store = store;
        this.sqlJson = sqlJson;
        this.dir = dir;
        this.files = files;
    }

    /**
     * Writes every file from {@code c}, whose transaction has begun (its first query is done). A SQLite transaction
     * starts with the write lock (the store's transactions are IMMEDIATE), so no commit can come between c's reads and
     * those of a second connection opened now: both read the same state, and the files agree with each other.
     */
    Result write(Connection c, String connector, String runId) throws SQLException, IOException {
        List<Part> parts = new ArrayList<>(List.of(
                new Part("groups", "groups.ndjson", "SELECT * FROM groups WHERE connector = ? AND deleted_at IS NULL ORDER BY " + idOrder("external_id"), connector),
                new Part("memberships", "memberships.ndjson", "SELECT * FROM memberships WHERE connector = ? AND deleted_at IS NULL "
                        + "ORDER BY group_external_id, user_external_id, relation", connector),
                new Part("employments", "employments.ndjson", "SELECT * FROM employments WHERE connector = ? AND deleted_at IS NULL "
                        + "ORDER BY " + idOrder("user_external_id") + ", effective_on, " + idOrder("external_id"), connector),
                new Part("leaves", "leaves.ndjson", "SELECT * FROM leaves WHERE connector = ? AND deleted_at IS NULL ORDER BY " + idOrder("external_id"), connector),
                new Part("leave_types", "leave_types.ndjson", "SELECT * FROM leave_types WHERE connector = ? AND deleted_at IS NULL ORDER BY "
                        + idOrder("external_id"), connector),
                new Part("leave_policies", "leave_policies.ndjson", "SELECT * FROM leave_policies WHERE connector = ? AND deleted_at IS NULL ORDER BY "
                        + idOrder("external_id"), connector)));
        if (Staging.read(c, runId, Staging.COMPENSATIONS)) {
            // Sensitive: only where the connector reads them (its resources name compensations).
            parts.add(new Part("compensations", "compensations.ndjson", "SELECT * FROM compensations WHERE connector = ? AND deleted_at IS NULL "
                    + "ORDER BY " + idOrder("external_id"), connector));
        }
        Part skipped = new Part("skipped", "skipped.ndjson", "SELECT kind, external_id, reason, record FROM stage_skipped WHERE run_id = ? ORDER BY rowid", runId);

        Map<String, Written> written = new ConcurrentHashMap<>();
        FutureTask<Void> beside = null;
        if (sqlJson) {
            List<Part> theirs = parts.stream().filter(p -> BESIDE.contains(p.file())).toList();
            beside = new FutureTask<>(() -> {
                try (Connection second = store.connect()) {
                    for (Part p : theirs) {
                        written.put(p.file(), ndjson(second, p, null));
                    }
                }
                return null;
            });
            Thread thread = new Thread(beside, "export-" + connector);
            thread.setDaemon(true);
            thread.start();
        }
        try {
            Part users = new Part("users", "users.ndjson", UserRows.SELECT + " WHERE u.connector = ? AND u.deleted_at IS NULL ORDER BY "
                    + idOrder("u.external_id"), connector);
            try (HashedFiles.Output csv = files.create(dir.resolve("users.csv"))) {
                // users.csv in the same pass: one read (and sort) of the users for both files.
                csv.write(String.join(",", CSV_COLUMNS) + "\r\n");
                Written ndjson = ndjson(c, users, csv);
                written.put(users.file(), ndjson);
                written.put("users.csv", new Written(ndjson.lines(), csv.hex()));
            }
            for (Part p : parts) {
                if (beside == null || !BESIDE.contains(p.file())) {
                    written.put(p.file(), ndjson(c, p, null));
                }
            }
            written.put(skipped.file(), ndjson(c, skipped, null));
            if (beside != null) {
                await(beside);
            }
            Map<String, Integer> counts = new TreeMap<>();
            for (Part p : parts) {
                counts.put(p.count(), written.get(p.file()).lines());
            }
            counts.put(users.count(), written.get(users.file()).lines());
            counts.put(skipped.count(), written.get(skipped.file()).lines());
            Map<String, String> sha = new TreeMap<>();
            written.forEach((file, w) -> sha.put(file, w.sha()));
            return new Result(counts, sha);
        } finally {
            if (beside != null && !beside.isDone()) {
                // This side failed: the unfinished folder stays hidden until a later export removes it (ExportFolders);
                // the second connection is done with it before the failure goes up.
                try {
                    beside.get();
                } catch (InterruptedException | ExecutionException ignored) {
                    // The failure already thrown says what went wrong.
                }
            }
        }
    }

    private static void await(FutureTask<Void> beside) throws SQLException, IOException {
        try {
            beside.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while exporting", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Numeric ids in number order, then the rest in text order: the order usernames are given in. */
    private String idOrder(String column) {
        return store.dialect().idOrder(column);
    }

    /** @param csv where each row also goes as a users.csv line, or null */
    private Written ndjson(Connection c, Part part, HashedFiles.Output csv) throws SQLException, IOException {
        int lines = 0;
        String query = sqlJson ? "SELECT " + jsonLine(c, part.sql()) + (csv == null ? "" : ", q." + String.join(", q.", CSV_COLUMNS))
                + " FROM (" + part.sql() + ") q" : part.sql();
        try (PreparedStatement ps = c.prepareStatement(query); HashedFiles.Output w = files.create(dir.resolve(part.file()))) {
            ps.setString(1, part.param());
            try (ResultSet rs = ps.executeQuery()) {
                Rows.Reader rows = sqlJson ? null : new Rows.Reader(rs, "content_hash");
                while (rs.next()) {
                    ObjectNode row = sqlJson ? null : rows.read(rs);
                    w.write(sqlJson ? rs.getBytes(1) : Rows.write(row).getBytes(StandardCharsets.UTF_8));
                    w.write('\n');
                    if (csv != null) {
                        for (int i = 0; i < CSV_COLUMNS.length; i++) {
                            String value = sqlJson ? rs.getString(i + 2) : row.get(CSV_COLUMNS[i]).isNull() ? null : row.get(CSV_COLUMNS[i]).asText();
                            csv.write((i > 0 ? "," : "") + csvField(value));
                        }
                        csv.write("\r\n");
                    }
                    lines++;
                }
            }
            return new Written(lines, w.hex());
        }
    }

    /**
     * The line {@link Rows.Reader} would write for a row of {@code sql}, as one SQLite json_object over its columns
     * (the byte-for-byte equality the set-based event bodies rely on): the JSON is made in the store's C code, and
     * Java copies one byte string per row instead of reading, parsing and writing each column.
     */
    private static String jsonLine(Connection c, String sql) throws SQLException {
        StringBuilder pairs = new StringBuilder();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ResultSetMetaData meta = ps.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String column = meta.getColumnLabel(i);
                if (column.equals("content_hash")) {
                    continue;
                }
                String value = "q.\"" + column + "\"";
                pairs.append(pairs.length() == 0 ? "" : ", ").append('\'').append(column).append("', ")
                        .append(Rows.isJsonColumn(column) ? "json(" + value + ")" : value);
            }
        }
        return "json_object(" + pairs + ")";
    }

    /** RFC 4180 quoting; a leading =, +, - or @ is prefixed so spreadsheet programs do not run it as a formula. */
    static String csvField(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || !v.equals(value)) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
