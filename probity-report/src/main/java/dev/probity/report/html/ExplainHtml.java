package dev.probity.report.html;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.probity.explain.ExplainResult;
import dev.probity.explain.global.GlobalViews;
import dev.probity.explain.reasons.Reasons;
import dev.probity.explain.shap.Explanation;
import dev.probity.report.json.AuditJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained page of explanations: for each explained row a waterfall from the base value to the
 * prediction and its table; with several rows a summary (beeswarm) of every row's values per feature and
 * the mean |value| bar chart; reasons, plain language and counterfactual tables; and, for global views,
 * importance bars with their intervals and partial-dependence lines. Chart.js is inlined; the body gets
 * {@code data-charts-rendered} when the charts are drawn.
 */
public final class ExplainHtml {
    private static final Template TEMPLATE = Mustache.compiler().defaultValue("")
            .compile(AuditHtml.resource("/dev/probity/report/explain.html.mustache"));

    private ExplainHtml() {
    }

    /** One explained row. */
    public record Row(int row, String method, double prediction, double base, List<String> features, List<String> values,
                      double[] contributions, List<String> reasons, String plainLanguage, List<Map<String, String>> counterfactuals,
                      Map<String, String> facts) {
    }

    /** One bar with an interval (importance) or without (mean |SHAP|). */
    public record Bar(String name, double value, double low, double high) {
    }

    /** A partial-dependence curve. */
    public record Curve(String feature, List<String> grid, double[] mean) {
    }

    public record Global(List<Bar> importance, List<Bar> meanAbs, List<Curve> dependence, String surrogateRules, double surrogateR2) {
    }

    /** The page of an explanation run. */
    public static String render(ExplainResult r) {
        if (r.global() != null) {
            ExplainResult.Global g = r.global();
            List<Bar> importance = new ArrayList<>();
            if (g.permutationImportance() != null) {
                for (GlobalViews.Importance i : g.permutationImportance()) {
                    importance.add(new Bar(i.feature(), i.mean(), i.low(), i.high()));
                }
            }
            List<Bar> meanAbs = new ArrayList<>();
            for (ExplainResult.MeanAbs e : g.meanAbsShap()) {
                meanAbs.add(new Bar(e.feature(), e.value(), e.value(), e.value()));
            }
            List<Curve> curves = new ArrayList<>();
            for (GlobalViews.Dependence d : g.partialDependence()) {
                curves.add(new Curve(d.feature(), d.labels(), d.mean()));
            }
            return render("Global explanation", r.source(), r.model(), List.of(),
                    new Global(importance, meanAbs, curves, g.surrogateRules(), g.surrogateR2()), r.warnings());
        }
        List<Row> rows = new ArrayList<>();
        for (ExplainResult.Row row : r.rows()) {
            Explanation e = row.explanation();
            List<String> reasons = new ArrayList<>();
            for (Reasons.Reason reason : row.reasons()) {
                reasons.add(reason.code() + " — " + reason.statement());
            }
            List<Map<String, String>> cfs = new ArrayList<>();
            int k = 1;
            for (ExplainResult.Counterfactual cf : row.counterfactuals()) {
                List<String> changes = new ArrayList<>();
                cf.changes().forEach((name, change) -> changes.add(name + ": " + change));
                cfs.add(Map.of("index", Integer.toString(k++), "changes", String.join("; ", changes),
                        "score", String.format(Locale.ROOT, "%.4f", cf.scoreAfter()),
                        "before", String.format(Locale.ROOT, "%.4f", cf.scoreBefore()),
                        "distance", String.format(Locale.ROOT, "%.3f", cf.distance())));
            }
            Map<String, String> facts = new LinkedHashMap<>();
            if (e != null) {
                e.facts().forEach((key, v) -> facts.put(key, String.valueOf(v)));
            }
            rows.add(new Row(row.row(), e != null ? e.method() : r.method(), e != null ? e.prediction() : Double.NaN,
                    e != null ? e.base() : Double.NaN, e != null ? e.features() : List.of(), e != null ? e.featureValues() : List.of(),
                    e != null ? e.values() : null, reasons, row.plainLanguage(), cfs, facts));
        }
        return render("Explanations (" + r.method() + ")", r.source(), r.model(), rows, null, r.warnings());
    }

    public static String render(String title, String source, String model, List<Row> rows, Global global) {
        return render(title, source, model, rows, global, List.of());
    }

