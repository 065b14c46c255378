package io.identitysync.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/** Canonical JSON of stored rows: the one shape used by events, exports and the status command. */
public final class Rows {

    /**
     * Map keys sorted on output, so that equal content always serialises, and hashes, the same; control characters
     * escaped as SQLite's JSON functions escape them, so set-based event bodies and export lines, which SQLite writes,
     * are the bytes Jackson writes elsewhere.
     */
    public static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    static {
        JSON.getFactory().setCharacterEscapes(new SqliteEscapes());
    }

    /** {@code \u001f}, not Jackson's {@code \u001F}: the only way SQLite's json_object and Jackson's output differed. */
    private static final class SqliteEscapes extends CharacterEscapes {
        private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

        SqliteEscapes() {
            for (int c = 0; c < 32; c++) {
                if (ascii[c] == ESCAPE_STANDARD) {
                    ascii[c] = ESCAPE_CUSTOM;
                }
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            // Asked for every character beyond ASCII too: those stay as they are (null), as SQLite leaves them.
            return ch < 32 ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }

    private Rows() {
    }

    /** Every column of the current row, {@code attributes} parsed back into an object, numbers kept as numbers. */
    public static ObjectNode toJson(ResultSet rs, String... skipColumns) throws SQLException {
        return new Reader(rs, skipColumns).read(rs);
    }

    /**
     * Reads rows of one result set as {@link #toJson} does, its column labels looked up once: for the export's
     * hundreds of thousands of rows, where asking the driver for every label of every row cost a third of the time.
     */
    public static final class Reader {
        private final String[] labels;
        private final boolean[] json;

        public Reader(ResultSet rs, String... skipColumns) throws SQLException {
            ResultSetMetaData meta = rs.getMetaData();
            labels = new String[meta.getColumnCount()];
            json = new boolean[labels.length];
            for (int i = 0; i < labels.length; i++) {
                String column = meta.getColumnLabel(i + 1);
                labels[i] = List.of(skipColumns).contains(column) ? null : column;
                json[i] = JSON_COLUMNS.contains(column);
            }
        }

        public ObjectNode read(ResultSet rs) throws SQLException {
            ObjectNode node = JSON.createObjectNode();
            for (int i = 0; i < labels.length; i++) {
                String column = labels[i];
                if (column == null) {
                    continue;
                }
                Object value = rs.getObject(i + 1);
                if (value == null) {
                    node.putNull(column);
                } else if (json[i]) {
                    node.set(column, parse(value.toString()));
                } else if (value instanceof Integer || value instanceof Long) {
                    node.put(column, ((Number) value).longValue());
                } else if (value instanceof Number n) {
                    node.put(column, n.doubleValue());
                } else {
                    node.put(column, value.toString());
                }
            }
            return node;
        }
    }

    /** Whether a column holds JSON text, given back as JSON (not as a string). */
    public static boolean isJsonColumn(String column) {
        return JSON_COLUMNS.contains(column);
    }

    private static final Set<String> JSON_COLUMNS = Set.of("attributes", "payload", "record", "employment", "on_leave_today");

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not readable", e);
        }
    }

    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be written as JSON", e);
        }
    }
}
