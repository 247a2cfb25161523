package dev.probity.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.stats.Interval;
import dev.probity.fairness.metrics.Estimate;
import dev.probity.monitor.window.MonitorResult;
import dev.probity.server.auth.Role;
import dev.probity.server.store.Alerts;
import dev.probity.server.store.ModelStore;
import dev.probity.server.store.Statistics;
import dev.probity.server.store.TokenStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the dashboard's page of one model shows, from the same statistics the API answers from: selection rates and true
 * positive rates per group and window (chart data), drift per column and window, windows without groups and why, the
 * performance estimated before labels beside the realized one, and the model's alerts. {@link Dashboard} routes,
 * authenticates and renders; this class only gathers the values.
 */
final class ModelPage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Statistics statistics;
    private final Alerts alerts;
    /** Null when the service keeps no evidence log. */
    private final EvidencePages evidencePages;
    private final Function<ModelStore.StoredModel, String> stageOf;

    ModelPage(Statistics statistics, Alerts alerts, EvidencePages evidencePages, Function<ModelStore.StoredModel, String> stageOf) {
        this.statistics = statistics;
        this.alerts = alerts;
        this.evidencePages = evidencePages;
        this.stageOf = stageOf;
    }

    /** The values of the "model" template for model {@code m} as {@code who} sees it. */
    Map<String, Object> values(ModelStore.StoredModel m, TokenStore.Caller who) {
        var def = m.definition();
        ObjectNode data = JSON.createObjectNode();
        ArrayNode charts = data.putArray("attributes");
        for (String attribute : def.protectedAttributes()) {
            ObjectNode a = charts.addObject();
            a.put("attribute", attribute);
            String ref = def.references().get(attribute);
            Map<Instant, List<Statistics.Selection>> sel = statistics.selection(def, attribute, null, null);
            ArrayNode labels = a.putArray("windows");
            ObjectNode rates = a.putObject("selection");
            ObjectNode counts = a.putObject("counts");
            for (Map.Entry<Instant, List<Statistics.Selection>> e : sel.entrySet()) {
                labels.add(def.window().label(e.getKey()));
            }
            int i = 0;
            for (Map.Entry<Instant, List<Statistics.Selection>> e : sel.entrySet()) {
                for (Statistics.Selection s : e.getValue()) {
                    ArrayNode series = rates.has(s.group()) ? (ArrayNode) rates.get(s.group()) : rates.putArray(s.group());
                    ArrayNode n = counts.has(s.group()) ? (ArrayNode) counts.get(s.group()) : counts.putArray(s.group());
                    while (series.size() < i) {
                        series.addNull();
                        n.add(0);
                    }
                    if (Double.isFinite(s.rate())) {
                        series.add(s.rate());
                    } else {
                        series.addNull();
                    }
                    n.add(s.predictions());
                }
                i++;
            }
            if (ref == null) {
                // the audit's default: the largest group
                long best = -1;
                for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e : iterable(counts)) {
                    long total = 0;
                    for (com.fasterxml.jackson.databind.JsonNode x : e.getValue()) {
                        total += x.asLong();
                    }
                    if (total > best) {
                        best = total;
                        ref = e.getKey();
                    }
                }
            }
            a.put("reference", ref);
        }
        MonitorResult monitor = statistics.monitor(m, null, null);
        List<Map<String, Object>> drift = new ArrayList<>();
        List<String> windowLabels = new ArrayList<>();
        List<Map<String, Object>> gaps = new ArrayList<>();
        if (monitor != null) {
            for (MonitorResult.WindowReport w : monitor.windows()) {
                windowLabels.add(w.label());
            }
            ObjectNode tpr = data.putObject("tpr");
            for (String attribute : def.protectedAttributes()) {
                ObjectNode byGroup = tpr.putObject(attribute);
                int i = 0;
                for (MonitorResult.WindowReport w : monitor.windows()) {
                    for (MonitorResult.GroupRates g : w.groups()) {
                        if (!g.attribute().equals(attribute)) {
                            continue;
                        }
                        ObjectNode s = byGroup.has(g.group()) ? (ObjectNode) byGroup.get(g.group()) : byGroup.putObject(g.group());
                        ArrayNode v = s.has("value") ? (ArrayNode) s.get("value") : s.putArray("value");
                        ArrayNode lo = s.has("low") ? (ArrayNode) s.get("low") : s.putArray("low");
                        ArrayNode hi = s.has("high") ? (ArrayNode) s.get("high") : s.putArray("high");
                        while (v.size() < i) {
                            v.addNull();
                            lo.addNull();
                            hi.addNull();
                        }
                        put(v, lo, hi, g.tpr());
                    }
                    i++;
                }
            }
            data.set("tprWindows", JSON.valueToTree(windowLabels));
            for (MonitorResult.WindowReport w : monitor.windows()) {
                if (w.groups().isEmpty() && w.note() != null) {
                    gaps.add(Map.of("window", w.label(), "why", w.note()));
                }
            }
            for (String column : def.features()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("column", column);
                List<Map<String, Object>> cells = new ArrayList<>();
                for (MonitorResult.WindowReport w : monitor.windows()) {
                    for (MonitorResult.ColumnDrift c : w.columns()) {
                        if (c.column().equals(column)) {
                            cells.add(Map.of("psi", Double.isFinite(c.psi()) ? String.format("%.3f", c.psi()) : "—", "level", c.level(), "window", w.label()));
                        }
                    }
                }
                row.put("cells", cells);
                drift.add(row);
            }
        }
        boolean canAck = who.role() == Role.ADMIN || who.role() == Role.ANALYST || who.role() == Role.APPROVER;
        List<Map<String, Object>> alertRows = new ArrayList<>();
        for (Alerts.Alert a : alerts.list(m.name(), false)) {
            alertRows.add(alertRow(a, canAck));
        }
        java.util.Collections.reverse(alertRows);
        Map<String, Object> ctxMap = new LinkedHashMap<>();
        ctxMap.put("who", who.name());
        ctxMap.put("model", m.name());
        ctxMap.put("stage", stageOf.apply(m));
        ctxMap.put("protected", String.join(", ", def.protectedAttributes()));
        ctxMap.put("positive", def.positivePrediction());
        ctxMap.put("positiveLabel", def.positiveLabel());
        ctxMap.put("period", def.period());
        ctxMap.put("reference", m.reference() != null ? "the reference given with the model's definition" : "the first window");
        ctxMap.put("tolerance", def.outcomeAudit().tolerance());
        data.put("fourFifths", def.outcomeAudit().fourFifths());
        Statistics.Performance perf = statistics.performance(def, null, null);
        ObjectNode pn = data.putObject("performance");
        ArrayNode pw = pn.putArray("windows");
        ArrayNode pe = pn.putArray("estimated");
        ArrayNode pl = pn.putArray("low");
        ArrayNode ph = pn.putArray("high");
        ArrayNode pr = pn.putArray("realized");
        for (Statistics.PerformanceWindow w : perf.windows()) {
            pw.add(w.window());
            pe.add(w.estimate().accuracy());
            pl.add(w.estimate().low());
            ph.add(w.estimate().high());
            if (w.realizedAccuracy() == null) {
                pr.addNull();
            } else {
                pr.add(w.realizedAccuracy());
            }
        }
        ctxMap.put("performanceNote", perf.note() == null ? "" : perf.note());
        ctxMap.put("hasPerformanceNote", perf.note() != null);
        ctxMap.put("calibratedOn", String.format(java.util.Locale.ROOT, "%,d", perf.calibratedOn()));
        ctxMap.put("fourFifths", def.outcomeAudit().fourFifths());
        ctxMap.put("data", Dashboard.scriptJson(data));
        ctxMap.put("canExplain", who.role() == Role.ANALYST || who.role() == Role.ADMIN);
        if (evidencePages != null) {
            ctxMap.putAll(evidencePages.stageOf(def.registered()));
        }
        ctxMap.put("drift", drift);
        ctxMap.put("gaps", gaps);
        ctxMap.put("hasGaps", !gaps.isEmpty());
        ctxMap.put("hasDrift", !drift.isEmpty());
        ctxMap.put("windows", windowLabels);
        ctxMap.put("alerts", alertRows);
        ctxMap.put("noAlerts", alertRows.isEmpty());
        ctxMap.put("noMonitor", monitor == null);
        return ctxMap;
    }

    private static Iterable<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> iterable(ObjectNode n) {
        List<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> out = new ArrayList<>();
        n.fields().forEachRemaining(out::add);
        return out;
    }

    private static void put(ArrayNode v, ArrayNode lo, ArrayNode hi, Estimate e) {
        if (e == null || !e.isDefined()) {
            v.addNull();
            lo.addNull();
            hi.addNull();
            return;
        }
        v.add(e.number());
        Interval i = e.interval();
        if (i == null) {
            lo.addNull();
            hi.addNull();
        } else {
            lo.add(i.low());
            hi.add(i.high());
        }
    }

    /** One alert as a table row; {@code canAck}: the viewer may acknowledge it. */
    static Map<String, Object> alertRow(Alerts.Alert a, boolean canAck) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", a.id());
        r.put("window", a.window());
        r.put("kind", a.kind());
        r.put("subject", a.subject());
        r.put("severity", a.severity());
        r.put("major", "major".equals(a.severity()));
        r.put("message", a.message());
        r.put("raised", a.raised().toInstant().toString().substring(0, 16).replace('T', ' '));
        r.put("acknowledged", a.acknowledged() != null);
        r.put("acknowledgedBy", a.acknowledgedBy());
        r.put("canAck", canAck && a.acknowledged() == null);
        return r;
    }
}
