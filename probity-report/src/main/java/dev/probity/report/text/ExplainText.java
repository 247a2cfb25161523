package dev.probity.report.text;

import dev.probity.explain.ExplainResult;
import dev.probity.explain.global.GlobalViews;
import dev.probity.explain.reasons.Reasons;
import dev.probity.explain.shap.Explanation;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** Terminal rendering of explanations: the features by contribution with bars, reasons and counterfactuals. */
public final class ExplainText {
    private ExplainText() {
    }

    public static void print(PrintWriter out, ExplainResult result) {
        if (result.global() != null) {
            printGlobal(out, result.global());
            return;
        }
        for (ExplainResult.Row r : result.rows()) {
            out.println("row " + r.row());
            Explanation e = r.explanation();
            if (e != null) {
                Map<String, String> facts = new java.util.LinkedHashMap<>();
                e.facts().forEach((k, v) -> facts.put(k, String.valueOf(v)));
                String unit = dev.probity.report.html.ExplainHtml.unit(facts);
                out.printf(Locale.ROOT, "  %s: prediction %.4f%s, base %.4f%n", e.method(), e.prediction(),
                        unit.isEmpty() ? "" : " " + unit, e.base());
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
                    out.printf(Locale.ROOT, "  %-34s %-16s %+9.4f %s%n", shorten(e.features().get(j), 34), shorten(e.featureValues().get(j), 16),
                            v, bar);
                }
                for (Map.Entry<String, Object> f : e.facts().entrySet()) {
                    out.println("  " + f.getKey() + ": " + f.getValue());
                }
                if (r.interactions() != null) {
                    printInteractions(out, e.features(), r.interactions());
                }
            }
            if (result.method().equals("reasons")) {
                out.println("  principal reasons:");
                for (Reasons.Reason reason : r.reasons()) {
                    out.printf(Locale.ROOT, "    %s  %s%n", reason.code(), reason.statement());
                }
                out.println("  " + r.plainLanguage());
            }
            if (result.method().equals("counterfactual")) {
                if (r.counterfactuals().isEmpty()) {
                    out.println("  no counterfactual found within the constraints");
                }
                int k = 1;
                for (ExplainResult.Counterfactual c : r.counterfactuals()) {
                    out.printf(Locale.ROOT, "  counterfactual %d (score %.4f -> %.4f, distance %.3f):%n", k++, c.scoreBefore(), c.scoreAfter(),
                            c.distance());
                    for (Map.Entry<String, String> ch : c.changes().entrySet()) {
                        out.println("    " + ch.getKey() + ": " + ch.getValue());
                    }
                }
            }
            out.println();
        }
    }

    /** The strongest pairwise interactions (i < j, counted twice in the matrix: Φᵢⱼ + Φⱼᵢ) and the main effects. */
    static void printInteractions(PrintWriter out, java.util.List<String> features, double[][] m) {
        java.util.List<int[]> pairs = new java.util.ArrayList<>();
        for (int i = 0; i < m.length; i++) {
            for (int j = i + 1; j < m.length; j++) {
                if (m[i][j] != 0) {
                    pairs.add(new int[] {i, j});
                }
            }
        }
        pairs.sort((a, b) -> Double.compare(Math.abs(m[b[0]][b[1]]), Math.abs(m[a[0]][a[1]])));
        out.println("  strongest interactions (Φᵢⱼ + Φⱼᵢ; the full matrix is in the JSON and CSV outputs):");
        for (int k = 0; k < Math.min(8, pairs.size()); k++) {
            int[] p = pairs.get(k);
            out.printf(Locale.ROOT, "    %-30s × %-30s %+9.4f%n", shorten(features.get(p[0]), 30), shorten(features.get(p[1]), 30),
                    2 * m[p[0]][p[1]]);
        }
        if (pairs.isEmpty()) {
            out.println("    none: no two features meet on a tree path");
        }
    }

    private static void printGlobal(PrintWriter out, ExplainResult.Global g) {
        out.println("global view over " + g.rows() + " rows");
        if (g.permutationImportance() != null) {
            out.println("  permutation importance (" + g.importanceScore() + " drop, mean and 95% interval over 5 shuffles):");
            for (GlobalViews.Importance i : g.permutationImportance()) {
                out.printf(Locale.ROOT, "    %-28s %+.4f  [%+.4f, %+.4f]%n", shorten(i.feature(), 28), i.mean(), i.low(), i.high());
            }
        }
        out.println("  mean |SHAP| (KernelSHAP):");
        for (ExplainResult.MeanAbs e : g.meanAbsShap()) {
            out.printf(Locale.ROOT, "    %-28s %.4f%n", shorten(e.feature(), 28), e.value());
        }
        for (GlobalViews.Dependence d : g.partialDependence()) {
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < d.grid().length; k++) {
                b.append(k == 0 ? "" : ", ").append(d.labels().get(k)).append(String.format(Locale.ROOT, " → %.3f", d.mean()[k]));
            }
            out.println("  partial dependence of " + d.feature() + ": " + b);
        }
        out.printf(Locale.ROOT, "  surrogate tree (depth 3): R² %.3f against the model, decisions agree on %.1f%% of rows%n",
                g.surrogateR2(), 100 * g.surrogateAgreement());
        for (String line : g.surrogateRules().split("\n")) {
            out.println("    " + line);
        }
    }

    private static String shorten(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
