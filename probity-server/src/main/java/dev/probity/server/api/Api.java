package dev.probity.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.InputException;
import dev.probity.monitor.window.MonitorResult;
import dev.probity.report.json.AuditJson;
import dev.probity.report.json.MonitorJson;
import dev.probity.server.auth.RateLimiter;
import dev.probity.server.auth.Role;
import dev.probity.server.ingest.ModelDefinition;
import dev.probity.server.ingest.OpenInference;
import dev.probity.server.ingest.Records;
import dev.probity.server.store.AccessLog;
import dev.probity.server.store.Ingestion;
import dev.probity.server.store.ModelStore;
import dev.probity.server.store.Statistics;
import dev.probity.server.store.TokenStore;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The HTTP API: the route table, and around every route authentication, the role check, the rate limit, the body limit,
 * the access log and the one error shape. Handlers only parse, call the stores (which call the library) and write JSON.
 */
public final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Role> READERS = EnumSet.of(Role.VIEWER, Role.ANALYST, Role.APPROVER);
    private static final Set<Role> ANALYSTS = EnumSet.of(Role.ANALYST);
    private static final Set<Role> INGEST = EnumSet.of(Role.INGEST);
    private static final Set<Role> ANYONE = EnumSet.of(Role.VIEWER, Role.ANALYST, Role.APPROVER, Role.INGEST);
    private static final Set<Role> ADMINS = EnumSet.noneOf(Role.class);
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

    public Api(TokenStore tokens, ModelStore models, Ingestion ingestion, Statistics statistics, AccessLog accessLog, RateLimiter limiter,
               long maxBody, PrometheusMeterRegistry metrics, dev.probity.server.store.Alerts alerts, dev.probity.server.Checks checks) {
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
        this.openAlerts = io.micrometer.core.instrument.MultiGauge.builder("probity_alerts_open")
                .description("alerts not yet acknowledged, by model and severity").register(metrics);
        this.routes = List.of(
                new Route("GET", "/api/v1/health", ANYONE, "Whether the service and its database answer", null, List.of(), false, this::health),
                new Route("GET", "/openapi.json", ANYONE, "This description (OpenAPI 3.1)", null, List.of(), false, this::openApi),
                new Route("GET", "/metrics", READERS, "Prometheus metrics: ingestion counts, request times, the JVM", null, List.of(), false, this::metrics),
                new Route("GET", "/api/v1/models", READERS, "The models the service watches", null, List.of(), false, this::listModels),
                new Route("POST", "/api/v1/models", ANALYSTS, "Define a model to watch (with optional reference records)", "application/json",
                        List.of(), false, this::defineModel),
                new Route("GET", "/api/v1/models/{model}", READERS, "One model: definition, stage, counts", null, List.of(), false, this::getModel),
                new Route("POST", "/api/v1/models/{model}/predictions", INGEST,
                        "Log a batch of predictions, JSON or CSV (Idempotency-Key header for retries)", "application/json, text/csv", List.of(), false,
                        this::predictions),
                new Route("POST", "/api/v1/models/{model}/inference", INGEST, "Log an Open Inference Protocol (v2) request and its response",
                        "application/json", List.of(), false, this::inference),
                new Route("POST", "/api/v1/models/{model}/cloudevents", INGEST, "Log KServe's payload-logger CloudEvents (request and response halves)",
                        "application/json", List.of(), false, this::cloudEvent),
                new Route("POST", "/api/v1/models/{model}/labels", INGEST, "Log labels of earlier predictions, joined by id", "application/json",
                        List.of(), false, this::labels),
                new Route("GET", "/api/v1/models/{model}/fairness", READERS, "The fairness audit of labelled predictions in [from, to)", null,
                        List.of("from", "to"), false, this::fairness),
                new Route("GET", "/api/v1/models/{model}/selection", READERS, "Selection rate per group and window, from predictions alone", null,
                        List.of("attribute", "from", "to"), false, this::selection),
                new Route("GET", "/api/v1/models/{model}/monitor", READERS, "Drift, fairness and alerts per window against the reference", null,
                        List.of("from", "to"), false, this::monitor),
                new Route("GET", "/api/v1/models/{model}/predictions/{id}", ANALYSTS, "One logged prediction with its inputs (personal data: logged)",
                        null, List.of(), true, this::prediction),
                new Route("POST", "/api/v1/audits", ANALYSTS, "Audit uploaded data (CSV) with the library's audit: the same JSON as probity audit --json",
                        "text/csv", List.of("label", "prediction", "score", "threshold", "protected", "positive", "predictionPositive", "reference"),
                        false, this::auditUpload),
                new Route("GET", "/api/v1/alerts", READERS, "Alerts raised by the scheduled checks (open ones with open=true)", null,
                        List.of("model", "open"), false, this::listAlerts),
                new Route("POST", "/api/v1/alerts/{id}/acknowledge", EnumSet.of(Role.ANALYST, Role.APPROVER),
                        "Acknowledge an alert (recorded with the acknowledging token's name)", null, List.of(), false, this::acknowledge),
                new Route("POST", "/api/v1/checks/run", ANALYSTS, "Run the scheduled checks now and deliver pending alerts", null, List.of(), false,
                        this::runChecks),
                new Route("GET", "/api/v1/webhooks", ADMINS, "Where alerts are sent (never the secrets)", null, List.of(), false, this::listWebhooks),
                new Route("POST", "/api/v1/webhooks", ADMINS, "Send alerts (of one model, or all) to a URL; the signing secret is in this answer only",
                        "application/json", List.of(), false, this::addWebhook),
                new Route("POST", "/api/v1/webhooks/{id}/remove", ADMINS, "Stop sending alerts to a webhook", null, List.of(), false, this::removeWebhook),
                new Route("GET", "/api/v1/tokens", ADMINS, "API tokens (ids, names, roles; never secrets)", null, List.of(), false, this::listTokens),
                new Route("POST", "/api/v1/tokens", ADMINS, "Create a token; its secret is in this answer only", "application/json", List.of(), false,
                        this::createToken),
                new Route("POST", "/api/v1/tokens/{id}/revoke", ADMINS, "Revoke a token", null, List.of(), false, this::revokeToken));
    }

    private io.micrometer.core.instrument.MultiGauge openAlerts;

    public List<Route> routes() {
        return routes;
    }

    /** The route wrapped in the checks every route gets. */
    public Handler guarded(Route r) {
        return ctx -> {
            TokenStore.Caller caller = null;
            int status = 500;
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
            } catch (org.jdbi.v3.core.JdbiException e) {
                // the database is away or refused the write: nothing was acknowledged
                fail(ctx, status = 503, "the database did not accept the request; nothing was stored. Retry later.");
            } finally {
                if (status == 503) {
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

    private static void json(Context ctx, JsonNode n) {
        ctx.contentType("application/json").result(n.toString());
    }

    private byte[] body(Context ctx) {
        byte[] b = ctx.bodyAsBytes();
        if (b.length > maxBody) {
            throw new io.javalin.http.HttpResponseException(413, "too large");
        }
        return b;
    }

    private ModelStore.StoredModel model(Context ctx) {
        String name = ctx.pathParam("model");
        return models.get(name).orElseThrow(() -> new Ingestion.NotFoundException("no model '" + InputException.shown(name) + "'"));
    }

    private static Instant instant(Context ctx, String param) {
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

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String idempotencyKey(Context ctx) {
        String k = ctx.header("Idempotency-Key");
        if (k == null) {
            return null;
        }
        if (k.isBlank() || k.length() > 200) {
            throw new InputException("an Idempotency-Key has 1–200 characters", new InputException.Location("header", 0, 0, "Idempotency-Key", k));
        }
        return k;
    }

    // ---- handlers

    private void health(Context ctx) {
        ObjectNode o = JSON.createObjectNode();
        o.put("status", "ok");
        o.put("models", models.list().size());
        json(ctx, o);
    }

    private void openApi(Context ctx) {
        ctx.contentType("application/json").result(OpenApi.describe(routes));
    }

    private void metrics(Context ctx) {
        List<io.micrometer.core.instrument.MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Object[] r : alerts.openCounts()) {
            rows.add(io.micrometer.core.instrument.MultiGauge.Row.of(io.micrometer.core.instrument.Tags.of("model", (String) r[0], "severity",
                    (String) r[1]), (Long) r[2]));
        }
        openAlerts.register(rows, true);
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }

    private void listModels(Context ctx) {
        ArrayNode a = JSON.createArrayNode();
        for (ModelStore.StoredModel m : models.list()) {
            a.add(modelJson(m));
        }
        ObjectNode o = JSON.createObjectNode();
        o.set("models", a);
        json(ctx, o);
    }

    private ObjectNode modelJson(ModelStore.StoredModel m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", m.name());
        o.put("stage", m.stage());
        o.put("created", m.created().toInstant().toString());
        o.set("definition", JSON.valueToTree(m.definition()));
        o.put("reference", m.reference() != null ? "given with the definition" : "the first window");
        return o;
    }

    private void defineModel(Context ctx) throws Exception {
        JsonNode root = JSON.readTree(body(ctx));
        if (root == null || !root.isObject()) {
            throw new InputException("a model definition is a JSON object", new InputException.Location("request body", 0, 0, null, null));
        }
        ObjectNode defNode = ((ObjectNode) root).deepCopy();
        JsonNode reference = defNode.remove("reference");
        ModelDefinition def;
        try {
            def = JSON.treeToValue(defNode, ModelDefinition.class);
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            if (e.getCause() instanceof InputException ie) {
                throw ie;
            }
            throw new InputException("the model definition does not read: " + e.getOriginalMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InputException("the model definition does not read: " + e.getOriginalMessage());
        }
        List<Records.Record> ref = reference == null || reference.isNull() ? List.of()
                : Records.parse(JSON.writeValueAsBytes(reference), def, Instant.now());
        ModelStore.Defined d = models.define(def, ref);
        ctx.status(d == ModelStore.Defined.CREATED ? 201 : 200);
        json(ctx, modelJson(models.get(def.name()).orElseThrow()));
    }

    private void getModel(Context ctx) {
        ModelStore.StoredModel m = model(ctx);
        ObjectNode o = modelJson(m);
        List<Statistics.Window> ws = statistics.windows(m.name(), null, null);
        o.put("windows", ws.size());
        o.put("predictions", ws.stream().mapToLong(Statistics.Window::predictions).sum());
        o.put("labelled", ws.stream().mapToLong(Statistics.Window::labelled).sum());
        json(ctx, o);
    }

    private void predictions(Context ctx) {
        ModelStore.StoredModel m = model(ctx);
        byte[] b = body(ctx);
        String key = idempotencyKey(ctx);
        String type = ctx.contentType();
        List<Records.Record> records = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("text/csv")
                ? Records.parseCsv(b, m.definition(), Instant.now()) : Records.parse(b, m.definition(), Instant.now());
        Ingestion.Outcome out = ingestion.predictions(m.name(), records, key, sha256(b));
        if (out.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        } else {
            Counter.builder("probity_predictions_ingested").tag("model", m.name()).register(metrics).increment(records.size());
        }
        ctx.contentType("application/json").result(out.json());
    }

    private void inference(Context ctx) throws Exception {
        ModelStore.StoredModel m = model(ctx);
        byte[] b = body(ctx);
        JsonNode pair = Records.tree(b);
        List<Records.Record> records = OpenInference.records(pair.get("request"), pair.get("response"), m.definition(), Instant.now());
        String key = idempotencyKey(ctx);
        // without a key, the pair's id is the key: the same pair sent again is not counted twice
        Ingestion.Outcome out = ingestion.predictions(m.name(), records, key != null ? key : "v2:" + records.get(0).id().replaceAll("#0$", ""),
                sha256(b));
        answer(ctx, m, out, records.size());
    }

    private void cloudEvent(Context ctx) throws Exception {
        ModelStore.StoredModel m = model(ctx);
        byte[] b = body(ctx);
        String id = ctx.header("ce-id");
        String type = ctx.header("ce-type");
        String time = ctx.header("ce-time");
        byte[] data = b;
        String ct = ctx.contentType();
        if (ct != null && ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/cloudevents+json")) {
            // structured mode: the event's attributes and its data in one JSON object
            JsonNode ev = Records.tree(b);
            id = ev.path("id").asText(null);
            type = ev.path("type").asText(null);
            time = ev.path("time").asText(null);
            JsonNode d = ev.get("data");
            if (d == null || !d.isObject()) {
                throw new InputException("a structured CloudEvent carries the payload in 'data'", new InputException.Location("request body", 0, 0, "data", null));
            }
            data = JSON.writeValueAsBytes(d);
        }
        if (id == null || id.isBlank() || id.length() > 200) {
            throw new InputException("a CloudEvent needs its id (1–200 characters)", new InputException.Location("header", 0, 0, "ce-id", id));
        }
        if (type == null || !(type.endsWith(".request") || type.endsWith(".response"))) {
            throw new InputException("the event type names an inference request or response (…inference.request, …inference.response)",
                    new InputException.Location("header", 0, 0, "ce-type", type));
        }
        Instant at = Instant.now();
        if (time != null && !time.isBlank()) {
            try {
                at = Instant.parse(time);
            } catch (DateTimeParseException e) {
                throw new InputException("ce-time is an RFC 3339 time", new InputException.Location("header", 0, 0, "ce-time", time));
            }
            Records.checkRange(at, "ce-time", time);
        }
        Optional<Ingestion.Outcome> out = ingestion.inferenceEvent(m.name(), id, type.endsWith(".request"), data, at);
        if (out.isEmpty()) {
            ctx.status(202);
            ObjectNode o = JSON.createObjectNode();
            o.put("model", m.name());
            o.put("event", id);
            o.put("waiting", type.endsWith(".request") ? "response" : "request");
            json(ctx, o);
            return;
        }
        answer(ctx, m, out.get(), -1);
    }

    private void answer(Context ctx, ModelStore.StoredModel m, Ingestion.Outcome out, int records) {
        if (out.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        } else if (records > 0) {
            Counter.builder("probity_predictions_ingested").tag("model", m.name()).register(metrics).increment(records);
        }
        ctx.contentType("application/json").result(out.json());
    }

    private void labels(Context ctx) {
        ModelStore.StoredModel m = model(ctx);
        byte[] b = body(ctx);
        String key = idempotencyKey(ctx);
        Ingestion.Outcome out = ingestion.labels(m.name(), Records.parseLabels(b), key, sha256(b));
        if (out.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        ctx.contentType("application/json").result(out.json());
    }

    private void fairness(Context ctx) throws Exception {
        ModelStore.StoredModel m = model(ctx);
        Statistics.Fairness f = statistics.fairness(m.definition(), instant(ctx, "from"), instant(ctx, "to"));
        ObjectNode o = JSON.createObjectNode();
        o.put("model", m.name());
        o.put("windows", f.windows());
        o.put("predictions", f.predictions());
        o.put("labelled", f.labelled());
        o.put("basis", "the labelled predictions only: " + f.labelled() + " of " + f.predictions());
        if (f.audit() == null) {
            o.putNull("audit");
            o.put("note", f.note());
        } else {
            o.set("audit", JSON.readTree(AuditJson.toString(f.audit())));
        }
        json(ctx, o);
    }

    private void selection(Context ctx) {
        ModelStore.StoredModel m = model(ctx);
        String attribute = ctx.queryParam("attribute");
        List<String> attrs = attribute == null ? m.definition().protectedAttributes() : List.of(attribute);
        for (String a : attrs) {
            if (!m.definition().protectedAttributes().contains(a)) {
                throw new InputException("'" + a + "' is not a protected attribute of " + m.name() + " (" + m.definition().protectedAttributes() + ")",
                        new InputException.Location("query", 0, 0, "attribute", a));
            }
        }
        Instant from = instant(ctx, "from");
        Instant to = instant(ctx, "to");
        ObjectNode o = JSON.createObjectNode();
        o.put("model", m.name());
        o.put("positivePrediction", m.definition().positivePrediction());
        ObjectNode byAttr = o.putObject("attributes");
        for (String a : attrs) {
            ArrayNode ws = byAttr.putArray(a);
            for (Map.Entry<Instant, List<Statistics.Selection>> e : statistics.selection(m.definition(), a, from, to).entrySet()) {
                ObjectNode w = ws.addObject();
                w.put("window", e.getKey().toString());
                ArrayNode gs = w.putArray("groups");
                for (Statistics.Selection s : e.getValue()) {
                    ObjectNode g = gs.addObject();
                    g.put("group", s.group());
                    g.put("predictions", s.predictions());
                    g.put("positive", s.positive());
                    if (Double.isFinite(s.rate())) {
                        g.put("rate", s.rate());
                    } else {
                        g.putNull("rate");
                    }
                }
            }
        }
        json(ctx, o);
    }

    private void monitor(Context ctx) throws Exception {
        ModelStore.StoredModel m = model(ctx);
        MonitorResult r = statistics.monitor(m, instant(ctx, "from"), instant(ctx, "to"));
        if (r == null) {
            ObjectNode o = JSON.createObjectNode();
            o.put("model", m.name());
            o.putNull("monitor");
            o.put("note", "no predictions in these windows yet");
            json(ctx, o);
            return;
        }
        ctx.contentType("application/json").result(MonitorJson.toString(r));
    }

    private void prediction(Context ctx) {
        ModelStore.StoredModel m = model(ctx);
        String id = ctx.pathParam("id");
        ObjectNode o = statistics.prediction(m.name(), id)
                .orElseThrow(() -> new Ingestion.NotFoundException("no prediction '" + InputException.shown(id) + "' of " + m.name()));
        json(ctx, o);
    }

    private void auditUpload(Context ctx) throws Exception {
        byte[] b = body(ctx);
        if (b.length == 0) {
            throw new InputException("the request has no body: send the data to audit as CSV", new InputException.Location("request body", 0, 0, null, null));
        }
        dev.probity.fairness.audit.AuditSpec.Builder spec = dev.probity.fairness.audit.AuditSpec.builder();
        String protectedAttrs = ctx.queryParam("protected");
        if (protectedAttrs == null || protectedAttrs.isBlank()) {
            throw new InputException("name the protected attributes: protected=sex,race", new InputException.Location("query", 0, 0, "protected", null));
        }
        spec.protectedAttributes(List.of(protectedAttrs.split("\\s*,\\s*")));
        if (ctx.queryParam("label") != null) {
            spec.label(ctx.queryParam("label"));
        }
        if (ctx.queryParam("prediction") != null) {
            spec.prediction(ctx.queryParam("prediction"));
        }
        if (ctx.queryParam("score") != null) {
            spec.score(ctx.queryParam("score"));
        }
        if (ctx.queryParam("threshold") != null) {
            try {
                spec.threshold(Double.parseDouble(ctx.queryParam("threshold")));
            } catch (NumberFormatException e) {
                throw new InputException("threshold is a number", new InputException.Location("query", 0, 0, "threshold", ctx.queryParam("threshold")));
            }
        }
        if (ctx.queryParam("positive") != null) {
            spec.positive(ctx.queryParam("positive"));
        }
        if (ctx.queryParam("predictionPositive") != null) {
            spec.predictionPositive(ctx.queryParam("predictionPositive"));
        }
        for (String r : ctx.queryParams("reference")) {
            int colon = r.indexOf(':');
            if (colon < 1) {
                throw new InputException("a reference is ATTRIBUTE:GROUP", new InputException.Location("query", 0, 0, "reference", r));
            }
            spec.reference(r.substring(0, colon), r.substring(colon + 1));
        }
        dev.probity.core.frame.Frame f = dev.probity.core.io.DataReader.read("the uploaded CSV", b,
                dev.probity.core.io.ReadOptions.defaults().format(dev.probity.core.io.Format.CSV), dev.probity.core.io.Format.CSV);
        dev.probity.fairness.audit.AuditResult r = dev.probity.fairness.audit.Audit.run(f, spec.build());
        ctx.contentType("application/json").result(AuditJson.toString(r));
    }

    private void listAlerts(Context ctx) {
        String model = ctx.queryParam("model");
        boolean open = "true".equalsIgnoreCase(ctx.queryParam("open"));
        ArrayNode a = JSON.createArrayNode();
        for (dev.probity.server.store.Alerts.Alert x : alerts.list(model, open)) {
            ObjectNode o = a.addObject();
            o.put("id", x.id());
            o.put("model", x.model());
            o.put("window", x.window());
            o.put("kind", x.kind());
            o.put("subject", x.subject());
            o.put("severity", x.severity());
            if (x.value() != null) {
                o.put("value", x.value());
            }
            if (x.threshold() != null) {
                o.put("threshold", x.threshold());
            }
            o.put("message", x.message());
            o.put("raised", x.raised().toInstant().toString());
            if (x.acknowledged() != null) {
                o.put("acknowledgedBy", x.acknowledgedBy());
                o.put("acknowledged", x.acknowledged().toInstant().toString());
            }
        }
        ObjectNode o = JSON.createObjectNode();
        o.set("alerts", a);
        json(ctx, o);
    }

    private void acknowledge(Context ctx) {
        long id = idParam(ctx);
        TokenStore.Caller who = ctx.attribute(CALLER);
        if (!alerts.acknowledge(id, who.name() + " (token " + who.tokenId() + ")")) {
            throw new Ingestion.NotFoundException(alerts.get(id).isPresent() ? "alert " + id + " is already acknowledged" : "no alert " + id);
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id);
        o.put("acknowledgedBy", who.name() + " (token " + who.tokenId() + ")");
        json(ctx, o);
    }

    private void runChecks(Context ctx) {
        dev.probity.server.Checks.Run r = checks.run();
        ObjectNode o = JSON.createObjectNode();
        o.put("models", r.models());
        o.put("raised", r.raised());
        o.put("delivered", r.delivered());
        o.put("failedDeliveries", r.failed());
        json(ctx, o);
    }

    private void listWebhooks(Context ctx) {
        ArrayNode a = JSON.createArrayNode();
        for (dev.probity.server.store.Alerts.Webhook w : alerts.webhooks()) {
            ObjectNode o = a.addObject();
            o.put("id", w.id());
            if (w.model() != null) {
                o.put("model", w.model());
            }
            o.put("url", w.url());
            o.put("created", w.created().toInstant().toString());
        }
        ObjectNode o = JSON.createObjectNode();
        o.set("webhooks", a);
        json(ctx, o);
    }

    private void addWebhook(Context ctx) {
        JsonNode n = Records.tree(body(ctx));
        String url = n.path("url").asText("");
        URI u;
        try {
            u = new URI(url);
        } catch (java.net.URISyntaxException e) {
            u = null;
        }
        if (u == null || u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || url.length() > 2000) {
            throw new InputException("a webhook's url is an http or https URL", new InputException.Location("request body", 0, 0, "url", url));
        }
        String model = n.hasNonNull("model") ? n.get("model").asText() : null;
        if (model != null && models.get(model).isEmpty()) {
            throw new Ingestion.NotFoundException("no model '" + InputException.shown(model) + "'");
        }
        String secret = dev.probity.server.auth.Tokens.generate().substring(17);
        dev.probity.server.store.Alerts.Webhook w = alerts.addWebhook(model, url, secret);
        ObjectNode o = JSON.createObjectNode();
        o.put("id", w.id());
        if (model != null) {
            o.put("model", model);
        }
        o.put("url", url);
        o.put("secret", secret);
        o.put("note", "each delivery carries X-Probity-Signature: sha256=<hex HMAC-SHA256 of the body with this secret>; "
                + "this is the only time the secret is shown");
        ctx.status(201);
        ctx.header("Cache-Control", "no-store");
        json(ctx, o);
    }

    private void removeWebhook(Context ctx) {
        long id = idParam(ctx);
        if (!alerts.removeWebhook(id)) {
            throw new Ingestion.NotFoundException("no webhook " + id);
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id);
        o.put("removed", true);
        json(ctx, o);
    }

    private static long idParam(Context ctx) {
        String s = ctx.pathParam("id");
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new InputException("an id is a number", new InputException.Location("path", 0, 0, "id", s));
        }
    }

    private void listTokens(Context ctx) {
        ArrayNode a = JSON.createArrayNode();
        for (TokenStore.TokenInfo t : tokens.list()) {
            ObjectNode o = a.addObject();
            o.put("id", t.id());
            o.put("name", t.name());
            o.put("role", t.role().id());
            o.put("created", t.created().toInstant().toString());
            if (t.revoked() != null) {
                o.put("revoked", t.revoked().toInstant().toString());
            }
        }
        ObjectNode o = JSON.createObjectNode();
        o.set("tokens", a);
        json(ctx, o);
    }

    private void createToken(Context ctx) throws Exception {
        JsonNode n = Records.tree(body(ctx));
        String name = n.path("name").asText("");
        Role role = Role.parse(n.path("role").asText(null));
        if (name.isBlank() || name.length() > 200) {
            throw new InputException("a token needs a name of 1–200 characters", new InputException.Location("request body", 0, 0, "name", name));
        }
        if (role == null) {
            throw new InputException("a token's role is one of viewer, analyst, approver, ingest, admin",
                    new InputException.Location("request body", 0, 0, "role", n.path("role").asText(null)));
        }
        String token = tokens.create(name, role);
        ObjectNode o = JSON.createObjectNode();
        o.put("id", dev.probity.server.auth.Tokens.idOf(token));
        o.put("name", name);
        o.put("role", role.id());
        o.put("token", token);
        o.put("note", "this is the only time the token is shown; the service keeps only its hash");
        ctx.status(201);
        ctx.header("Cache-Control", "no-store");
        json(ctx, o);
    }

    private void revokeToken(Context ctx) {
        String id = ctx.pathParam("id");
        if (!tokens.revoke(id)) {
            throw new Ingestion.NotFoundException("no live token with id '" + InputException.shown(id) + "'");
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id);
        o.put("revoked", true);
        json(ctx, o);
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
