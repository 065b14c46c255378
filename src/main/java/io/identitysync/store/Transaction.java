package io.identitysync.store;

import java.sql.Connection;
import java.sql.SQLException;

/** One transaction on a connection in auto-commit mode: all of the work or none of it, and auto-commit back after. */
public final class Transaction {

    /** Work on the connection that may fail with the store's exceptions. */
    public interface Work<T> {
        T run() throws SQLException;
    }

    private Transaction() {
    }

    public static <T> T run(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            // Rolled back before auto-commit is restored: restoring it would commit what the work had done so far.
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
