package io.identitysync.store;

import java.util.ArrayList;
import java.util.List;

/**
 * A JSON object built in SQL, as text with the bytes Jackson ({@link Rows#JSON}) writes for the same values: for the
 * event bodies a commit writes set-based, which must not differ from the ones written one at a time. SQLite's
 * json_object already writes them so. PostgreSQL's json_build_object puts blanks around its colons and commas, so
 * there the object is concatenated: to_json escapes a string as Jackson does (control characters in lower-case
 * hexadecimal escapes, see {@link Rows#JSON}), and a column holding JSON goes in as stored, since everything that stores one
 * writes it with Jackson.
 */
public final class SqlJson {

    private final Dialect dialect;
    private final List<String> members = new ArrayList<>();

    public SqlJson(Dialect dialect) {
        this.dialect = dialect;
    }

    /** A member whose value is an SQL expression of text (or null). */
    public SqlJson text(String key, String sql) {
        members.add(dialect == Dialect.SQLITE ? "'" + key + "', " + sql : "'\"" + key + "\":' || coalesce(to_json(" + sql + ")::text, 'null')");
        return this;
    }

    /** A member whose value is a column holding JSON text (or null), embedded as JSON, not as a string. */
    public SqlJson json(String key, String sql) {
        members.add(dialect == Dialect.SQLITE ? "'" + key + "', json(" + sql + ")" : "'\"" + key + "\":' || coalesce(" + sql + ", 'null')");
        return this;
    }

    /** The expression: JSON text. */
    public String sql() {
        return dialect == Dialect.SQLITE ? "json_object(" + String.join(", ", members) + ")"
                : "('{' || " + String.join(" || ',' || ", members) + " || '}')";
    }
}
