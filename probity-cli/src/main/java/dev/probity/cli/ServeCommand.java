package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.server.DemoData;
import dev.probity.server.ProbityServer;
import dev.probity.server.ServerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code probity serve}: the service, until it is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the Probity service: a deployed model's server sends each prediction (and later its label) over HTTP; "
            + "Probity keeps the fairness audit's statistics and the drift sketches per model and time window, and answers "
            + "audits, selection rates and drift over any span of windows from those statistics.",
            "",
            "By default it listens on 127.0.0.1 only, keeps its database (H2) in --data-dir, and on the first start of an empty "
            + "database loads the demo model (COMPAS screenings as logged predictions) and prints a first admin token, once. "
            + "--database-url moves it to PostgreSQL, --tls-keystore to HTTPS. Every route needs a token ('Authorization: Bearer …'); the API is described "
            + "at /openapi.json. Stop it with Ctrl-C or SIGTERM: requests in flight finish first."},
        footer = {"", "Examples:",
            "  probity serve",
            "  probity serve --port 9000 --data-dir /var/lib/probity --no-demo",
            "  PROBITY_TLS_PASSWORD=… probity serve --host 0.0.0.0 \\",
            "      --tls-keystore server.p12",
            "  PROBITY_DB_PASSWORD=… probity serve \\",
            "      --database-url jdbc:postgresql://db:5432/probity --database-user probity",
            "", "Exit status: 0 stopped, 2 bad setting (or the port or database is unavailable), 3 internal error."})
