package dev.probity.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.InputException;
import dev.probity.monitor.window.MonitorResult;
import dev.probity.report.json.AuditJson;
import dev.probity.report.json.MonitorJson;
import dev.probity.server.ingest.ModelDefinition;
import dev.probity.server.ingest.Records;
import dev.probity.server.store.Ingestion;
import dev.probity.server.store.ModelStore;
import dev.probity.server.store.Statistics;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.probity.server.api.Api.JSON;

/** The routes that answer questions: models, the audit, selection rates, the monitor, one prediction, audits of uploads, metrics. */
final class QueryHandlers {
    private final Api api;
    private final ModelStore models;
    private final Statistics statistics;
    private final PrometheusMeterRegistry metrics;
    private final dev.probity.server.store.Alerts alerts;
    private final io.micrometer.core.instrument.MultiGauge openAlerts;

    private final java.util.function.Function<dev.probity.server.ingest.ModelDefinition, String> stage;

    QueryHandlers(Api api, ModelStore models, Statistics statistics, PrometheusMeterRegistry metrics, dev.probity.server.store.Alerts alerts,
                  java.util.function.Function<dev.probity.server.ingest.ModelDefinition, String> stage) {
        this.stage = stage;
        this.api = api;
        this.models = models;
        this.statistics = statistics;
        this.metrics = metrics;
        this.alerts = alerts;
        this.openAlerts = io.micrometer.core.instrument.MultiGauge.builder("probity_alerts_open")
                .description("alerts not yet acknowledged, by model and severity").register(metrics);
    }

    void health(Context ctx) {
        ObjectNode o = JSON.createObjectNode();
        o.put("status", "ok");
        o.put("models", models.list().size());
        Api.json(ctx, o);
    }

    void openApi(Context ctx) {
        ctx.contentType("application/json").result(OpenApi.describe(api.routes()));
    }

