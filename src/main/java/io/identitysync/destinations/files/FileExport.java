package io.identitysync.destinations.files;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.observe.IdentityMetrics;
import io.identitysync.run.RunProperties;
import io.identitysync.store.Dialect;
import io.identitysync.store.Rows;
import io.identitysync.store.Staging;
import io.identitysync.store.Store;
import io.identitysync.store.StoreException;
import io.identitysync.store.SyncRunRows;
import io.identitysync.store.UserRows;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The export folder of a successful run: the connector's full current state as NDJSON and CSV, what was skipped,
 * and a manifest with checksums. Written into a hidden folder and renamed, so a reader sees all of it or nothing.
 */
public final class FileExport {

    private static final Logger LOG = LoggerFactory.getLogger("identity-sync");
    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** The contract's eight columns, then the ones added since (at the end, so positional readers keep working). */
    private static final String[] CSV_COLUMNS = {"external_id", "username", "email", "given_name", "family_name", "display_name", "title", "status",
        "employee_number", "manager_username"};

    private final Store store;
    private final Path root;
    private final int keep;
    private final IdentityMetrics metrics;
    private final boolean sqlJson;

    public FileExport(Store store, String dir, int keep, IdentityMetrics metrics) {
        this(store, dir, keep, metrics, store.dialect() == Dialect.SQLITE);
    }

    /** @param sqlJson whether the store writes each line's JSON itself (SQLite), or Java does from the columns */
    FileExport(Store store, String dir, int keep, IdentityMetrics metrics, boolean sqlJson) {
        this.store = store;
        this.root = Path.of(dir);
        this.keep = keep;
        this.metrics = metrics;
        this.sqlJson = sqlJson;
    }

    /** Route entry: exports when the run succeeded, and only then. */
    public void export(Exchange exchange) throws IOException {
        if ("succeeded".equals(exchange.getProperty(RunProperties.RUN_STATUS))) {
            export(exchange.getProperty(RunProperties.CONNECTOR, String.class), exchange.getProperty(RunProperties.RUN_ID, String.class));
        }
    }

    /** The folder a run's files went to, or null when it has none (the run failed, or its export did). */
    public Path folderOf(String connector, String runId) throws IOException {
        Path dir = root.resolve(connector);
        if (!Files.isDirectory(dir)) {
            return null;
        }
        String name = FOLDER.format(Instant.parse(SyncRunRows.json(store, runId).get("started_at").asText()));
        try (var folders = Files.list(dir)) {
            for (Path folder : folders.filter(p -> p.getFileName().toString().startsWith(name)).toList()) {
                Path manifest = folder.resolve("manifest.json");
                if (Files.exists(manifest) && runId.equals(Rows.JSON.readTree(manifest.toFile()).at("/run/id").asText())) {
                    return folder;
                }
            }
        }
        return null;
    }