final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--host", paramLabel = "ADDRESS", description = "The address to listen on (default 127.0.0.1: this machine only; "
            + "0.0.0.0 for every interface, behind TLS).")
    String host = "127.0.0.1";
    @Option(names = "--port", paramLabel = "N", description = "The port (default 8080; 0 picks a free one and prints it).")
    int port = 8080;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the embedded database and the models' privacy budgets (budgets/) live (default probity-data).")
    Path dataDir = Path.of("probity-data");
    @Option(names = "--database-url", paramLabel = "JDBC", description = "An external PostgreSQL database instead, e.g. "
            + "jdbc:postgresql://host:5432/probity.")
    String databaseUrl;
    @Option(names = "--database-user", paramLabel = "NAME", description = "Its user.")
    String databaseUser;
    @Option(names = "--database-password-env", paramLabel = "VAR", description = "The environment variable holding its password "
            + "(default PROBITY_DB_PASSWORD); never given on the command line, where other users could see it.")
    String passwordEnv = "PROBITY_DB_PASSWORD";
    @Option(names = "--max-body", paramLabel = "BYTES", description = "The largest request body accepted (default 16777216); larger "
            + "ones are refused with 413.")
    long maxBody = 16L << 20;
    @Option(names = "--rate", paramLabel = "PER_SECOND", description = "Requests per second each token may make on average (default 50; "
            + "0: no limit); more are refused with 429 and a Retry-After.")
    double rate = 50;
    @Option(names = "--burst", paramLabel = "N", description = "Requests a token may make at once before the rate applies (default 200).")
    int burst = 200;
    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "Speak HTTPS only, with the certificate and key in this PKCS #12 "
            + "keystore (e.g. from keytool -genkeypair … -storetype PKCS12, or openssl pkcs12 -export).")
    Path tlsKeystore;
    @Option(names = "--tls-password-env", paramLabel = "VAR", description = "The environment variable holding the keystore's password "
            + "(default PROBITY_TLS_PASSWORD).")
    String tlsPasswordEnv = "PROBITY_TLS_PASSWORD";
    @Option(names = "--check-every", paramLabel = "DURATION", description = "How often the scheduled checks (drift, data quality, fairness "
            + "per window, accuracy estimated before labels) run and deliver alerts to webhooks: 30s, 5m, 1h (default 1m; 0: only when asked, "
            + "POST /api/v1/checks/run).")
    String checkEvery = "1m";
    @Option(names = "--ledger", paramLabel = "DIR", description = "The evidence log that holds the registry, approvals and checkpoints "
            + "(default DATA_DIR/ledger; made on first start). Commands can record to it too (probity train --ledger DIR) while "
            + "the service is idle: it opens the log per request.")
    Path ledger;
    @Option(names = "--no-demo", description = "Do not load the demo model into an empty database.")
    boolean noDemo;
    @Mixin
    QuietOption quiet = new QuietOption();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String password = databaseUrl == null ? null : System.getenv(passwordEnv);
        if (databaseUrl == null && (databaseUser != null)) {
            throw new InputException("--database-user is for an external database; give --database-url too");
        }
        ServerConfig config = ServerConfig.defaults(dataDir).withHost(host).withPort(port).withDatabase(databaseUrl, databaseUser, password)
                .withMaxBodyBytes(maxBody).withRateLimit(rate, burst);
        config = config.withChecksEvery(duration(checkEvery)).withLedger(ledger != null ? ledger : dataDir.resolve("ledger"));
        if (tlsKeystore != null) {
            config = config.withTls(tlsKeystore, System.getenv(tlsPasswordEnv));
        }
        ProbityServer server;
        try {
            server = ProbityServer.start(config, !noDemo);
        } catch (RuntimeException e) {
            throw explain(e, config);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                server.close();
            } finally {
                stopped.countDown();
            }
        }, "probity-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        String base = server.scheme() + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port();
        if (!quiet.quiet) {
            out.println("Probity service on " + base + "/ (API description: " + base + "/openapi.json)");
            out.println("Database: " + config.databaseShown() + " (" + server.databaseKind() + ", schema version " + server.schemaVersion() + ")");
            out.println("Evidence log: " + config.ledgerDir().toAbsolutePath().normalize());
            if (server.demoRows() > 0) {
                out.println("Demo: model " + DemoData.MODEL + " with " + server.demoRows() + " logged predictions (a logistic regression on "
                        + "COMPAS screenings, windows of a month), registered as " + DemoData.MODEL + "@1 and validated");
            }
        }
        server.firstAdminToken().ifPresent(t -> {
            // printed even with --quiet: it exists nowhere else
            out.println("First admin token (shown this once; the service keeps only its hash):");
            out.println("  " + t);
            out.println("Try: curl -H 'Authorization: Bearer " + t.substring(0, 8) + "…' " + base + "/api/v1/models");
        });
        if (!quiet.quiet) {
            out.println("Stop with Ctrl-C.");
        }
        out.flush();
        stopped.await();
        return ExitCode.OK;
    }

    static java.time.Duration duration(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})\\s*(s|m|h)?").matcher(s.strip());
        if (!m.matches()) {
            throw new InputException("--check-every is a number of seconds, minutes or hours: 30s, 5m, 1h, or 0; got '" + InputException.shown(s) + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? (n == 0 ? "s" : "") : m.group(2);
        return switch (unit) {
            case "s" -> java.time.Duration.ofSeconds(n);
            case "m" -> java.time.Duration.ofMinutes(n);
            case "h" -> java.time.Duration.ofHours(n);
            default -> throw new InputException("--check-every needs a unit: " + n + "s, " + n + "m or " + n + "h");
        };
    }

    private static RuntimeException explain(RuntimeException e, ServerConfig config) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof java.net.BindException) {
            return new InputException("cannot listen on " + config.host() + ":" + config.port() + ": " + root.getMessage()
                    + " (is another service on that port? --port 0 picks a free one)");
        }
        if (e instanceof InputException) {
            return e;
        }
        String m = String.valueOf(root.getMessage());
        if (m.contains("Database may be already in use") || m.contains("locked by another process") || m.contains("file is locked")) {
            return new InputException("the database in " + config.dataDir() + " is in use by another Probity service; stop it or give "
                    + "another --data-dir");
        }
        if (e.getClass().getName().startsWith("com.zaxxer.hikari") || root instanceof java.sql.SQLException
                || root instanceof java.net.ConnectException) {
            return new InputException("cannot open the database " + config.databaseShown() + ": " + m);
        }
        return e;
    }
}
