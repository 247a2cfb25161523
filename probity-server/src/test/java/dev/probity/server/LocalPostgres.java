package dev.probity.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests: the one named by PROBITY_TEST_POSTGRES_URL, or else a throwaway cluster
 * started from Debian's binaries ({@code /usr/lib/postgresql/N/bin}, package {@code postgresql}) in a temporary folder
 * on a free port, run as the {@code postgres} user when the tests run as root (PostgreSQL refuses to run as root).
 * Null when neither is there.
 */
final class LocalPostgres implements AutoCloseable {
    final String url;
    private final Path dir;
    private final Path bin;
    private final boolean asPostgres;

    private int port;

    private LocalPostgres(String url, Path dir, Path bin, boolean asPostgres) {
        this.url = url;
        this.dir = dir;
        this.bin = bin;
        this.asPostgres = asPostgres;
    }

    static LocalPostgres startOrNull() throws Exception {
        String given = System.getenv("PROBITY_TEST_POSTGRES_URL");
        if (given != null && !given.isBlank()) {
            return new LocalPostgres(given, null, null, false);
        }
        Path bin = findBin();
        if (bin == null) {
            return null;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("probity-pg");
        if (root) {
            run(List.of("chown", "postgres", dir.toString()), false);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("data");
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "probity", "--no-sync", "-E", "UTF8"), root);
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-l", dir.resolve("log").toString(), "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start"), root);
        LocalPostgres pg = new LocalPostgres("jdbc:postgresql://127.0.0.1:" + port + "/probity?user=probity", dir, bin, root);
        pg.port = port;
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=probity")) {
            c.createStatement().execute("create database probity");
        }
        return pg;
    }

    private static Path findBin() throws IOException {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            return null;
        }
        try (Stream<Path> s = Files.list(base)) {
            return s.map(p -> p.resolve("bin")).filter(p -> Files.isExecutable(p.resolve("initdb")))
                    .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getFileName().toString().replaceAll("\\D", "0")))).orElse(null);
        }
    }

    private static void run(List<String> cmd, boolean asPostgres) throws Exception {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(cmd);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", full) + " failed:\n" + out);
        }
    }

    /** Whether this server was started here (and so can be stopped and started again by a test). */
    boolean ours() {
        return dir != null;
    }

    /** Stops the server (fast shutdown: connections are cut), as a database going away. */
    void stop() throws Exception {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"), asPostgres);
    }

    /** Starts it again on the same port and data. */
    void start() throws Exception {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-l", dir.resolve("log").toString(), "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start"), asPostgres);
    }

    @Override
    public void close() throws Exception {
        if (dir == null) {
            return;
        }
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"), asPostgres);
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
