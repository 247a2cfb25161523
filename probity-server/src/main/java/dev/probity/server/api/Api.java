package dev.probity.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probity.core.InputException;
import dev.probity.server.auth.RateLimiter;
import dev.probity.server.evidence.Explanations;
import dev.probity.server.auth.Role;
import dev.probity.server.store.AccessLog;
import dev.probity.server.store.Ingestion;
import dev.probity.server.store.ModelStore;
import dev.probity.server.store.Statistics;
import dev.probity.server.store.TokenStore;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The HTTP API: the route table, and around every route authentication, the role check, the rate limit, the body limit,
 * the access log and the one error shape. Handlers only parse, call the stores (which call the library) and write JSON.
 */
public final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<Role> READERS = EnumSet.of(Role.VIEWER, Role.ANALYST, Role.APPROVER);
    static final Set<Role> ANALYSTS = EnumSet.of(Role.ANALYST);
    static final Set<Role> INGEST = EnumSet.of(Role.INGEST);
    static final Set<Role> ANYONE = EnumSet.of(Role.VIEWER, Role.ANALYST, Role.APPROVER, Role.INGEST);
    static final Set<Role> ADMINS = EnumSet.noneOf(Role.class);
    static final String CALLER = "probity.caller";

    private final TokenStore tokens;
    private final ModelStore models;
    private final Ingestion ingestion;
    private final Statistics statistics;
    private final AccessLog accessLog;
    private final RateLimiter limiter;
    private final long maxBody;
    private final PrometheusMeterRegistry metrics;
    private final List<Route> routes;

    private final dev.probity.server.store.Alerts alerts;
    private final dev.probity.server.Checks checks;
    private final dev.probity.server.jobs.Jobs jobRunner;

    public Api(TokenStore tokens, ModelStore models, Ingestion ingestion, Statistics statistics, AccessLog accessLog, RateLimiter limiter,
               long maxBody, PrometheusMeterRegistry metrics, dev.probity.server.store.Alerts alerts, dev.probity.server.Checks checks,
               dev.probity.server.evidence.EvidenceStore evidence, dev.probity.server.store.Budgets budgets,
               dev.probity.server.jobs.Jobs jobRunner) {
        this.jobRunner = jobRunner;
        this.alerts = alerts;
        this.checks = checks;
        this.tokens = tokens;
        this.models = models;
        this.ingestion = ingestion;
        this.statistics = statistics;
        this.accessLog = accessLog;
        this.limiter = limiter;
        this.maxBody = maxBody;
        this.metrics = metrics;
        IngestHandlers ingest = new IngestHandlers(this, ingestion, metrics);
        AdminHandlers admin = new AdminHandlers(this, tokens, models, alerts, checks);
        QueryHandlers query = new QueryHandlers(this, models, statistics, metrics, alerts, def -> evidence == null
                ? "not registered (the service keeps no evidence log)" : evidence.stageOf(def.registered()));
        PrivacyHandlers privacy = new PrivacyHandlers(this, statistics, budgets);
        JobHandlers jobs = new JobHandlers(this, jobRunner);
        List<Route> table = new ArrayList<>(List.of(
                new Route("GET", "/api/v1/health", ANYONE, "Whether the service and its database answer", null, List.of(), false, query::health),
                new Route("GET", "/openapi.json", ANYONE, "This description (OpenAPI 3.1)", null, List.of(), false, query::openApi),
                new Route("GET", "/metrics", READERS, "Prometheus metrics: ingestion counts, request times, the JVM", null, List.of(), false, query::metrics),
                new Route("GET", "/api/v1/models", READERS, "The models the service watches", null, List.of(), false, query::listModels),
                new Route("POST", "/api/v1/models", ANALYSTS, "Define a model to watch (with optional reference records)", "application/json",
                        List.of(), false, query::defineModel),
                new Route("GET", "/api/v1/models/{model}", READERS, "One model: definition, stage, counts", null, List.of(), false, query::getModel),
                new Route("POST", "/api/v1/models/{model}/predictions", INGEST,
                        "Log a batch of predictions, JSON or CSV (Idempotency-Key header for retries)", "application/json, text/csv", List.of(), false,
                        ingest::predictions),
                new Route("POST", "/api/v1/models/{model}/inference", INGEST, "Log an Open Inference Protocol (v2) request and its response",
                        "application/json", List.of(), false, ingest::inference),
                new Route("POST", "/api/v1/models/{model}/cloudevents", INGEST, "Log KServe's payload-logger CloudEvents (request and response halves)",
                        "application/json", List.of(), false, ingest::cloudEvent),
                new Route("POST", "/api/v1/models/{model}/labels", INGEST, "Log labels of earlier predictions, joined by id", "application/json",
                        List.of(), false, ingest::labels),
                new Route("POST", "/api/v1/models/{model}/windows", INGEST,
                        "Import window statistics computed elsewhere: a probity.windows/v1 file of the Spark job (JSON lines), merged as ingestion "
                                + "merges a batch (Idempotency-Key header for retries; without one, the same file is not counted twice)",
                        "application/x-ndjson, application/jsonl, text/plain", List.of(), false, ingest::windows),
                new Route("GET", "/api/v1/models/{model}/fairness", READERS, "The fairness audit of labelled predictions in [from, to)", null,
                        List.of("from", "to"), false, query::fairness),
                new Route("GET", "/api/v1/models/{model}/performance", READERS,
                        "Accuracy per window: realized from labels, and estimated from the scores before labels arrive (CBPE), overall and per group",
                        null, List.of("from", "to"), false, query::performance),
                new Route("GET", "/api/v1/models/{model}/selection", READERS, "Selection rate per group and window, from predictions alone", null,
                        List.of("attribute", "from", "to"), false, query::selection),
                new Route("GET", "/api/v1/models/{model}/monitor", READERS, "Drift, fairness and alerts per window against the reference", null,
                        List.of("from", "to"), false, query::monitor),
                new Route("GET", "/api/v1/models/{model}/predictions/{id}", ANALYSTS, "One logged prediction with its inputs (personal data: logged)",
                        null, List.of(), true, query::prediction),
                new Route("POST", "/api/v1/audits", ANALYSTS, "Audit uploaded data (CSV) with the library's audit: the same JSON as probity audit --json",
                        "text/csv", List.of("label", "prediction", "score", "threshold", "protected", "positive", "predictionPositive", "reference",
                                "where", "derive", "minGroupRows", "tolerance", "confidence", "dropMissing", "encoding"),
                        false, query::auditUpload),
                // the privacy budget and private queries (PrivacyHandlers); jobs (JobHandlers)
                new Route("POST", "/api/v1/models/{model}/budget", ADMINS, "Create the model's privacy budget (epsilon, delta): never replaced or raised",
                        "application/json", List.of(), false, privacy::createBudget),
                new Route("GET", "/api/v1/models/{model}/budget", READERS, "The model's privacy budget: balance and every release (who, when, what, ε, δ)",
                        null, List.of(), false, privacy::getBudget),
                new Route("POST", "/api/v1/models/{model}/private/selection", ANALYSTS,
                        "Private selection rates per group (noisy), debited from the model's privacy budget first", "application/json", List.of(), false,
                        privacy::selection),
                new Route("POST", "/api/v1/models/{model}/private/fairness", ANALYSTS,
                        "Private fairness audit of labelled predictions (noisy), debited from the model's privacy budget first", "application/json",
                        List.of(), false, privacy::fairness),
                new Route("POST", "/api/v1/mitigations", ANALYSTS, "Start a mitigation job on uploaded CSV: 202 with the job's Location", "text/csv",
                        JobHandlers.MITIGATION_PARAMS, false, jobs::mitigate),
                new Route("GET", "/api/v1/jobs", ANALYSTS, "List this token's jobs (all=true: every job, for admins)", null, List.of("all"), false, jobs::list),
                new Route("GET", "/api/v1/jobs/{id}", ANALYSTS, "Read a job: status, progress, error, and when done its result (its creator and admins)",
                        null, List.of(), false, jobs::get),
                new Route("POST", "/api/v1/jobs/{id}/cancel", ANALYSTS, "Cancel a job (a running one stops before its next step)", null, List.of(), false,
                        jobs::cancel),
                new Route("GET", "/api/v1/alerts", READERS, "Alerts raised by the scheduled checks (open ones with open=true)", null,
                        List.of("model", "open"), false, admin::listAlerts),
                new Route("POST", "/api/v1/alerts/{id}/acknowledge", EnumSet.of(Role.ANALYST, Role.APPROVER),
                        "Acknowledge an alert (recorded with the acknowledging token's name)", null, List.of(), false, admin::acknowledge),
                new Route("POST", "/api/v1/checks/run", ANALYSTS, "Run the scheduled checks now and deliver pending alerts", null, List.of(), false,
                        admin::runChecks),
                new Route("GET", "/api/v1/webhooks", ADMINS, "Where alerts are sent (never the secrets)", null, List.of(), false, admin::listWebhooks),
                new Route("POST", "/api/v1/webhooks", ADMINS, "Send alerts (of one model, or all) to a URL; the signing secret is in this answer only",
                        "application/json", List.of(), false, admin::addWebhook),
                new Route("POST", "/api/v1/webhooks/{id}/remove", ADMINS, "Stop sending alerts to a webhook", null, List.of(), false, admin::removeWebhook),
                new Route("GET", "/api/v1/tokens", ADMINS, "API tokens (ids, names, roles; never secrets)", null, List.of(), false, admin::listTokens),
                new Route("POST", "/api/v1/tokens", ADMINS, "Create a token; its secret is in this answer only", "application/json", List.of(), false,
                        admin::createToken),
                new Route("POST", "/api/v1/tokens/{id}/revoke", ADMINS, "Revoke a token", null, List.of(), false, admin::revokeToken)));
        if (evidence != null) {
            table.addAll(new LedgerHandlers(evidence).routes(READERS, ANALYSTS));
            table.addAll(new RegistryHandlers(evidence).routes(READERS, ANALYSTS, ADMINS));
            table.add(new Route("GET", "/api/v1/models/{model}/predictions/{id}/explanation", ANALYSTS,
                    "Why the registered model decided one logged prediction: reason codes and a plain-language explanation (personal data: logged)",
                    null, List.of("favourable"), true, ctx -> {
                        Explanations explanations = new Explanations(statistics, evidence);
                        json(ctx, explanations.explain(model(ctx), ctx.pathParam("id"), ctx.queryParam("favourable")));
                    }));
        }
        this.routes = List.copyOf(table);
    }

    /** Stops the job executor (jobs live in memory: a restart forgets them). */
    public void closeJobs() {
        jobRunner.close();
    }

    public List<Route> routes() {
        return routes;
    }

    /** The route wrapped in the checks every route gets. */
    public Handler guarded(Route r) {
        return ctx -> {
            TokenStore.Caller caller = null;
            int status = 500;
            boolean databaseAway = false;
            boolean handled = false;
            try {
                String auth = ctx.header("Authorization");
                if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                    ctx.header("WWW-Authenticate", "Bearer");
                    fail(ctx, status = 401, "this route needs a token: send 'Authorization: Bearer <token>'");
                    return;
                }
                Optional<TokenStore.Caller> c = tokens.authenticate(auth.substring(7).strip());
                if (c.isEmpty()) {
                    ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                    fail(ctx, status = 401, "the token is unknown, revoked or malformed");
                    return;
                }
                caller = c.get();
                ctx.attribute(CALLER, caller);
                if (!r.admits(caller.role())) {
                    fail(ctx, status = 403, "a token of role '" + caller.role().id() + "' may not " + r.summary().toLowerCase(java.util.Locale.ROOT));
                    return;
                }
                long wait = limiter.acquire(caller.tokenId());
                if (wait > 0) {
                    ctx.header("Retry-After", String.valueOf(wait));
                    fail(ctx, status = 429, "too many requests for this token; retry after " + wait + " s");
                    return;
                }
                if (r.body() != null) {
                    String len = ctx.header("Content-Length");
                    if (len != null && parseLong(len) > maxBody) {
                        fail(ctx, status = 413, "the body has " + len + " bytes; the limit is " + maxBody);
                        return;
                    }
                    String type = ctx.contentType();
                    String t = type == null ? null : type.toLowerCase(java.util.Locale.ROOT);
                    boolean accepted = t == null || t.startsWith("application/cloudevents+json") && r.path().endsWith("/cloudevents");
                    for (String m : r.body().split(",\\s*")) {
                        accepted |= t != null && t.startsWith(m);
                    }
                    if (!accepted) {
                        fail(ctx, status = 415, "send the body as " + r.body().replace(", ", " or ") + "; got " + type);
                        return;
                    }
                }
                handled = true;
                r.handler().handle(ctx);
                status = ctx.status().getCode();
            } catch (Ingestion.NotFoundException e) {
                ctx.status(status = 404).contentType("application/json").result(ApiError.json(404, e));
            } catch (ModelStore.ConflictException e) {
                ctx.status(status = 409).contentType("application/json").result(ApiError.json(409, e));
            } catch (InputException e) {
                ctx.status(status = 400).contentType("application/json").result(ApiError.json(400, e));
            } catch (io.javalin.http.HttpResponseException e) {
                status = e.getStatus() == 413 ? 413 : e.getStatus();
                fail(ctx, status, status == 413 ? "the body is over the limit of " + maxBody + " bytes" : e.getMessage());
            } catch (dev.probity.server.evidence.EvidenceStore.BusyException e) {
                ctx.header("Retry-After", "1");
                fail(ctx, status = 503, e.getMessage());
            } catch (org.jdbi.v3.core.JdbiException e) {
                // the database is away or refused the write: nothing was acknowledged
                databaseAway = true;
                fail(ctx, status = 503, "the database did not accept the request; nothing was stored. Retry later.");
            } finally {
                if (status >= 400 && r.body() != null) {
                    discardUnread(ctx, handled, caller != null);
                }
                if (databaseAway) {
                    // the database is away: the access log cannot be written either; say so where the operator looks
                    System.err.println("probity: " + r.method() + " " + ctx.path() + " by token " + (caller == null ? "(unknown)" : caller.tokenId())
                            + " answered 503: the database is unavailable");
                } else if (caller != null || status != 401) {
                    accessLog.record(caller == null ? null : caller.tokenId(), r.method(), ctx.path(), status, r.personal() && status == 200);
                }
                metrics.counter("probity_http_requests", "route", r.path(), "status", String.valueOf(status)).increment();
            }
        };
    }

    /**
     * Reads and throws away what is left of a refused request's body, so that the client reads the refusal.
     *
     * <p>Most clients (Java's HttpClient, Python's requests) send the whole body before they read the answer. If the
     * server answers early and closes the connection with the body unread, the kernel resets the connection and the client
     * sees "broken pipe" or "connection reset" instead of the 413, 401 or 429. So a refused body is read and dropped
     * (nothing is kept), up to {@link #discardLimit(boolean)} bytes: four times the body limit for a caller with a valid
     * token, 1 MiB for one without (a stranger cannot make the service read much). A body declared longer than that is
     * not read at all, and the connection is closed: reading part of it would not spare the client the reset. A client
     * that sent {@code Expect: 100-continue} and was refused before the handler ran has sent no body, and none is waited
     * for.
     */
    private void discardUnread(Context ctx, boolean handled, boolean authenticated) {
        String expect = ctx.header("Expect");
        if (!handled && expect != null && expect.strip().equalsIgnoreCase("100-continue")) {
            ctx.header("Connection", "close");
            return;
        }
        long limit = discardLimit(authenticated);
        String declared = ctx.header("Content-Length");
        if (declared != null && parseLong(declared) > limit) {
            ctx.header("Connection", "close");
            return;
        }
        try {
            java.io.InputStream in = ctx.req().getInputStream();
            byte[] sink = new byte[64 * 1024];
            long left = limit;
            for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0; ) {
                left -= n;
            }
            if (left <= 0) {
                ctx.header("Connection", "close");
            }
        } catch (java.io.IOException | IllegalStateException e) {
            // the client went away, or the body was read as a reader: nothing left to spare the client
            ctx.header("Connection", "close");
        }
    }

    /** The most bytes of a refused body read and dropped (see {@link #discardUnread}). */
    long discardLimit(boolean authenticated) {
        return authenticated ? Math.max(4 * maxBody, 8L << 20) : 1L << 20;
    }

    static void fail(Context ctx, int status, String message) {
        ctx.status(status).contentType("application/json").result(ApiError.json(status, message, null, null));
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    static void json(Context ctx, JsonNode n) {
        ctx.contentType("application/json").result(n.toString());
    }

    byte[] body(Context ctx) {
        byte[] b = ctx.bodyAsBytes();
        if (b.length > maxBody) {
            throw new io.javalin.http.HttpResponseException(413, "too large");
        }
        return b;
    }

    ModelStore.StoredModel model(Context ctx) {
        String name = ctx.pathParam("model");
        return models.get(name).orElseThrow(() -> new Ingestion.NotFoundException("no model '" + InputException.shown(name) + "'"));
    }

    static Instant instant(Context ctx, String param) {
        String v = ctx.queryParam(param);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new InputException(param + " is an ISO-8601 instant like 2026-11-30T00:00:00Z", new InputException.Location("query", 0, 0, param, v));
        }
    }

    /**
     * How an uploaded CSV is read: UTF-8 unless {@code encoding} names another character set (a Latin-1 export:
     * {@code encoding=ISO-8859-1}).
     */
    static dev.probity.core.io.ReadOptions csvOptions(Context ctx) {
        dev.probity.core.io.ReadOptions o = dev.probity.core.io.ReadOptions.defaults().format(dev.probity.core.io.Format.CSV);
        String e = ctx.queryParam("encoding");
        if (e != null && !e.isBlank()) {
            try {
                o = o.encoding(java.nio.charset.Charset.forName(e.strip()));
            } catch (IllegalArgumentException ex) {
                throw new InputException("encoding names a character set such as UTF-8, ISO-8859-1 or windows-1252",
                        new InputException.Location("query", 0, 0, "encoding", e));
            }
        }
        return o;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static List<String> pathParams(String path) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
