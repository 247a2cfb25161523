package dev.probity.cli;

import dev.probity.explain.reasons.Reasons;
import dev.probity.explain.shap.Explanation;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Terminal rendering of explanations: the features by contribution with bars, reasons and counterfactuals. */
final class ExplainText {
    private ExplainText() {
    }

    @SuppressWarnings("unchecked")
    static void print(PrintWriter out, String method, List<Map<String, Object>> results) {
        if (method.equals("global")) {
            printGlobal(out, results.get(0));
            return;
        }
        for (Map<String, Object> r : results) {
            out.println("row " + r.get("row"));
            Explanation e = (Explanation) r.get("explanation");
            if (e != null) {
                out.printf(Locale.ROOT, "  %s: prediction %.4f, base %.4f%n", e.method(), e.prediction(), e.base());
                double max = 0;
                for (double v : e.values()) {
                    max = Math.max(max, Math.abs(v));
                }
                int shown = 0;
                for (int j : e.ranking()) {
                    if (shown++ >= 12 || e.values()[j] == 0) {
                        break;
                    }
                    double v = e.values()[j];
                    int len = max == 0 ? 0 : (int) Math.round(Math.abs(v) / max * 20);
                    String bar = (v < 0 ? "-" : "+").repeat(Math.max(len, 1));
                    String label = e.features().get(j);
                    String value = e.featureValues().get(j);
                    out.printf(Locale.ROOT, "  %-34s %-16s %+9.4f %s%n", shorten(label, 34), shorten(value, 16), v, bar);
                }
                for (Map.Entry<String, Object> f : e.facts().entrySet()) {
                    out.println("  " + f.getKey() + ": " + f.getValue());
                }
            }
            Object reasons = r.get("reasons");
            if (reasons != null) {
                out.println("  principal reasons:");
                for (Reasons.Reason reason : (List<Reasons.Reason>) reasons) {
                    out.printf(Locale.ROOT, "    %s  %s%n", reason.code(), reason.statement());
                }
                out.println("  " + r.get("plain_language"));
            }
            Object cfs = r.get("counterfactuals");
            if (cfs != null) {
                List<Map<String, Object>> list = (List<Map<String, Object>>) cfs;
                if (list.isEmpty()) {
                    out.println("  no counterfactual found within the constraints");
                }
                int k = 1;
                for (Map<String, Object> c : list) {
                    out.printf(Locale.ROOT, "  counterfactual %d (score %.4f -> %.4f, distance %.3f):%n", k++, (Double) c.get("score_before"),
                            (Double) c.get("score_after"), (Double) c.get("distance"));
                    for (Map.Entry<String, String> ch : ((Map<String, String>) c.get("changes")).entrySet()) {
                        out.println("    " + ch.getKey() + ": " + ch.getValue());
                    }
                }
            }
            out.println();
        }
    }

    @SuppressWarnings("unchecked")
    private static void printGlobal(PrintWriter out, Map<String, Object> g) {
        out.println("global view over " + g.get("rows") + " rows");
        Object imp = g.get("permutation_importance");
        if (imp != null) {
            out.println("  permutation importance (" + g.get("importance_score") + " drop, mean and 95% interval over 5 shuffles):");
            for (dev.probity.explain.global.GlobalViews.Importance i : (List<dev.probity.explain.global.GlobalViews.Importance>) imp) {
                out.printf(Locale.ROOT, "    %-28s %+.4f  [%+.4f, %+.4f]%n", shorten(i.feature(), 28), i.mean(), i.low(), i.high());
            }
        }
        out.println("  mean |SHAP| (KernelSHAP):");
        for (Map.Entry<String, Double> e : ((Map<String, Double>) g.get("mean_abs_shap")).entrySet()) {
            out.printf(Locale.ROOT, "    %-28s %.4f%n", shorten(e.getKey(), 28), e.getValue());
        }
        for (Object o : (List<Object>) g.get("partial_dependence")) {
            dev.probity.explain.global.GlobalViews.Dependence d = (dev.probity.explain.global.GlobalViews.Dependence) o;
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < d.grid().length; k++) {
                b.append(k == 0 ? "" : ", ").append(d.labels().get(k)).append(String.format(Locale.ROOT, " → %.3f", d.mean()[k]));
            }
            out.println("  partial dependence of " + d.feature() + ": " + b);
        }
        Map<String, Object> s = (Map<String, Object>) g.get("surrogate_tree");
        out.printf(Locale.ROOT, "  surrogate tree (depth 3): R² %.3f against the model, decisions agree on %.1f%% of rows%n",
                (Double) s.get("r2"), 100 * (Double) s.get("decision_agreement"));
        for (String line : ((String) s.get("rules")).split("\n")) {
            out.println("    " + line);
        }
    }

    private static String shorten(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