    void metrics(Context ctx) {
        List<io.micrometer.core.instrument.MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Object[] r : alerts.openCounts()) {
            rows.add(io.micrometer.core.instrument.MultiGauge.Row.of(io.micrometer.core.instrument.Tags.of("model", (String) r[0], "severity",
                    (String) r[1]), (Long) r[2]));
        }
        openAlerts.register(rows, true);
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }

    void listModels(Context ctx) {
        ArrayNode a = JSON.createArrayNode();
        for (ModelStore.StoredModel m : models.list()) {
            a.add(modelJson(m));
        }
        ObjectNode o = JSON.createObjectNode();
        o.set("models", a);
        Api.json(ctx, o);
    }

    ObjectNode modelJson(ModelStore.StoredModel m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", m.name());
        // the registry's stage of the model version that makes these predictions (its definition's 'registered')
        o.put("stage", stage.apply(m.definition()));
        o.put("created", m.created().toInstant().toString());
        o.set("definition", JSON.valueToTree(m.definition()));
        o.put("reference", m.reference() != null ? "given with the definition" : "the first window");
        // the bins and levels windows are counted on (null until the reference or the first batch sets them)
        if (m.profile() == null) {
            o.putNull("profile");
        } else {
            o.set("profile", dev.probity.report.json.WindowsJson.profileJson(m.profile()));
        }
        return o;
    }

    void defineModel(Context ctx) throws Exception {
        JsonNode root = JSON.readTree(api.body(ctx));
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
        Api.json(ctx, modelJson(models.get(def.name()).orElseThrow()));
    }

    void getModel(Context ctx) {
        ModelStore.StoredModel m = api.model(ctx);
        ObjectNode o = modelJson(m);
        List<Statistics.Window> ws = statistics.windows(m.name(), null, null);
        o.put("windows", ws.size());
        o.put("predictions", ws.stream().mapToLong(Statistics.Window::predictions).sum());
        o.put("labelled", ws.stream().mapToLong(Statistics.Window::labelled).sum());
        Api.json(ctx, o);
    }

    void fairness(Context ctx) throws Exception {
        ModelStore.StoredModel m = api.model(ctx);
        Statistics.Fairness f = statistics.fairness(m.definition(), Api.instant(ctx, "from"), Api.instant(ctx, "to"));
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
        Api.json(ctx, o);
    }

    void performance(Context ctx) {
        ModelStore.StoredModel m = api.model(ctx);
        Statistics.Performance p = statistics.performance(m.definition(), Api.instant(ctx, "from"), Api.instant(ctx, "to"));
        ObjectNode o = JSON.createObjectNode();
        o.put("schema", "probity.service-performance/v1");
        o.put("model", m.name());
        o.put("method", "CBPE: the expected confusion matrix of each window's scored decisions, the scores calibrated by histogram binning ("
                + dev.probity.monitor.perf.ScoreSketch.BINS + " bins) on every labelled, scored prediction of the span");
        o.put("assumes", "the chance of a positive outcome at a given score has not changed since the labelled predictions (no concept "
                + "drift); the band is the sampling error of the decisions, not the calibration's");
        o.put("calibratedOn", p.calibratedOn());
        o.put("calibratedPositive", p.calibratedPositive());
        if (p.note() != null) {
            o.put("note", p.note());
        }
        var windows = o.putArray("windows");
        for (Statistics.PerformanceWindow w : p.windows()) {
            ObjectNode n = windows.addObject();
            n.put("window", w.window());
            n.put("start", w.start().toString());
            n.put("scored", w.scored());
            n.put("unscored", w.unscored());
            n.put("labelled", w.labelled());
            if (w.realizedAccuracy() == null) {
                n.putNull("realizedAccuracy");
            } else {
                n.put("realizedAccuracy", w.realizedAccuracy());
            }
            n.set("estimated", estimate(w.estimate()));
            ObjectNode g = n.putObject("groups");
            w.groups().forEach((k, e) -> g.set(k, estimate(e)));
        }
        Api.json(ctx, o);
    }

    private static ObjectNode estimate(dev.probity.monitor.perf.ScoreSketch.Estimate e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("rows", e.rows());
        put(n, "accuracy", e.accuracy());
        put(n, "low", e.low());
        put(n, "high", e.high());
        put(n, "tpr", e.tpr());
        put(n, "fpr", e.fpr());
        put(n, "selectionRate", e.selection());
        return n;
    }

    private static void put(ObjectNode n, String k, double v) {
        if (Double.isFinite(v)) {
            n.put(k, v);
        } else {
            n.putNull(k);
        }
    }

    private static double number(Context ctx, String param) {
        try {
            return Double.parseDouble(ctx.queryParam(param).strip());
        } catch (NumberFormatException e) {
            throw new InputException(param + " is a number", new InputException.Location("query", 0, 0, param, ctx.queryParam(param)));
        }
    }

    void selection(Context ctx) {
        ModelStore.StoredModel m = api.model(ctx);
        String attribute = ctx.queryParam("attribute");
        List<String> attrs = attribute == null ? m.definition().protectedAttributes() : List.of(attribute);
        for (String a : attrs) {
            if (!m.definition().protectedAttributes().contains(a)) {
                throw new InputException("'" + a + "' is not a protected attribute of " + m.name() + " (" + m.definition().protectedAttributes() + ")",
                        new InputException.Location("query", 0, 0, "attribute", a));
            }
        }
        Instant from = Api.instant(ctx, "from");
        Instant to = Api.instant(ctx, "to");
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
        Api.json(ctx, o);
    }

    void monitor(Context ctx) throws Exception {
        ModelStore.StoredModel m = api.model(ctx);
        MonitorResult r = statistics.monitor(m, Api.instant(ctx, "from"), Api.instant(ctx, "to"));
        if (r == null) {
            ObjectNode o = JSON.createObjectNode();
            o.put("model", m.name());
            o.putNull("monitor");
            o.put("note", "no predictions in these windows yet");
            Api.json(ctx, o);
            return;
        }
        ctx.contentType("application/json").result(MonitorJson.toString(r));
    }

    void prediction(Context ctx) {
        ModelStore.StoredModel m = api.model(ctx);
        String id = ctx.pathParam("id");
        ObjectNode o = statistics.prediction(m.name(), id)
                .orElseThrow(() -> new Ingestion.NotFoundException("no prediction '" + InputException.shown(id) + "' of " + m.name()));
        Api.json(ctx, o);
    }

    void auditUpload(Context ctx) throws Exception {
        byte[] b = api.body(ctx);
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
        if (ctx.queryParam("where") != null) {
            spec.where(ctx.queryParam("where"));
        }
        for (String d : ctx.queryParams("derive")) {
            int eq = d.indexOf('=');
            if (eq < 1) {
                throw new InputException("derive is NAME=EXPRESSION", new InputException.Location("query", 0, 0, "derive", d));
            }
            spec.derive(d.substring(0, eq).strip(), d.substring(eq + 1));
        }
        if (ctx.queryParam("minGroupRows") != null) {
            try {
                spec.minGroupRows(Integer.parseInt(ctx.queryParam("minGroupRows").strip()));
            } catch (NumberFormatException e) {
                throw new InputException("minGroupRows is a whole number", new InputException.Location("query", 0, 0, "minGroupRows",
                        ctx.queryParam("minGroupRows")));
            }
        }
        if (ctx.queryParam("tolerance") != null) {
            spec.tolerance(number(ctx, "tolerance"));
        }
        if (ctx.queryParam("confidence") != null) {
            spec.confidence(number(ctx, "confidence"));
        }
        if (ctx.queryParam("dropMissing") != null) {
            spec.dropMissing(Boolean.parseBoolean(ctx.queryParam("dropMissing")));
        }
        dev.probity.core.frame.Frame f = dev.probity.core.io.DataReader.read("the uploaded CSV", b,
                Api.csvOptions(ctx), dev.probity.core.io.Format.CSV);
        dev.probity.fairness.audit.AuditResult r = dev.probity.fairness.audit.Audit.run(f, spec.build());
        ctx.contentType("application/json").result(AuditJson.toString(r));
    }
}
