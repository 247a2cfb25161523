package dev.probity.server;

import dev.probity.server.api.Api;
import dev.probity.server.api.ApiError;
import dev.probity.server.api.Route;
import dev.probity.server.auth.RateLimiter;
import dev.probity.server.auth.Role;
import dev.probity.server.store.AccessLog;
import dev.probity.server.store.Database;
import dev.probity.server.store.Ingestion;
import dev.probity.server.store.ModelStore;
import dev.probity.server.store.Statistics;
import dev.probity.server.store.TokenStore;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The Probity service: {@code ProbityServer.start(config)} opens (and migrates) the database, creates a first admin
 * token when there is none, and serves the API; {@link #close} stops taking requests, lets those in flight finish and
 * closes the database.
 *
 * <pre>{@code
 * try (ProbityServer s = ProbityServer.start(ServerConfig.defaults(Path.of("probity-data")).withPort(0), true)) {
 *     String admin = s.firstAdminToken().orElseThrow();   // shown once
 *     // POST http://127.0.0.1:{s.port()}/api/v1/models/compas-demo/predictions …
 * }
 * }</pre>
 */
public final class ProbityServer implements AutoCloseable {
    private final Database db;
    private final Javalin app;
    private final String firstAdminToken;
    private final int demoRows;
    private final Api api;
    private final JvmGcMetrics gc;
    private final boolean tls;
    private final Checks checks;

    private ProbityServer(Database db, Javalin app, String firstAdminToken, int demoRows, Api api, JvmGcMetrics gc, boolean tls, Checks checks) {
        this.tls = tls;
        this.checks = checks;
        this.db = db;
        this.app = app;
        this.firstAdminToken = firstAdminToken;
        this.demoRows = demoRows;
        this.api = api;
        this.gc = gc;
    }

    /** Starts the service; with {@code demo}, an empty database first gets the bundled demo model and its predictions. */
    public static ProbityServer start(ServerConfig config, boolean demo) {
        Database db = Database.open(config);
        try {
            TokenStore tokens = new TokenStore(db.jdbi());
            ModelStore models = new ModelStore(db.jdbi());
            Ingestion ingestion = new Ingestion(db.jdbi());
            String first = tokens.any() ? null : tokens.create("first-admin", Role.ADMIN);
            dev.probity.server.evidence.EvidenceStore evidence = config.ledgerDir() == null ? null
                    : dev.probity.server.evidence.EvidenceStore.open(config.ledgerDir());
            int demoRows = demo && first != null ? DemoData.load(models, ingestion, evidence) : 0;
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(metrics);
            new JvmThreadMetrics().bindTo(metrics);
            JvmGcMetrics gc = new JvmGcMetrics();
            gc.bindTo(metrics);
            Statistics statistics = new Statistics(db.jdbi());
            dev.probity.server.store.Alerts alerts = new dev.probity.server.store.Alerts(db.jdbi());
            Checks checks = new Checks(models, statistics, alerts, config.checkEvery());
            AccessLog accessLog = new AccessLog(db.jdbi());
            Api api = new Api(tokens, models, ingestion, statistics, accessLog,
                    new RateLimiter(config.ratePerSecond(), config.burst()), config.maxBodyBytes(), metrics, alerts, checks, evidence,
                    new dev.probity.server.store.Budgets(config.dataDir()), new dev.probity.server.jobs.Jobs(Runtime.getRuntime().availableProcessors(), 16));
            Javalin app = Javalin.create(c -> {
                c.startup.showJavalinBanner = false;
                c.startup.showOldJavalinVersionWarning = false;
                c.jetty.host = config.host();
                c.jetty.port = config.port();
                c.http.maxRequestSize = config.maxBodyBytes();
                if (config.tlsKeystore() != null) {
                    // HTTPS only: with a connector of its own, Javalin opens no plain one
                    c.jetty.addConnector((server, http) -> {
                        http.addCustomizer(new org.eclipse.jetty.server.SecureRequestCustomizer(false));
                        org.eclipse.jetty.util.ssl.SslContextFactory.Server tls = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
                        tls.setKeyStorePath(config.tlsKeystore().toAbsolutePath().toString());
                        tls.setKeyStoreType("PKCS12");
                        tls.setKeyStorePassword(config.tlsPassword() == null ? "" : config.tlsPassword());
                        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
                        org.eclipse.jetty.server.ServerConnector connector = new org.eclipse.jetty.server.ServerConnector(server,
                                new org.eclipse.jetty.server.SslConnectionFactory(tls, "http/1.1"), new org.eclipse.jetty.server.HttpConnectionFactory(http));
                        connector.setHost(config.host());
                        connector.setPort(config.port());
                        return connector;
                    });
                }
                new dev.probity.server.web.Dashboard(tokens, models, statistics, alerts, config.tlsKeystore() != null, evidence, accessLog)
                        .register(c.routes);
                for (Route r : api.routes()) {
                    c.routes.addHttpHandler(r.method().equals("GET") ? HandlerType.GET : HandlerType.POST, r.path(), api.guarded(r));
                }
                c.routes.error(404, "*", ctx -> {
                    if (!"application/json".equals(ctx.res().getContentType())) {
                        ctx.contentType("application/json").result(ApiError.json(404, "no such route: " + ctx.method() + " " + ctx.path(), null, null));
                    }
                });
                c.routes.error(405, "*", ctx -> {
                    if (!"application/json".equals(ctx.res().getContentType())) {
                        ctx.contentType("application/json").result(ApiError.json(405, "this route does not take " + ctx.method(), null, null));
                    }
                });
                c.routes.exception(Exception.class, (e, ctx) -> {
                    System.err.println("probity: " + ctx.method() + " " + ctx.path() + " failed: " + e);
                    ctx.status(500).contentType("application/json").result(ApiError.json(500, "the service failed on this request; see its log", null, null));
                });
            });
            try {
                app.start();
            } catch (RuntimeException e) {
                checks.close();
                api.closeJobs();
                throw e;
            }
            return new ProbityServer(db, app, first, demoRows, api, gc, config.tlsKeystore() != null, checks);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** The port the service listens on. */
    public int port() {
        return app.port();
    }

    /** The admin token created on this start because the database had none; empty on every later start. */
    public java.util.Optional<String> firstAdminToken() {
        return java.util.Optional.ofNullable(firstAdminToken);
    }

    /** "https" when the service speaks TLS, else "http". */
    public String scheme() {
        return tls ? "https" : "http";
    }

    /** How many demo predictions this start loaded. */
    public int demoRows() {
        return demoRows;
    }

    /** "h2" or "postgresql". */
    public String databaseKind() {
        return db.kind();
    }

    public String schemaVersion() {
        return db.schemaVersion();
    }

    public java.util.List<Route> routes() {
        return api.routes();
    }

    /** Runs the scheduled checks now (as {@code POST /api/v1/checks/run} does). */
    public Checks.Run runChecks() {
        return checks.run();
    }

    @Override
    public void close() {
        try {
            checks.close();
            app.stop();
            api.closeJobs();
        } finally {
            gc.close();
            db.close();
        }
    }
}
