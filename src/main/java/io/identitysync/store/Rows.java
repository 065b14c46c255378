package io.identitysync.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/** Canonical JSON of stored rows: the one shape used by events, exports and the status command. */
public final class Rows {

    /** Map keys sorted on output, so that equal content always serialises, and hashes, the same. */
    public static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private Rows() {
    }

    /** Every column of the current row, {@code attributes} parsed back into an object, numbers kept as numbers. */
    public static ObjectNode toJson(ResultSet rs, String... skipColumns) throws SQLException {
        ObjectNode node = JSON.createObjectNode();
        ResultSetMetaData meta = rs.getMetaData();
        columns:
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            String column = meta.getColumnLabel(i);
            for (String skip : skipColumns) {
                if (skip.equals(column)) {
                    continue columns;
                }
            }
            Object value = rs.getObject(i);
            if (value == null) {
                node.putNull(column);
            } else if ("attributes".equals(column) || "payload".equals(column) || "record".equals(column) || "employment".equals(column)
                    || "on_leave_today".equals(column)) {
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
