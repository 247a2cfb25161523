package dev.probity.report.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probity.core.InputException;
import dev.probity.core.stats.Interval;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.Comparison;
import dev.probity.fairness.audit.GroupDisparity;
import dev.probity.fairness.audit.GroupResult;
import dev.probity.fairness.audit.MetricTable;
import dev.probity.fairness.audit.Summary;
import dev.probity.fairness.metrics.Estimate;
import dev.probity.fairness.metrics.ScoreMetrics;
import dev.probity.fairness.metrics.Value;
import dev.probity.fairness.regulatory.FourFifths;
import dev.probity.fairness.regulatory.LocalLaw144;
import dev.probity.fairness.stats.Confusion;
import dev.probity.core.model.TaskKind;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads what {@link AuditJson} writes back into an {@link AuditResult} equal to the one written. */
final class AuditReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String source;

    private AuditReader(String source) {
        this.source = source;
    }

    static AuditResult read(byte[] bytes, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new InputException(source + ": " + dev.probity.core.io.JsonErrors.describe(bytes, e));
        }
        if (root == null || !AuditResult.SCHEMA.equals(root.path("schema").asText())) {
            throw new InputException(source + ": not a Probity audit (no \"schema\": \"" + AuditResult.SCHEMA + "\")");
        }
        try {
            return new AuditReader(source).result(root);
        } catch (RuntimeException e) {
            if (e instanceof InputException) {
                throw e;
            }
            throw new InputException(source + ": a damaged " + AuditResult.SCHEMA + " document (" + e + ")", e);
        }
    }

    private AuditResult result(JsonNode r) {
        JsonNode in = r.path("input");
        Map<String, String> derived = new LinkedHashMap<>();
        in.path("derived").fields().forEachRemaining(e -> derived.put(e.getKey(), e.getValue().asText()));
        AuditResult.Input input = new AuditResult.Input(in.path("source").asText(), in.path("engine").asText(), in.path("rows_read").asLong(),
                in.path("rows_after_filter").asLong(), in.path("rows_dropped").asLong(), r.path("rows").asLong(),
                in.path("weighted_size").asDouble(), text(in.get("where")), derived);
        JsonNode ro = r.path("roles");
        AuditResult.RolesInfo roles = new AuditResult.RolesInfo(ro.path("label").asText(), text(ro.get("positive_label")),
                text(ro.get("prediction")), text(ro.get("positive_prediction")), text(ro.get("score")),
                ro.path("threshold").isNull() ? null : ro.path("threshold").asDouble(), text(ro.get("weight")), strings(ro.path("protected")),
                text(ro.get("strata")), ro.path("classes").isNull() ? null : strings(ro.path("classes")), strings(ro.path("features")));
        JsonNode st = r.path("settings");
        List<Double> alphas = new ArrayList<>();
        st.path("entropy_alphas").forEach(a -> alphas.add(a.asDouble()));
        AuditResult.Settings settings = new AuditResult.Settings(st.path("confidence").asDouble(), st.path("tolerance").asDouble(),
                st.path("min_group_size").asInt(), st.path("bootstrap").asInt(), st.path("seed").asLong(), st.path("interval_method").asText(),
                st.path("p_value_adjustment").asText(), st.path("ll144_min_share").asDouble(), st.path("four_fifths_threshold").asDouble(),
                alphas, st.path("concentration").asDouble(), st.path("neighbours").asInt());
        TaskKind task = TaskKind.valueOf(r.path("task").asText().toUpperCase(Locale.ROOT));
        GroupResult overall = group(r.path("overall"));
        List<MetricTable> attributes = new ArrayList<>();
        r.path("attributes").forEach(a -> attributes.add(attribute(a)));
        Map<String, Estimate> dataset = estimates(r, "dataset");
        List<AuditResult.Finding> findings = new ArrayList<>();
        r.path("findings").forEach(f -> findings.add(new AuditResult.Finding(f.path("severity").asText(), text(f.get("attribute")),
                text(f.get("group")), text(f.get("metric")), f.path("text").asText())));
        List<AuditResult.RuleOutcome> rules = new ArrayList<>();
        r.path("rules").forEach(o -> rules.add(new AuditResult.RuleOutcome(o.path("rule").asText(), o.path("passed").asBoolean(),
                o.path("detail").asText())));
        return new AuditResult(input, roles, task, overall, attributes, dataset, settings, findings, rules, strings(r.path("warnings")));
    }

    private MetricTable attribute(JsonNode a) {
        List<GroupResult> groups = new ArrayList<>();
        a.path("groups").forEach(g -> groups.add(group(g)));
        Map<String, Summary> aggregates = new LinkedHashMap<>();
        a.path("aggregates").fields().forEachRemaining(e -> {
            JsonNode s = e.getValue();
            Map<String, Estimate> values = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> v = it.next();
                if (!List.of("min_group", "max_group", "undefined_groups", "undefined", "intervals").contains(v.getKey())) {
                    values.put(v.getKey(), estimate(v.getValue(), s.path("undefined").get(v.getKey()), s.path("intervals").get(v.getKey())));
                }
            }
            aggregates.put(e.getKey(), new Summary(text(s.get("min_group")), text(s.get("max_group")), values, s.path("undefined_groups").asInt()));
        });
        List<GroupDisparity> disparities = new ArrayList<>();
        a.path("disparities").forEach(d -> disparities.add(disparity(d)));
        FourFifths ff = a.path("four_fifths").isNull() || a.path("four_fifths").isMissingNode() ? null : fourFifths(a.path("four_fifths"));
        List<LocalLaw144> ll = new ArrayList<>();
        a.path("ll144").forEach(t -> ll.add(ll144(t)));
        return new MetricTable(a.path("name").asText(), strings(a.path("columns")), a.path("reference").asText(),
                a.path("reference_rule").asText(), groups, aggregates, estimates(a, "summary"), disparities, estimates(a, "entropy"),
                estimates(a, "differential_fairness"), ff, ll, a.path("intersection").asBoolean());
    }

    private GroupResult group(JsonNode g) {
        if (g == null || g.isNull() || g.isMissingNode()) {
            return null;
        }
        Confusion counts = g.has("tp") ? new Confusion(g.path("tp").asDouble(), g.path("fp").asDouble(), g.path("tn").asDouble(),
                g.path("fn").asDouble()) : null;
        JsonNode w = g.get("weighted");
        Confusion weighted = w == null ? null : new Confusion(w.path("tp").asDouble(), w.path("fp").asDouble(), w.path("tn").asDouble(),
                w.path("fn").asDouble());
        Map<String, Estimate> metrics = new LinkedHashMap<>();
        g.path("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(),
                estimate(e.getValue(), g.path("undefined").get(e.getKey()), g.path("intervals").get(e.getKey()))));
        Map<String, Map<String, Estimate>> perClass = null;
        if (g.has("one_vs_rest")) {
            perClass = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = g.path("one_vs_rest").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> c = it.next();
                JsonNode und = g.path("one_vs_rest_undefined").path(c.getKey());
                JsonNode ints = g.path("one_vs_rest_intervals").path(c.getKey());
                Map<String, Estimate> m = new LinkedHashMap<>();
                c.getValue().fields().forEachRemaining(e -> m.put(e.getKey(), estimate(e.getValue(), und.get(e.getKey()), ints.get(e.getKey()))));
                perClass.put(c.getKey(), m);
            }
        }
        long[][] matrix = null;
        if (g.has("confusion_matrix")) {
            JsonNode cm = g.get("confusion_matrix");
            matrix = new long[cm.size()][];
            for (int i = 0; i < matrix.length; i++) {
                matrix[i] = new long[cm.get(i).size()];
                for (int j = 0; j < matrix[i].length; j++) {
                    matrix[i][j] = cm.get(i).get(j).asLong();
                }
            }
        }
        double[] quantiles = null;
        if (g.has("quantiles")) {
            JsonNode q = g.get("quantiles");
            quantiles = new double[] {q.path("min").asDouble(), q.path("q25").asDouble(), q.path("median").asDouble(),
                q.path("q75").asDouble(), q.path("max").asDouble()};
        }
        List<ScoreMetrics.Bin> calibration = null;
        if (g.has("calibration")) {
            calibration = new ArrayList<>();
            for (JsonNode b : g.get("calibration")) {
                calibration.add(new ScoreMetrics.Bin(b.path("low").asDouble(), b.path("high").asDouble(), b.path("size").asDouble(),
                        b.path("n").asLong(), value(b.get("mean_score"), b.get("mean_score_undefined")),
                        value(b.get("positive_rate"), b.get("positive_rate_undefined"))));
            }
        }
        return new GroupResult(g.path("name").asText(), strings(g.path("key")), g.path("n").asLong(), g.path("size").asDouble(),
                g.path("share").asDouble(), counts, weighted, metrics, strings(g.path("flags")), calibration, quantiles, perClass, matrix);
    }

    private GroupDisparity disparity(JsonNode d) {
        List<Comparison> cs = new ArrayList<>();
        d.path("metrics").fields().forEachRemaining(e -> {
            JsonNode c = e.getValue();
            Estimate diff = estimate(c.get("difference"), c.get("difference_undefined"), c.get("difference_interval"));
            Estimate ratio = estimate(c.get("ratio"), c.get("undefined"), c.get("ratio_interval"));
            cs.add(new Comparison(e.getKey(), c.path("reference").asText(), diff, ratio,
                    c.path("parity").isNull() ? null : c.path("parity").asBoolean(), number(c.get("p_value")), text(c.get("test")),
                    number(c.get("p_adjusted"))));
        });
        Map<String, Boolean> verdicts = new LinkedHashMap<>();
        d.path("aequitas").fields().forEachRemaining(e -> verdicts.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asBoolean()));
        return new GroupDisparity(d.path("group").asText(), cs, estimates(d, "aif360"), estimates(d, "clarify"), verdicts);
    }

    private FourFifths fourFifths(JsonNode f) {
        List<FourFifths.Row> rows = new ArrayList<>();
        for (JsonNode r : f.path("rows")) {
            rows.add(new FourFifths.Row(r.path("group").asText(), r.path("n").asLong(), r.path("selected").asDouble(),
                    estimate(r.get("selection_rate"), r.get("selection_rate_undefined"), r.get("selection_rate_interval")),
                    estimate(r.get("impact_ratio"), r.get("impact_ratio_undefined"), r.get("impact_ratio_interval")),
                    r.path("adverse_impact").isNull() ? null : r.path("adverse_impact").asBoolean(), r.path("small").asBoolean()));
        }
        return new FourFifths(text(f.get("highest_group")), value(f.get("highest_rate"), f.get("highest_rate_undefined")), rows,
                f.path("threshold").asDouble());
    }

    private LocalLaw144 ll144(JsonNode t) {
        List<LocalLaw144.Row> rows = new ArrayList<>();
        for (JsonNode r : t.path("rows")) {
            rows.add(new LocalLaw144.Row(r.path("category").asText(), r.path("n").asLong(), r.path("share").asDouble(),
                    r.path("positive").asDouble(), estimate(r.get("rate"), r.get("rate_undefined"), r.get("rate_interval")),
                    estimate(r.get("impact_ratio"), r.get("impact_ratio_undefined"), r.get("impact_ratio_interval")),
                    r.path("excluded").asBoolean()));
        }
        return new LocalLaw144(t.path("kind").asText(), rows, t.path("unknown").asLong(), t.path("min_share").asDouble(),
                t.path("sample_median").isNull() ? null : t.path("sample_median").asDouble(), text(t.get("highest_category")));
    }

    /** A map of estimates written by {@code AuditJson.estimates}: values, then {@code name_undefined} and {@code name_intervals}. */
    private Map<String, Estimate> estimates(JsonNode parent, String name) {
        Map<String, Estimate> out = new LinkedHashMap<>();
        JsonNode und = parent.path(name + "_undefined");
        JsonNode ints = parent.path(name + "_intervals");
        parent.path(name).fields().forEachRemaining(e -> out.put(e.getKey(), estimate(e.getValue(), und.get(e.getKey()), ints.get(e.getKey()))));
        return out;
    }

    private Estimate estimate(JsonNode value, JsonNode undefined, JsonNode interval) {
        Value v = value(value, undefined);
        if (interval == null || interval.isNull()) {
            return new Estimate(v);
        }
        Interval shown = interval.has("low") && !interval.path("low").isNull() ? new Interval(interval.path("low").asDouble(), interval.path("high").asDouble(),
                interval.path("level").asDouble(), interval.path("method").asText()) : null;
        boolean bootstrap = interval.path("bootstrap").asBoolean(false) && shown != null;
        int undefinedReplicates = interval.path("undefined_replicates").asInt(0);
        Interval analytic = bootstrap ? null : shown;
        JsonNode a = interval.get("analytic");
        if (a != null) {
            analytic = new Interval(a.path("low").asDouble(), a.path("high").asDouble(), a.path("level").asDouble(), a.path("method").asText());
        }
        String withheld = interval.hasNonNull("bootstrap_withheld") ? interval.get("bootstrap_withheld").asText() : null;
        return new Estimate(v, analytic, bootstrap ? shown : null, undefinedReplicates, withheld);
    }

    private Value value(JsonNode value, JsonNode undefined) {
        if (value == null || value.isNull()) {
            if (undefined == null || undefined.isNull()) {
                throw new InputException(source + ": a value is null without a reason");
            }
            return Value.undefined(undefined.asText());
        }
        return Value.of(value.asDouble());
    }

    private static double number(JsonNode n) {
        return n == null || n.isNull() ? Double.NaN : n.asDouble();
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asText()));
        return out;
    }
}
