package io.identitysync.store;

import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Rows written to a PostgreSQL table with {@code COPY … FROM STDIN} (PgJDBC's CopyManager), in the caller's
 * transaction: one statement for thousands of rows, where a batch of INSERTs still costs the server a parse, plan and
 * executor start per row. Rows gather in memory up to {@link #FLUSH_BYTES} and go as one COPY each time, so the
 * connection is free between flushes (a caller may be reading a cursor on it). PostgreSQL only.
 */
public final class CopyRows implements AutoCloseable {

    /** About a thousand events: memory stays small, and each COPY is still large enough to pay for itself. */
    static final int FLUSH_BYTES = 1 << 20;

    private final PGConnection connection;
    private final String sql;
    private final int columns;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(FLUSH_BYTES + (FLUSH_BYTES >> 2));
    private long written;

    public CopyRows(Connection c, String table, List<String> columns) throws SQLException {
        this.connection = c.unwrap(PGConnection.class);
        this.sql = "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN";
        this.columns = columns.size();
    }

    /** One row, its values in the order of the columns; null is SQL NULL. */
    public void add(Object... values) throws SQLException {
        if (values.length != columns) {
            throw new IllegalArgumentException(values.length + " values for " + columns + " columns: " + sql);
        }
        StringBuilder line = new StringBuilder(256);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append('\t');
            }
            text(line, values[i]);
        }
        line.append('\n');
        buffer.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
        written++;
        if (buffer.size() >= FLUSH_BYTES) {
            flush();
        }
    }

    /** Sends what has gathered as one COPY. */
    public void flush() throws SQLException {
        if (buffer.size() == 0) {
            return;
        }
        try {
            connection.getCopyAPI().copyIn(sql, new ByteArrayInputStream(buffer.toByteArray()));
        } catch (IOException e) {
            throw new SQLException("COPY into the store failed: " + e.getMessage(), e);
        }
        buffer.reset();
    }

    /** Rows added so far (flushed or not). */
    public long written() {
        return written;
    }

    /** Flushes what is left. */
    @Override
    public void close() throws SQLException {
        flush();
    }

    /**
     * A value in COPY's text format: backslash, tab, newline and carriage return escaped, {@code \N} for NULL. Other
     * characters, UTF-8 included, go as they are (the connection's client encoding is UTF-8).
     */
    static void text(StringBuilder out, Object value) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        String s = value.toString();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }
}
