package io.identitysync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Statements whose parameters are all text, as staging and the commit write them: bound in list order so that none
 * is numbered by hand, batched, or numbered ({@link NumberedSql}) where one value is used in several places.
 */
public final class Statements {

    private Statements() {
    }

    /** Sets the statement's parameters from {@code values}, in order. */
    public static PreparedStatement bind(PreparedStatement ps, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setString(i + 1, values.get(i));
        }
        return ps;
    }

    /** One statement for each row of parameters, as one batch; nothing when there are no rows. */
    public static void batch(Connection c, String sql, List<List<String>> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (List<String> row : rows) {
                bind(ps, row).addBatch();
            }
            ps.executeBatch();
        }
    }

    /** A statement whose parameters may be numbered ({@link NumberedSql}), with {@code values} (?1 first) bound. */
    public static PreparedStatement prepare(Connection c, String sql, List<String> values) throws SQLException {
        NumberedSql numbered = NumberedSql.of(sql);
        PreparedStatement ps = c.prepareStatement(numbered.sql());
        try {
            return bind(ps, numbered.values(values));
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }
}
