package dev.probity.server;

import dev.probity.core.InputException;

import java.nio.file.Path;

/**
 * How the service runs. Every setting has a safe default: loopback only, an embedded database in the data folder,
 * bodies up to 16 MiB, 50 requests per second per token with bursts of 200.
 *
 * @param host          the address to listen on (127.0.0.1: this machine only)
 * @param port          the port (0: any free port, reported by {@link ProbityServer#port()})
 * @param dataDir       where the embedded database lives
 * @param jdbcUrl       an external database (a PostgreSQL JDBC URL); null: the embedded H2 database in {@code dataDir}
 * @param dbUser        the external database's user, or null
 * @param dbPassword    its password, or null (read from the environment by the command line, never logged)
 * @param maxBodyBytes  the largest request body accepted; larger ones get 413
 * @param ratePerSecond requests per second each token may make on average; more get 429 (0: no limit)
 * @param burst         how many requests a token may make at once before the rate applies
 * @param tlsKeystore   a PKCS #12 keystore with the server's certificate and key: the service then speaks HTTPS only;
 *                      null: plain HTTP (for loopback, or behind a TLS-terminating proxy)
 * @param tlsPassword   the keystore's password (read from the environment by the command line, never logged)
 * @param checkEvery    how often the scheduled checks run (null or zero: only when asked, POST /api/v1/checks/run)
 * @param ledgerDir     the evidence log (registry, approvals, checkpoints), created when absent; null: none (the
 *                      ledger, registry and explanation routes are then not served)
 */
public record ServerConfig(String host, int port, Path dataDir, String jdbcUrl, String dbUser, String dbPassword,
                           long maxBodyBytes, double ratePerSecond, int burst, Path tlsKeystore, String tlsPassword,
                           java.time.Duration checkEvery, Path ledgerDir) {
    public ServerConfig {
        if (host == null || host.isBlank()) {
            throw new InputException("the service needs an address to listen on");
        }
        if (port < 0 || port > 65535) {
            throw new InputException("a port is between 0 and 65535; got " + port);
        }
        if (jdbcUrl == null && dataDir == null) {
            throw new InputException("the embedded database needs a data folder ({{data-dir}})");
        }
        if (maxBodyBytes < 1024) {
            throw new InputException("the body limit must be at least 1024 bytes; got " + maxBodyBytes);
        }
        if (ratePerSecond < 0 || burst < 1) {
            throw new InputException("the rate limit needs a rate ≥ 0 and a burst ≥ 1; got " + ratePerSecond + " and " + burst);
        }
        if (tlsKeystore != null && !java.nio.file.Files.isReadable(tlsKeystore)) {
            throw new InputException("the TLS keystore " + tlsKeystore + " does not exist or cannot be read");
        }
    }

    /** The defaults: 127.0.0.1:8080, embedded database in {@code dataDir}. */
    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig("127.0.0.1", 8080, dataDir, null, null, null, 16L << 20, 50, 200, null, null, java.time.Duration.ofMinutes(1),
                dataDir.resolve("ledger"));
    }

    /** The defaults with an external database (a PostgreSQL JDBC URL) instead of the embedded one. */
    public static ServerConfig external(String jdbcUrl, String user, String password) {
        return new ServerConfig("127.0.0.1", 8080, null, jdbcUrl, user, password, 16L << 20, 50, 200, null, null, java.time.Duration.ofMinutes(1), null);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(host, p, dataDir, jdbcUrl, dbUser, dbPassword, maxBodyBytes, ratePerSecond, burst, tlsKeystore, tlsPassword, checkEvery, ledgerDir);
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(h, port, dataDir, jdbcUrl, dbUser, dbPassword, maxBodyBytes, ratePerSecond, burst, tlsKeystore, tlsPassword, checkEvery, ledgerDir);
    }

    public ServerConfig withDatabase(String url, String user, String password) {
        return new ServerConfig(host, port, dataDir, url, user, password, maxBodyBytes, ratePerSecond, burst, tlsKeystore, tlsPassword, checkEvery, ledgerDir);
    }

    public ServerConfig withMaxBodyBytes(long b) {
        return new ServerConfig(host, port, dataDir, jdbcUrl, dbUser, dbPassword, b, ratePerSecond, burst, tlsKeystore, tlsPassword, checkEvery, ledgerDir);
    }

    public ServerConfig withRateLimit(double perSecond, int burstSize) {
        return new ServerConfig(host, port, dataDir, jdbcUrl, dbUser, dbPassword, maxBodyBytes, perSecond, burstSize, tlsKeystore, tlsPassword, checkEvery, ledgerDir);
    }

    /** The same with HTTPS from a PKCS #12 keystore. */
    public ServerConfig withTls(Path keystore, String password) {
        return new ServerConfig(host, port, dataDir, jdbcUrl, dbUser, dbPassword, maxBodyBytes, ratePerSecond, burst, keystore, password, checkEvery, ledgerDir);
    }

    /** The same with the scheduled checks every {@code every} (null or zero: only when asked). */
    public ServerConfig withChecksEvery(java.time.Duration every) {
        return new ServerConfig(host, port, dataDir, jdbcUrl, dbUser, dbPassword, maxBodyBytes, ratePerSecond, burst, tlsKeystore, tlsPassword, every, ledgerDir);
    }

    /** The same with the evidence log in {@code dir} (null: none). */
    public ServerConfig withLedger(Path dir) {
        return new ServerConfig(host, port, dataDir, jdbcUrl, dbUser, dbPassword, maxBodyBytes, ratePerSecond, burst, tlsKeystore, tlsPassword, checkEvery, dir);
    }

    /** The database's URL as shown to people: the embedded one's path, or the external URL without its password. */
    public String databaseShown() {
        if (jdbcUrl == null) {
            return "embedded H2 in " + dataDir.toAbsolutePath().normalize();
        }
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public String toString() {
        // never the password
        return "ServerConfig[host=" + host + ", port=" + port + ", database=" + databaseShown() + ", maxBodyBytes=" + maxBodyBytes
                + ", ratePerSecond=" + ratePerSecond + ", burst=" + burst + ", tls=" + (tlsKeystore == null ? "off" : tlsKeystore) + "]";
    }
}
