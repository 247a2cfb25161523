package dev.probity.text.explain;

import dev.probity.core.stats.LinearAlgebra;
import dev.probity.core.stats.SplitMix64;
import dev.probity.explain.reasons.Reasons;
import dev.probity.explain.shap.Background;
import dev.probity.explain.shap.Explanation;
import dev.probity.explain.shap.KernelShap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Word-level attributions of a text model's score: which words of one text push it up or down. The players are the
 * text's words (runs of non-space characters, punctuation attached); a coalition keeps some words and drops the
 * others, and the model scores the shortened text — masking by removal, as LIME's text explainer does.
 * <ul>
 *   <li>{@link #kernelShap}: Shapley values of the words by probity-explain's {@link KernelShap} with the empty text
 *       as the only background: exact (every coalition) up to 11 words with the default budget, sampled beyond;
 *       they add up to score(text) − score(no words).</li>
 *   <li>{@link #lime}: LIME for text (Ribeiro et al. 2016) as its reference implementation samples it: remove a
 *       uniform number of words chosen at random, weight each sample by exp(−d²/σ²) with d the cosine distance of its
 *       word mask to the full text in percent and σ = 25, fit a weighted ridge regression (α = 1) of the scores on
 *       the masks; the coefficients are the attributions, the weighted R² is reported.</li>
 * </ul>
 * {@code scorer} maps texts to scores (a classifier's positive-class probability); it is called in batches.
 */
public final class TextExplainer {
    private TextExplainer() {
    }

    /** The words of {@code text}: maximal runs of non-whitespace. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.strip().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    static String keep(List<String> words, double[] mask, int offset) {
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < words.size(); j++) {
            if (mask[offset + j] > 0.5) {
                if (!b.isEmpty()) {
                    b.append(' ');
                }
                b.append(words.get(j));
            }
        }
        return b.toString();
    }

    public static Explanation kernelShap(Function<List<String>, double[]> scorer, String text, int samples, long seed) {
        List<String> words = words(text);
        int m = words.size();
        if (m == 0) {
            throw new IllegalArgumentException("the text has no words to explain");
        }
        int[][] groups = new int[m][];
        for (int j = 0; j < m; j++) {
            groups[j] = new int[] {j};
        }
        double[] x = new double[m];
        java.util.Arrays.fill(x, 1);
        Background empty = Background.all(new double[m], 1, m);
        Explanation e = new KernelShap(samples, 0, seed).explain((rows, n, out) -> {
            List<String> texts = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                texts.add(keep(words, rows, i * m));
            }
            double[] s = scorer.apply(texts);
            System.arraycopy(s, 0, out, 0, n);
        }, empty, x, groups, words, words);
        return e;
    }

    public static Explanation lime(Function<List<String>, double[]> scorer, String text, int samples, long seed) {
        List<String> words = words(text);
        int m = words.size();
        if (m == 0) {
            throw new IllegalArgumentException("the text has no words to explain");
        }
        if (samples < 2) {
            throw new IllegalArgumentException("LIME needs at least 2 samples, got " + samples);
        }
        SplitMix64 r = SplitMix64.stream(seed, 14);
        double[][] z = new double[samples][m];
        List<String> texts = new ArrayList<>(samples);
        double[] w = new double[samples];
        for (int i = 0; i < samples; i++) {
            java.util.Arrays.fill(z[i], 1);
            if (i > 0) { // the first sample is the text itself, as in LIME
                int remove = 1 + (int) (r.nextDouble() * Math.max(1, m - 1));
                remove = Math.min(remove, m - 1 < 1 ? 1 : m - 1);
                int[] order = permutation(m, r);
                for (int k = 0; k < remove; k++) {
                    z[i][order[k]] = 0;
                }
            }
            int kept = 0;
            for (double v : z[i]) {
                kept += (int) v;
            }
            double cosine = kept == 0 ? 0 : kept / Math.sqrt((double) kept * m);
            double d = (1 - cosine) * 100;
            w[i] = Math.sqrt(Math.exp(-(d * d) / (25.0 * 25.0)));
            double[] flat = z[i];
            texts.add(keep(words, flat, 0));
        }
        double[] y = scorer.apply(texts);
        // weighted ridge, α = 1 on the coefficients, intercept unpenalized: solve (XᵀWX + αI′) β = XᵀWy
        int p = m + 1;
        double[][] a = new double[p][p];
        double[] b = new double[p];
        for (int i = 0; i < samples; i++) {
            double[] row = new double[p];
            row[0] = 1;
            System.arraycopy(z[i], 0, row, 1, m);
            for (int j = 0; j < p; j++) {
                b[j] += w[i] * row[j] * y[i];
                for (int k = 0; k < p; k++) {
                    a[j][k] += w[i] * row[j] * row[k];
                }
            }
        }
        for (int j = 1; j < p; j++) {
            a[j][j] += 1;
        }
        double[] beta = LinearAlgebra.solve(a, b);
        double sw = 0;
        double mean = 0;
        for (int i = 0; i < samples; i++) {
            sw += w[i];
            mean += w[i] * y[i];
        }
        mean /= sw;
        double ssRes = 0;
        double ssTot = 0;
        for (int i = 0; i < samples; i++) {
            double fit = beta[0];
            for (int j = 0; j < m; j++) {
                fit += beta[j + 1] * z[i][j];
            }
            ssRes += w[i] * (y[i] - fit) * (y[i] - fit);
            ssTot += w[i] * (y[i] - mean) * (y[i] - mean);
        }
        double[] coef = java.util.Arrays.copyOfRange(beta, 1, p);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("samples", samples);
        facts.put("kernel_width", 25.0);
        facts.put("weighted_r2", ssTot == 0 ? 1.0 : 1 - ssRes / ssTot);
        return new Explanation("lime-text", words, words, coef, beta[0], y[0], facts);
    }

    private static int[] permutation(int m, SplitMix64 r) {
        int[] p = new int[m];
        for (int i = 0; i < m; i++) {
            p[i] = i;
        }
        for (int i = m - 1; i > 0; i--) {
            int j = (int) (r.nextDouble() * (i + 1));
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * The text with each word marked by its attribution for a terminal: words that raise the score in green, words
     * that lower it in red, bold when among the largest third; with {@code ansi} false, {@code [+word]} and
     * {@code [-word]} mark the words whose attribution is at least a tenth of the largest.
     */
    public static String highlight(Explanation e, boolean ansi) {
        double max = 0;
        for (double v : e.values()) {
            max = Math.max(max, Math.abs(v));
        }
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < e.features().size(); j++) {
            if (j > 0) {
                b.append(' ');
            }
            String w = e.features().get(j);
            double v = e.values()[j];
            double rel = max == 0 ? 0 : Math.abs(v) / max;
            if (rel < 0.1) {
                b.append(w);
            } else if (ansi) {
                b.append("\u001b[").append(rel >= 2.0 / 3 ? "1;" : "").append(v > 0 ? "32m" : "31m").append(w).append("\u001b[0m");
            } else {
                b.append('[').append(v > 0 ? '+' : '-').append(w).append(']');
            }
        }
        return b.toString();
    }

    /** The text as HTML: each word a span whose background is green (raises) or red (lowers), stronger when larger. */
    public static String html(Explanation e) {
        double max = 0;
        for (double v : e.values()) {
            max = Math.max(max, Math.abs(v));
        }
        StringBuilder b = new StringBuilder("<p class=\"probity-text-explanation\">");
        for (int j = 0; j < e.features().size(); j++) {
            double v = e.values()[j];
            double alpha = max == 0 ? 0 : Math.abs(v) / max * 0.8;
            b.append(j > 0 ? " " : "").append(String.format(Locale.ROOT,
                    "<span title=\"%+.4f\" style=\"background: rgba(%s, %.2f)\">", v, v > 0 ? "0, 160, 0" : "200, 0, 0", alpha))
                    .append(escape(e.features().get(j))).append("</span>");
        }
        return b.append("</p>").toString();
    }

    /**
     * The principal reasons of an adverse decision, as for tabular models ({@link Reasons#adverseAction}): the words
     * that pushed the score most towards the adverse outcome, at most {@code max}, coded R1, R2, … Each word's
     * statement is {@code statements}' entry for it (optionally "CODE: text"), else "The word 'w'". None when the
     * decision ({@code prediction} ≥ 0.5 is the positive class) is the favourable outcome.
     */
    public static List<Reasons.Reason> reasons(Explanation e, boolean favourablePositive, int max, Map<String, String> statements) {
        if ((e.prediction() >= 0.5) == favourablePositive) {
            return List.of();
        }
        Map<String, String> all = new LinkedHashMap<>();
        for (String w : e.features()) {
            all.put(w, statements.getOrDefault(w, "The word '" + w + "'"));
        }
        return Reasons.adverseAction(e, favourablePositive, max, all);
    }

    /**
     * The plain-language summary tabular reasons give, in words: "The decision is '0'. 'Megan' lowered the score the
     * most, then 'waiter'. 'lovely.' raised it the most, then 'the'." — the factors against the favourable outcome
     * first, at most two each way.
     */
    public static String plainLanguage(Explanation e, String outcomeNow, boolean favourablePositive) {
        List<String> down = new ArrayList<>();
        List<String> up = new ArrayList<>();
        for (int j : e.ranking()) {
            double v = e.values()[j];
            String phrase = "'" + e.features().get(j) + "'";
            if (v < 0 && down.size() < 2) {
                down.add(phrase);
            } else if (v > 0 && up.size() < 2) {
                up.add(phrase);
            }
        }
        StringBuilder b = new StringBuilder("The decision is '").append(outcomeNow).append("'.");
        List<String> against = favourablePositive ? down : up;
        List<String> towards = favourablePositive ? up : down;
        if (!against.isEmpty()) {
            b.append(' ').append(against.get(0)).append(favourablePositive ? " lowered the score the most" : " raised the score the most")
                    .append(against.size() > 1 ? ", then " + against.get(1) : "").append('.');
        }
        if (!towards.isEmpty()) {
            b.append(' ').append(towards.get(0)).append(favourablePositive ? " raised it the most" : " lowered it the most")
                    .append(towards.size() > 1 ? ", then " + towards.get(1) : "").append('.');
        }
        return b.toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