    public static String render(String title, String source, String model, List<Row> rows, Global global, List<String> warnings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("warnings", warnings);
        m.put("hasWarnings", !warnings.isEmpty());
        m.put("version", AuditJson.VERSION);
        m.put("title", title);
        m.put("source", source);
        m.put("model", model);
        m.put("css", AuditHtml.resource("/dev/probity/report/report.css"));
        m.put("chartjs", ChartJs.script());
        List<Map<String, Object>> rs = new ArrayList<>();
        StringBuilder data = new StringBuilder("{\"rows\":[");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", "row" + i);
            x.put("row", r.row());
            x.put("method", r.method());
            x.put("prediction", f(r.prediction()));
            x.put("base", f(r.base()));
            x.put("unit", unit(r.facts()));
            x.put("hasChart", r.contributions() != null);
            List<Map<String, String>> table = new ArrayList<>();
            if (r.contributions() != null) {
                Integer[] order = order(r.contributions());
                for (int j : order) {
                    table.add(Map.of("feature", r.features().get(j), "value", r.values().get(j),
                            "contribution", String.format(Locale.ROOT, "%+.4f", r.contributions()[j])));
                }
            }
            x.put("table", table);
            x.put("reasons", r.reasons());
            x.put("plain", r.plainLanguage());
            x.put("counterfactuals", r.counterfactuals());
            List<Map<String, String>> facts = new ArrayList<>();
            r.facts().forEach((k, v) -> facts.add(Map.of("key", k, "value", v)));
            x.put("facts", facts);
            rs.add(x);
            data.append(i == 0 ? "" : ",").append("{\"id\":\"row").append(i).append("\",\"base\":").append(JsonText.num(r.base()))
                    .append(",\"prediction\":").append(JsonText.num(r.prediction())).append(",\"features\":").append(strings(r.features()))
                    .append(",\"conditions\":").append("lime".equals(r.method()))
                    .append(",\"remainder\":").append(JsonText.str(r.facts().containsKey("local_fidelity_r2")
                            ? "not explained by LIME's local surrogate (R² " + r.facts().get("local_fidelity_r2").substring(0,
                            Math.min(4, r.facts().get("local_fidelity_r2").length())) + ")" : "not explained by the contributions"))
                    .append(",\"values\":").append(strings(r.values())).append(",\"contributions\":").append(nums(r.contributions())).append('}');
        }
        data.append("],\"summary\":").append(rows.size() > 1 && rows.get(0).contributions() != null);
        if (global != null) {
            data.append(",\"importance\":").append(bars(global.importance())).append(",\"meanAbs\":").append(bars(global.meanAbs()))
                    .append(",\"dependence\":[");
            for (int i = 0; i < global.dependence().size(); i++) {
                Curve c = global.dependence().get(i);
                data.append(i == 0 ? "" : ",").append("{\"feature\":").append(JsonText.str(c.feature())).append(",\"grid\":").append(strings(c.grid()))
                        .append(",\"mean\":").append(nums(c.mean())).append('}');
            }
            data.append(']');
            m.put("global", true);
            m.put("rules", global.surrogateRules());
            m.put("surrogateR2", f(global.surrogateR2()));
            m.put("hasImportance", global.importance() != null && !global.importance().isEmpty());
            List<Map<String, String>> deps = new ArrayList<>();
            for (int i = 0; i < global.dependence().size(); i++) {
                deps.add(Map.of("id", "dep" + i, "feature", global.dependence().get(i).feature()));
            }
            m.put("dependence", deps);
        }
        m.put("summary", rows.size() > 1 && rows.get(0).contributions() != null);
        m.put("rows", rs);
        m.put("data", data.append('}').toString().replace("<", "\\u003c"));
        return TEMPLATE.execute(m);
    }

    /** What the prediction is measured in, when it is not a probability: "log-odds (raw score)" for tree margins. */
    public static String unit(Map<String, String> facts) {
        String out = facts.get("output");
        if (out == null) {
            return "";
        }
        if (out.startsWith("raw score (logistic") || out.startsWith("raw score (logit")) {
            return "log-odds (raw score)";
        }
        return out;
    }

    private static Integer[] order(double[] v) {
        Integer[] o = new Integer[v.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = i;
        }
        java.util.Arrays.sort(o, (a, b) -> Double.compare(Math.abs(v[b]), Math.abs(v[a])));
        return o;
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String bars(List<Bar> bars) {
        if (bars == null) {
            return "[]";
        }
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < bars.size(); i++) {
            Bar x = bars.get(i);
            b.append(i == 0 ? "" : ",").append("{\"name\":").append(JsonText.str(x.name())).append(",\"value\":").append(JsonText.num(x.value()))
                    .append(",\"low\":").append(JsonText.num(x.low())).append(",\"high\":").append(JsonText.num(x.high())).append('}');
        }
        return b.append(']').toString();
    }

    private static String nums(double[] v) {
        if (v == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ",").append(JsonText.num(v[i]));
        }
        return b.append(']').toString();
    }

    private static String strings(List<String> v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.size(); i++) {
            b.append(i == 0 ? "" : ",").append(JsonText.str(v.get(i)));
        }
        return b.append(']').toString();
    }
}
