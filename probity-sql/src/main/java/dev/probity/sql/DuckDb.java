package dev.probity.sql;

import dev.probity.core.Internal;
import dev.probity.core.Parallel;
import dev.probity.core.ProbityException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded DuckDB engine: connections with Probity's settings (our thread count, no progress bar, no extension
 * downloads), and
 * quoting helpers so that user-supplied names and paths never become SQL syntax.
 */
@Internal("use SqlAudit")
public final class DuckDb {
    private DuckDb() {
    }

    /** A new in-memory DuckDB database using {@code threads} threads (0 = Probity's default). */
    public static Connection open(int threads) {
        return open(threads, false);
    }

    /**
     * As {@link #open(int)}; with {@code streamResults} a query's rows are fetched as they are read instead of all at
     * once, so a result larger than memory can be read in chunks.
     */
    public static Connection open(int threads, boolean streamResults) {
        try {
            java.util.Properties props = new java.util.Properties();
            if (streamResults) {
                props.setProperty("jdbc_stream_results", "true");
            }
            Connection c = DriverManager.getConnection("jdbc:duckdb:", props);
            try (Statement s = c.createStatement()) {
                s.execute("SET threads = " + (threads > 0 ? threads : Parallel.defaultThreads()));
                s.execute("SET enable_progress_bar = false");
                // Never fetch code at run time: DuckDB would otherwise download a missing extension from
                // extensions.duckdb.org when a query needs one. Parquet and JSON are built into the JDBC driver.
                s.execute("SET autoinstall_known_extensions = false");
            }
            return c;
        } catch (SQLException e) {
            throw new ProbityException("cannot start the embedded DuckDB engine: " + e.getMessage(), e);
        }
    }

    /** {@code "name"} with inner double quotes doubled. */
    public static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code 'text'} with inner single quotes doubled. */
    public static String literal(String text) {
        return '\'' + text.replace("'", "''") + '\'';
    }
}