    public Path export(String connector, String runId) throws IOException {
        try (Connection c = store.connect()) {
            // One read transaction: every file shows the same state even if another run commits meanwhile.
            c.setAutoCommit(false);
            ObjectNode run = SyncRunRows.json(c, runId);
            String name = FOLDER.format(Instant.parse(run.get("started_at").asText()));
            Path dir = root.resolve(connector);
            Files.createDirectories(dir);
            Path tmp = Files.createDirectory(dir.resolve("." + name + "." + runId + ".tmp"));
            Map<String, String> sha = new LinkedHashMap<>();
            Map<String, Integer> counts = new LinkedHashMap<>();
            String csvSha;
            try (Writer csv = new Writer(tmp.resolve("users.csv"))) {
                // users.csv in the same pass: one read (and sort) of the users for both files.
                csv.write(String.join(",", CSV_COLUMNS) + "\r\n");
                counts.put("users", ndjson(c, tmp, sha, "users.ndjson", UserRows.SELECT + " WHERE u.connector = ? AND u.deleted_at IS NULL "
                        + "ORDER BY " + idOrder("u.external_id"), connector, csv));
                csv.out.flush();
                csvSha = csv.hex();
            }
            counts.put("groups", ndjson(c, tmp, sha, "groups.ndjson", "SELECT * FROM groups WHERE connector = ? AND deleted_at IS NULL ORDER BY " + idOrder("external_id"), connector, null));
            counts.put("memberships", ndjson(c, tmp, sha, "memberships.ndjson", "SELECT * FROM memberships WHERE connector = ? AND deleted_at IS NULL "
                    + "ORDER BY group_external_id, user_external_id, relation", connector, null));
            counts.put("employments", ndjson(c, tmp, sha, "employments.ndjson", "SELECT * FROM employments WHERE connector = ? AND deleted_at IS NULL "
                    + "ORDER BY " + idOrder("user_external_id") + ", effective_on, " + idOrder("external_id"), connector, null));
            counts.put("leaves", ndjson(c, tmp, sha, "leaves.ndjson", "SELECT * FROM leaves WHERE connector = ? AND deleted_at IS NULL ORDER BY "
                    + idOrder("external_id"), connector, null));
            counts.put("leave_types", ndjson(c, tmp, sha, "leave_types.ndjson", "SELECT * FROM leave_types WHERE connector = ? "
                    + "AND deleted_at IS NULL ORDER BY " + idOrder("external_id"), connector, null));
            counts.put("leave_policies", ndjson(c, tmp, sha, "leave_policies.ndjson", "SELECT * FROM leave_policies WHERE connector = ? "
                    + "AND deleted_at IS NULL ORDER BY " + idOrder("external_id"), connector, null));
            if (Staging.read(c, runId, Staging.COMPENSATIONS)) {
                // Sensitive: only where the connector reads them (its resources name compensations).
                counts.put("compensations", ndjson(c, tmp, sha, "compensations.ndjson", "SELECT * FROM compensations WHERE connector = ? "
                        + "AND deleted_at IS NULL ORDER BY " + idOrder("external_id"), connector, null));
            }
            sha.put("users.csv", csvSha);
            counts.put("skipped", ndjson(c, tmp, sha, "skipped.ndjson", "SELECT kind, external_id, reason, record FROM stage_skipped WHERE run_id = ? ORDER BY rowid", runId, null));
            c.commit();
            ObjectNode manifest = Rows.JSON.createObjectNode();
            manifest.put("connector", connector);
            manifest.set("run", run);
            manifest.set("counts", Rows.JSON.valueToTree(counts));
            manifest.set("sha256", Rows.JSON.valueToTree(sha));
            Files.writeString(tmp.resolve("manifest.json"), Rows.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest), StandardCharsets.UTF_8);
            // Two runs started within one second (back-to-back --once runs): the later one gets -1, -2…, after the
            // highest there is, even when files.keep removed the first ones.
            Path target = ExportFolders.next(dir, name);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            name = target.getFileName().toString();
            Path latestTmp = dir.resolve(".latest.tmp");
            Files.writeString(latestTmp, name + "\n", StandardCharsets.UTF_8);
            Files.move(latestTmp, dir.resolve("latest"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            int removed = ExportFolders.prune(dir, keep);
            metrics.pruned("export_folders", removed);
            LOG.info("{}: files written to {}{}", connector, target, removed > 0 ? " (" + removed + " older folders removed, files.keep=" + keep + ")" : "");
            return target;
        } catch (SQLException e) {
            throw new StoreException("store.url: cannot read the state to export: " + e.getMessage(), e);
        }
    }

    /** Numeric ids in number order, then the rest in text order: the order usernames are given in. */
    private String idOrder(String column) {
        return store.dialect().idOrder(column);
    }

    /** @param csv where each row also goes as a users.csv line, or null */
    private int ndjson(Connection c, Path dir, Map<String, String> sha, String file, String sql, String param, Writer csv)
            throws SQLException, IOException {
        int lines = 0;
        String query = sqlJson ? "SELECT " + jsonLine(c, sql) + (csv == null ? "" : ", q." + String.join(", q.", CSV_COLUMNS))
                + " FROM (" + sql + ") q" : sql;
        try (PreparedStatement ps = c.prepareStatement(query); Writer w = new Writer(dir.resolve(file))) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                Rows.Reader rows = sqlJson ? null : new Rows.Reader(rs, "content_hash");
                while (rs.next()) {
                    ObjectNode row = sqlJson ? null : rows.read(rs);
                    w.out.write(sqlJson ? rs.getBytes(1) : Rows.write(row).getBytes(StandardCharsets.UTF_8));
                    w.out.write('\n');
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
            w.out.flush();
            sha.put(file, w.hex());
        }
        return lines;
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

    /** A buffered file writer that computes the file's SHA-256 as it writes; text goes out as UTF-8. */
    private static final class Writer implements AutoCloseable {
        final MessageDigest digest;
        final BufferedOutputStream out;

        Writer(Path file) throws IOException {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            out = new BufferedOutputStream(new DigestOutputStream(Files.newOutputStream(file), digest), 1 << 16);
        }

        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }

        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
