package dev.probity.cli;

import dev.probity.explain.global.GlobalViews;
import dev.probity.explain.reasons.Reasons;
import dev.probity.explain.shap.Explanation;
import dev.probity.report.html.ExplainHtml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns {@code probity explain}'s results into the HTML page's view. */
final class ExplainPages {
    private ExplainPages() {
    }

    @SuppressWarnings("unchecked")
    static String render(String method, String source, String model, List<Map<String, Object>> results) {
        if (method.equals("global")) {
            Map<String, Object> g = results.get(0);
            List<ExplainHtml.Bar> importance = new ArrayList<>();
            Object imp = g.get("permutation_importance");
            if (imp != null) {
                for (GlobalViews.Importance i : (List<GlobalViews.Importance>) imp) {
                    importance.add(new ExplainHtml.Bar(i.feature(), i.mean(), i.low(), i.high()));
                }
            }
            List<ExplainHtml.Bar> meanAbs = new ArrayList<>();
            for (Map.Entry<String, Double> e : ((Map<String, Double>) g.get("mean_abs_shap")).entrySet()) {
                meanAbs.add(new ExplainHtml.Bar(e.getKey(), e.getValue(), e.getValue(), e.getValue()));
            }
            List<ExplainHtml.Curve> curves = new ArrayList<>();
            for (Object o : (List<Object>) g.get("partial_dependence")) {
                GlobalViews.Dependence d = (GlobalViews.Dependence) o;
                curves.add(new ExplainHtml.Curve(d.feature(), d.labels(), d.mean()));
            }
            Map<String, Object> s = (Map<String, Object>) g.get("surrogate_tree");
            return ExplainHtml.render("Global explanation", source, model, List.of(),
                    new ExplainHtml.Global(importance, meanAbs, curves, (String) s.get("rules"), (Double) s.get("r2")));
        }
        List<ExplainHtml.Row> rows = new ArrayList<>();
        for (Map<String, Object> r : results) {
            Explanation e = (Explanation) r.get("explanation");
            List<String> reasons = new ArrayList<>();
            Object rs = r.get("reasons");
            if (rs != null) {
                for (Reasons.Reason reason : (List<Reasons.Reason>) rs) {
                    reasons.add(reason.code() + " — " + reason.statement());
                }
            }
            List<Map<String, String>> cfs = new ArrayList<>();
            Object c = r.get("counterfactuals");
            if (c != null) {
                int k = 1;
                for (Map<String, Object> cf : (List<Map<String, Object>>) c) {
                    List<String> changes = new ArrayList<>();
                    ((Map<String, String>) cf.get("changes")).forEach((name, change) -> changes.add(name + ": " + change));
                    cfs.add(Map.of("index", Integer.toString(k++), "changes", String.join("; ", changes),
                            "score", String.format(Locale.ROOT, "%.4f", (Double) cf.get("score_after")),
                            "distance", String.format(Locale.ROOT, "%.3f", (Double) cf.get("distance"))));
                }
            }
            Map<String, String> facts = new LinkedHashMap<>();
            if (e != null) {
                e.facts().forEach((k, v) -> facts.put(k, String.valueOf(v)));
            }
            rows.add(new ExplainHtml.Row((Integer) r.get("row"), e != null ? e.method() : method, e != null ? e.prediction() : Double.NaN,
                    e != null ? e.base() : Double.NaN, e != null ? e.features() : List.of(), e != null ? e.featureValues() : List.of(),
                    e != null ? e.values() : null, reasons, (String) r.get("plain_language"), cfs, facts));
        }
        return ExplainHtml.render("Explanations (" + method + ")", source, model, rows, null);
    }
}
