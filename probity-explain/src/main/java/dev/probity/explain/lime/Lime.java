package dev.probity.explain.lime;

import dev.probity.core.InputException;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.stats.SplitMix64;
import dev.probity.explain.shap.Explanation;
import dev.probity.explain.shap.FeatureSpace;
import dev.probity.explain.shap.Predictor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * LIME for tabular data (Ribeiro, Singh & Guestrin, KDD 2016), as the lime package's tabular explainer:
 * numeric features are discretized into training quantile bins (quartiles by default), perturbations are
 * drawn feature by feature from the training distribution (a bin by its frequency, then a value from a
 * normal with the bin's mean and spread truncated to the bin; a category by its frequency), each
 * perturbation is described by which features fall in the explained row's bin or category, weighted by
 * the exponential kernel exp(−d²/w²) of its distance to the row (w = 0.75·√M by default), and a weighted
 * ridge regression (α = 1) on the selected features gives the explanation. The local fidelity — the
 * weighted R² of that fit — is reported with every explanation, with the surrogate's own prediction.
 */
public final class Lime {
    public enum Selection { NONE, HIGHEST_WEIGHTS, FORWARD, AUTO }

    private final FeatureSpace space;
    private final int bins;
    private final double[][] edges;      // numeric: inner bin edges
    private final double[][] binMean;
    private final double[][] binSd;
    private final double[][] binMin;
    private final double[][] binMax;
    private final double[][] frequency;  // per feature: bin or category frequencies
    private final int samples;
    private final double kernelWidth;
    private final int maxFeatures;
    private final Selection selection;
    private final long seed;

    private Lime(FeatureSpace space, int bins, double[][] edges, double[][] binMean, double[][] binSd, double[][] binMin,
                 double[][] binMax, double[][] frequency, int samples, double kernelWidth, int maxFeatures, Selection selection,
                 long seed) {
        this.space = space;
        this.bins = bins;
        this.edges = edges;
        this.binMean = binMean;
        this.binSd = binSd;
        this.binMin = binMin;
        this.binMax = binMax;
        this.frequency = frequency;
        this.samples = samples;
        this.kernelWidth = kernelWidth;
        this.maxFeatures = maxFeatures;
        this.selection = selection;
        this.seed = seed;
    }

    /**
     * Learns the discretization and sampling distributions from training rows of {@code space}.
     *
     * @param samples      perturbations per explanation (lime's default 5000; 300 is common for speed)
     * @param kernelWidth  kernel width, or 0 for 0.75·√M
     * @param maxFeatures  features in an explanation (0: all)
     */
    public static Lime fit(FeatureSpace space, double[] training, int rows, int bins, int samples, double kernelWidth,
                           int maxFeatures, Selection selection, long seed) {
        if (rows < 1) {
            throw new InputException("LIME needs training rows to learn its sampling distribution");
        }
        if (samples < 2) {
            throw new InputException("LIME needs at least 2 samples");
        }
        if (bins < 2) {
            throw new InputException("LIME needs at least 2 bins per numeric feature");
        }
        int m = space.size();
        double[][] edges = new double[m][];
        double[][] mean = new double[m][];
        double[][] sd = new double[m][];
        double[][] min = new double[m][];
        double[][] max = new double[m][];
        double[][] freq = new double[m][];
        for (int j = 0; j < m; j++) {
            if (space.type(j) == ColumnType.STRING) {
                int k = space.dictionary(j).size();
                freq[j] = new double[k];
                int count = 0;
                for (int i = 0; i < rows; i++) {
                    double v = training[i * m + j];
                    if (!Double.isNaN(v)) {
                        freq[j][(int) v]++;
                        count++;
                    }
                }
                for (int c = 0; c < k; c++) {
                    freq[j][c] /= Math.max(1, count);
                }
                continue;
            }
            double[] vals = new double[rows];
            int c = 0;
            for (int i = 0; i < rows; i++) {
                double v = training[i * m + j];
                if (!Double.isNaN(v)) {
                    vals[c++] = v;
                }
            }
            vals = Arrays.copyOf(vals, c);
            Arrays.sort(vals);
            java.util.TreeSet<Double> e = new java.util.TreeSet<>();
            for (int b = 1; b < bins; b++) {
                if (c > 0) {
                    double q = quantile(vals, (double) b / bins);
                    if (q > vals[0] && q < vals[c - 1] || (q > vals[0] && b == bins - 1 && q <= vals[c - 1])) {
                        e.add(q);
                    }
                }
            }
            edges[j] = e.stream().mapToDouble(Double::doubleValue).toArray();
            int nb = edges[j].length + 1;
            mean[j] = new double[nb];
            sd[j] = new double[nb];
            min[j] = new double[nb];
            max[j] = new double[nb];
            freq[j] = new double[nb];
            Arrays.fill(min[j], Double.POSITIVE_INFINITY);
            Arrays.fill(max[j], Double.NEGATIVE_INFINITY);
            int[] cnt = new int[nb];
            for (double v : vals) {
                int b = bin(edges[j], v);
                cnt[b]++;
                mean[j][b] += v;
                min[j][b] = Math.min(min[j][b], v);
                max[j][b] = Math.max(max[j][b], v);
            }
            for (int b = 0; b < nb; b++) {
                mean[j][b] = cnt[b] > 0 ? mean[j][b] / cnt[b] : 0;
                freq[j][b] = c > 0 ? (double) cnt[b] / c : 1.0 / nb;
            }
            for (double v : vals) {
                int b = bin(edges[j], v);
                sd[j][b] += (v - mean[j][b]) * (v - mean[j][b]);
            }
            for (int b = 0; b < nb; b++) {
                sd[j][b] = cnt[b] > 1 ? Math.sqrt(sd[j][b] / (cnt[b] - 1)) : 0;
            }
        }
        double width = kernelWidth > 0 ? kernelWidth : 0.75 * Math.sqrt(m);
        return new Lime(space, bins, edges, mean, sd, min, max, freq, samples, width, maxFeatures, selection, seed);
    }

    private static double quantile(double[] s, double q) {
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    static int bin(double[] edges, double v) {
        int b = 0;
        while (b < edges.length && v > edges[b]) {
            b++;
        }
        return b;
    }

    /** Explains row {@code x} (index {@code rowId} seeds its perturbations). */
    public Explanation explain(Predictor f, double[] x, long rowId) {
        int m = space.size();
        int n = samples;
        double[] rows = new double[n * m];
        boolean[] same = new boolean[n * m];
        int[] xBin = new int[m];
        for (int j = 0; j < m; j++) {
            double v = x[j];
            xBin[j] = space.type(j) == ColumnType.STRING ? (Double.isNaN(v) ? -1 : (int) v)
                    : Double.isNaN(v) ? -1 : bin(edges[j], v);
        }
        SplitMix64 r = SplitMix64.stream(seed, rowId);
        System.arraycopy(x, 0, rows, 0, m);
        Arrays.fill(same, 0, m, true);
        for (int i = 1; i < n; i++) {
            for (int j = 0; j < m; j++) {
                int b = draw(frequency[j], r.nextDouble());
                double v;
                if (space.type(j) == ColumnType.STRING) {
                    v = b;
                } else {
                    v = truncatedNormal(binMean[j][b], binSd[j][b], binMin[j][b], binMax[j][b], r);
                }
                rows[i * m + j] = v;
                same[i * m + j] = b == xBin[j];
            }
        }
        double[] y = new double[n];
        f.predict(rows, n, y);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double d2 = 0;
            for (int j = 0; j < m; j++) {
                d2 += same[i * m + j] ? 0 : 1;
            }
            w[i] = Math.exp(-d2 / (kernelWidth * kernelWidth));
        }
        boolean[] chosen = select(same, y, w, n, m);
        Ridge fit = ridge(same, y, w, n, m, chosen);
        double[] values = new double[m];
        int used = 0;
        for (int j = 0; j < m; j++) {
            if (chosen[j]) {
                values[j] = fit.coef[j];
                used++;
            }
        }
        double local = fit.intercept;
        for (int j = 0; j < m; j++) {
            local += chosen[j] ? fit.coef[j] : 0;
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("local_fidelity_r2", fit.r2);
        facts.put("local_prediction", local);
        facts.put("samples", n);
        facts.put("kernel_width", kernelWidth);
        facts.put("features_used", used);
        List<String> descriptions = new ArrayList<>();
        List<String> valuesText = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            descriptions.add(describe(j, xBin[j]));
            valuesText.add(space.format(j, x[j]));
        }
        return new Explanation("lime", descriptions, valuesText, values, fit.intercept, y[0], facts);
    }

    /** "age <= 28", "28 < age <= 37", "age > 47", "sex = Male". */
    public String describe(int j, int b) {
        String name = space.names().get(j);
        if (b < 0) {
            return name + " is missing";
        }
        if (space.type(j) == ColumnType.STRING) {
            return name + " = " + space.dictionary(j).get(b);
        }
        double[] e = edges[j];
        if (e.length == 0) {
            return name;
        }
        if (b == 0) {
            return name + " <= " + num(e[0]);
        }
        if (b == e.length) {
            return name + " > " + num(e[e.length - 1]);
        }
        return num(e[b - 1]) + " < " + name + " <= " + num(e[b]);
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v);
    }

    private static int draw(double[] freq, double u) {
        for (int b = 0; b < freq.length; b++) {
            u -= freq[b];
            if (u < 0) {
                return b;
            }
        }
        return freq.length - 1;
    }

    private static double truncatedNormal(double mean, double sd, double lo, double hi, SplitMix64 r) {
        if (!(sd > 0) || !(hi > lo)) {
            return mean;
        }
        for (int tries = 0; tries < 20; tries++) {
            double u1 = Math.max(r.nextDouble(), 1e-300);
            double u2 = r.nextDouble();
            double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
            double v = mean + sd * z;
            if (v >= lo && v <= hi) {
                return v;
            }
        }
        return Math.min(hi, Math.max(lo, mean));
    }

    private boolean[] select(boolean[] same, double[] y, double[] w, int n, int m) {
        boolean[] all = new boolean[m];
        Arrays.fill(all, true);
        int k = maxFeatures <= 0 ? m : Math.min(maxFeatures, m);
        Selection s = selection == Selection.AUTO ? (k <= 6 ? Selection.FORWARD : Selection.HIGHEST_WEIGHTS) : selection;
        if (k == m || s == Selection.NONE) {
            return all;
        }
        if (s == Selection.HIGHEST_WEIGHTS) {
            Ridge full = ridge(same, y, w, n, m, all);
            Integer[] order = new Integer[m];
            for (int j = 0; j < m; j++) {
                order[j] = j;
            }
            Arrays.sort(order, (a, b) -> Double.compare(Math.abs(full.coef[b]), Math.abs(full.coef[a])));
            boolean[] out = new boolean[m];
            for (int i = 0; i < k; i++) {
                out[order[i]] = true;
            }
            return out;
        }
        boolean[] out = new boolean[m];
        for (int step = 0; step < k; step++) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                if (out[j]) {
                    continue;
                }
                out[j] = true;
                double score = ridge(same, y, w, n, m, out).r2;
                out[j] = false;
                if (score > bestScore) {
                    bestScore = score;
                    best = j;
                }
            }
            out[best] = true;
        }
        return out;
    }

    private record Ridge(double[] coef, double intercept, double r2) {
    }

    /** Weighted ridge regression (α = 1, intercept not penalized) on the chosen binary columns, with its weighted R². */
    private static Ridge ridge(boolean[] same, double[] y, double[] w, int n, int m, boolean[] chosen) {
        int[] idx = new int[m];
        int p = 0;
        for (int j = 0; j < m; j++) {
            if (chosen[j]) {
                idx[p++] = j;
            }
        }
        double sw = 0;
        double my = 0;
        double[] mx = new double[p];
        for (int i = 0; i < n; i++) {
            sw += w[i];
            my += w[i] * y[i];
            for (int a = 0; a < p; a++) {
                mx[a] += same[i * m + idx[a]] ? w[i] : 0;
            }
        }
        my /= sw;
        for (int a = 0; a < p; a++) {
            mx[a] /= sw;
        }
        double[][] g = new double[p][p];
        double[] rhs = new double[p];
        double[] xc = new double[p];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < p; a++) {
                xc[a] = (same[i * m + idx[a]] ? 1 : 0) - mx[a];
            }
            double yc = y[i] - my;
            for (int a = 0; a < p; a++) {
                double wa = w[i] * xc[a];
                rhs[a] += wa * yc;
                for (int b = 0; b < p; b++) {
                    g[a][b] += wa * xc[b];
                }
            }
        }
        for (int a = 0; a < p; a++) {
            g[a][a] += 1.0;
        }
        double[] beta = dev.probity.core.stats.LinearAlgebra.solve(g, rhs);
        double intercept = my;
        for (int a = 0; a < p; a++) {
            intercept -= beta[a] * mx[a];
        }
        double ssRes = 0;
        double ssTot = 0;
        for (int i = 0; i < n; i++) {
            double pred = intercept;
            for (int a = 0; a < p; a++) {
                pred += same[i * m + idx[a]] ? beta[a] : 0;
            }
            ssRes += w[i] * (y[i] - pred) * (y[i] - pred);
            ssTot += w[i] * (y[i] - my) * (y[i] - my);
        }
        double[] coef = new double[m];
        for (int a = 0; a < p; a++) {
            coef[idx[a]] = beta[a];
        }
        return new Ridge(coef, intercept, ssTot > 0 ? 1 - ssRes / ssTot : 1);
    }
}
