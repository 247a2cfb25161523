package dev.probity.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.probity.server.ServerConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The service's database: a connection pool, the schema migrated on start (Flyway, versioned scripts under
 * {@code db/migration}), and JDBI over it. The embedded default is H2 in its PostgreSQL mode, in a file under the data
 * folder, so that one dialect serves both; a JDBC URL moves the service to PostgreSQL.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final String kind;
    private final MigrateResult migration;

    private Database(HikariDataSource pool, String kind, MigrateResult migration) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
        this.kind = kind;
        this.migration = migration;
    }

    /** Opens the configured database and migrates its schema to the newest version. */
    public static Database open(ServerConfig config) {
        HikariConfig h = new HikariConfig();
        String kind;
        if (config.jdbcUrl() == null) {
            Path dir = config.dataDir().toAbsolutePath().normalize();
            try {
                Files.createDirectories(dir);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new dev.probity.core.InputException("the data folder " + dir + " is a file; give a folder ({{data-dir}})");
            } catch (java.io.IOException e) {
                throw new dev.probity.core.InputException("cannot create the data folder " + dir + ": " + e.getMessage());
            }
            // PostgreSQL mode: one dialect for both databases; the file is locked against a second service on it. WRITE_DELAY=0:
            // a commit reaches the file before it returns (H2 otherwise writes up to 500 ms later, and a kill -9 loses
            // batches already acknowledged: CrashTest saw 6 of 30 lost)
            h.setJdbcUrl("jdbc:h2:file:" + dir.resolve("probity") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0");
            h.setUsername("probity");
            h.setPassword("");
            kind = "h2";
        } else {
            if (!config.jdbcUrl().startsWith("jdbc:postgresql:") && !config.jdbcUrl().startsWith("jdbc:h2:")) {
                throw new dev.probity.core.InputException("the database URL must be a PostgreSQL (jdbc:postgresql:…) or H2 JDBC URL; got "
                        + config.databaseShown());
            }
            h.setJdbcUrl(config.jdbcUrl());
            if (config.dbUser() != null) {
                h.setUsername(config.dbUser());
            }
            if (config.dbPassword() != null) {
                h.setPassword(config.dbPassword());
            }
            kind = config.jdbcUrl().startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
        }
        h.setMaximumPoolSize(8);
        h.setPoolName("probity");
        h.setAutoCommit(true);
        // a client whose request needs the database waits at most this long before a 503 when it is away
        h.setConnectionTimeout(5_000);
        HikariDataSource pool = new HikariDataSource(h);
        try {
            MigrateResult m = Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
            return new Database(pool, kind, m);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** "h2" or "postgresql". */
    public String kind() {
        return kind;
    }

    /** The schema version after start-up migration. */
    public String schemaVersion() {
        return migration.targetSchemaVersion != null ? migration.targetSchemaVersion : migration.initialSchemaVersion;
    }

    @Override
    public void close() {
        pool.close();
    }
}
