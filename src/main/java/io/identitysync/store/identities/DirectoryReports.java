package io.identitysync.store.identities;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.identitysync.store.Rows;
import io.identitysync.store.Store;

import java.util.ArrayList;
import java.util.List;

/**
 * The directory_reports table: what each {@code directories plan} and {@code directories reconcile} found, from the
 * command line or the API, so that the console shows a directory's latest plan and drift without reading the
 * directory again. The newest {@link #KEPT} per directory and action are kept.
 */
public final class DirectoryReports {

    static final int KEPT = 20;
    /** The per-person lines kept of one report: the summary always, the lines up to this many characters. */
    static final int MAX_LINES_CHARS = 65_536;

    /** One plan or reconcile: its summary line, its per-person lines, whether anything drifted, whether it was applied. */
    public record Report(String directory, String action, String at, String summary, List<String> lines, boolean drift, boolean applied,
                         String askedBy) {

        public ObjectNode json() {
            ObjectNode out = Rows.JSON.createObjectNode().put("action", action).put("at", at).put("summary", summary).put("drift", drift)
                    .put("applied", applied).put("asked_by", askedBy);
            ArrayNode l = out.putArray("lines");
            lines.forEach(l::add);
            return out;
        }
    }

    private final Store store;

    public DirectoryReports(Store store) {
        this.store = store;
    }

    public void record(Report r) {
        StringBuilder text = new StringBuilder();
        for (String line : r.lines()) {
            if (text.length() + line.length() + 1 > MAX_LINES_CHARS) {
                text.append("… (").append(r.lines().size()).append(" lines in all; the command prints every one)\n");
                break;
            }
            text.append(line).append('\n');
        }
        store.write("directory_reports", "INSERT INTO directory_reports (directory, action, at, summary, lines, drift, applied, asked_by) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", List.of(r.directory(), r.action(), r.at(), r.summary(), text.toString(), r.drift() ? 1 : 0,
                r.applied() ? 1 : 0, r.askedBy()));
        store.write("directory_reports", "DELETE FROM directory_reports WHERE directory = ? AND action = ? AND id NOT IN (SELECT id FROM "
                + "directory_reports WHERE directory = ? AND action = ? ORDER BY id DESC LIMIT " + KEPT + ")",
                List.of(r.directory(), r.action(), r.directory(), r.action()));
    }

    /** The newest report of a directory for an action (plan or reconcile), or null when it never ran. */
    public Report latest(String directory, String action) {
        List<Report> out = new ArrayList<>();
        store.read("directory_reports", "SELECT * FROM directory_reports WHERE directory = ? AND action = ? ORDER BY id DESC LIMIT 1",
                List.of(directory, action), rs -> out.add(new Report(rs.getString("directory"), rs.getString("action"), rs.getString("at"),
                        rs.getString("summary"), rs.getString("lines").lines().toList(), rs.getInt("drift") == 1, rs.getInt("applied") == 1,
                        rs.getString("asked_by"))));
        return out.isEmpty() ? null : out.get(0);
    }
}
