package dev.probity.explain.global;

import dev.probity.core.InputException;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.stats.SplitMix64;
import dev.probity.explain.shap.FeatureSpace;
import dev.probity.explain.shap.Predictor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What drives a model overall, from its predictions on a set of rows:
 * <ul>
 *   <li><b>permutation importance</b> (Breiman 2001; Fisher, Rudin & Dominici 2019): how much a score gets
 *       worse when one feature's column is shuffled, over {@code repeats} seeded shuffles, with a t-interval;</li>
 *   <li><b>partial dependence and ICE</b> (Friedman 2001; Goldstein et al. 2015): the mean and per-row
 *       prediction as one feature is set to each grid value;</li>
 *   <li><b>accumulated local effects</b> (Apley & Zhu 2020) for numbers: the averaged local differences
 *       across quantile bins, accumulated and centred, which unlike partial dependence do not extrapolate
 *       to feature combinations the data never shows.</li>
 * </ul>
 */
public final class GlobalViews {
    private final FeatureSpace space;
    private final Predictor f;
    private final double[] rows;
    private final int n;

    public GlobalViews(FeatureSpace space, Predictor f, double[] rows, int n) {
        if (n < 2) {
            throw new InputException("global views need at least 2 rows");
        }
        this.space = space;
        this.f = f;
        this.rows = rows;
        this.n = n;
    }

    /** A score of predictions against labels; larger is better. */
    @FunctionalInterface
    public interface Score {
        double of(double[] prediction, double[] label);

        /** Accuracy at threshold 0.5 (labels 0/1). */
        static Score accuracy() {
            return (p, y) -> {
                double ok = 0;
                for (int i = 0; i < p.length; i++) {
                    ok += (p[i] >= 0.5 ? 1 : 0) == y[i] ? 1 : 0;
                }
                return ok / p.length;
            };
        }

        /** Negative mean squared error (regression). */
        static Score negativeMse() {
            return (p, y) -> {
                double s = 0;
                for (int i = 0; i < p.length; i++) {
                    s += (p[i] - y[i]) * (p[i] - y[i]);
                }
                return -s / p.length;
            };
        }
    }

    /** One feature's importance: mean score drop and a 95% t-interval over the repeats. */
    public record Importance(String feature, double mean, double low, double high, double[] drops) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Importance i && feature.equals(i.feature) && Double.compare(mean, i.mean) == 0
                    && Double.compare(low, i.low) == 0 && Double.compare(high, i.high) == 0 && java.util.Arrays.equals(drops, i.drops);
        }

        @Override
        public int hashCode() {
            return feature.hashCode() * 31 + Double.hashCode(mean);
        }
    }

    public List<Importance> permutationImportance(double[] labels, Score score, int repeats, long seed) {
        if (repeats < 2) {
            throw new InputException("permutation importance needs at least 2 repeats for an interval");
        }
        int m = space.size();
        double[] base = new double[n];
        f.predict(rows, n, base);
        double reference = score.of(base, labels);
        List<Importance> out = new ArrayList<>();
        double[] shuffled = rows.clone();
        double[] pred = new double[n];
        for (int j = 0; j < m; j++) {
            double[] drops = new double[repeats];
            for (int rep = 0; rep < repeats; rep++) {
                SplitMix64 r = SplitMix64.stream(seed, (long) j * 1_000_003 + rep);
                int[] perm = new int[n];
                for (int i = 0; i < n; i++) {
                    perm[i] = i;
                }
                for (int i = n - 1; i > 0; i--) {
                    int k = r.nextInt(i + 1);
                    int t = perm[i];
                    perm[i] = perm[k];
                    perm[k] = t;
                }
                for (int i = 0; i < n; i++) {
                    shuffled[i * m + j] = rows[perm[i] * m + j];
                }
                f.predict(shuffled, n, pred);
                drops[rep] = reference - score.of(pred, labels);
            }
            for (int i = 0; i < n; i++) {
                shuffled[i * m + j] = rows[i * m + j];
            }
            double mean = Arrays.stream(drops).average().orElse(0);
            double var = 0;
            for (double d : drops) {
                var += (d - mean) * (d - mean);
            }
            double se = Math.sqrt(var / (repeats - 1) / repeats);
            double q = tQuantile(repeats - 1);
            out.add(new Importance(space.names().get(j), mean, mean - q * se, mean + q * se, drops));
        }
        out.sort((a, b) -> Double.compare(b.mean(), a.mean()));
        return out;
    }

    private static double tQuantile(int df) {
        return org.apache.commons.statistics.distribution.TDistribution.of(df).inverseCumulativeProbability(0.975);
    }

    /** Partial dependence: the grid, the mean prediction at each value, and the ICE curves (rows × grid). */
    public record Dependence(String feature, double[] grid, List<String> labels, double[] mean, double[][] ice) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Dependence d && feature.equals(d.feature) && java.util.Arrays.equals(grid, d.grid)
                    && labels.equals(d.labels) && java.util.Arrays.equals(mean, d.mean) && java.util.Arrays.deepEquals(ice, d.ice);
        }

        @Override
        public int hashCode() {
            return feature.hashCode() * 31 + java.util.Arrays.hashCode(mean);
        }
    }

    public Dependence partialDependence(int feature, int gridSize, int iceRows) {
        int m = space.size();
        double[] grid = grid(feature, gridSize);
        int k = Math.min(iceRows, n);
        double[][] ice = new double[k][grid.length];
        double[] mean = new double[grid.length];
        double[] copy = rows.clone();
        double[] pred = new double[n];
        for (int g = 0; g < grid.length; g++) {
            for (int i = 0; i < n; i++) {
                copy[i * m + feature] = grid[g];
            }
            f.predict(copy, n, pred);
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += pred[i];
            }
            mean[g] = s / n;
            for (int i = 0; i < k; i++) {
                ice[i][g] = pred[i];
            }
        }
        List<String> labels = new ArrayList<>();
        for (double v : grid) {
            labels.add(space.format(feature, v));
        }
        return new Dependence(space.names().get(feature), grid, labels, mean, ice);
    }

    /** Accumulated local effects of a numeric feature over quantile bins: bin edges and the centred effect at each edge. */
    public record Ale(String feature, double[] edges, double[] effect) {
    }

    public Ale accumulatedLocalEffects(int feature, int bins) {
        if (space.type(feature) == ColumnType.STRING) {
            throw new InputException("accumulated local effects are for numeric features; '" + space.names().get(feature) + "' is text");
        }
        int m = space.size();
        double[] values = new double[n];
        int c = 0;
        for (int i = 0; i < n; i++) {
            double v = rows[i * m + feature];
            if (!Double.isNaN(v)) {
                values[c++] = v;
            }
        }
        values = Arrays.copyOf(values, c);
        Arrays.sort(values);
        java.util.TreeSet<Double> e = new java.util.TreeSet<>();
        for (int b = 0; b <= bins; b++) {
            e.add(values[(int) Math.round((double) b / bins * (c - 1))]);
        }
        double[] edges = e.stream().mapToDouble(Double::doubleValue).toArray();
        int k = edges.length - 1;
        if (k < 1) {
            throw new InputException("'" + space.names().get(feature) + "' has a single value; it has no local effects");
        }
        double[] sum = new double[k];
        int[] count = new int[k];
        List<double[]> lo = new ArrayList<>();
        List<double[]> hi = new ArrayList<>();
        List<Integer> binOf = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double v = rows[i * m + feature];
            if (Double.isNaN(v)) {
                continue;
            }
            int b = binOf(edges, v, k);
            double[] a = Arrays.copyOfRange(rows, i * m, i * m + m);
            double[] bb = a.clone();
            a[feature] = edges[b];
            bb[feature] = edges[b + 1];
            lo.add(a);
            hi.add(bb);
            binOf.add(b);
        }
        int q = lo.size();
        double[] batch = new double[2 * q * m];
        for (int i = 0; i < q; i++) {
            System.arraycopy(lo.get(i), 0, batch, i * m, m);
            System.arraycopy(hi.get(i), 0, batch, (q + i) * m, m);
        }
        double[] pred = new double[2 * q];
        f.predict(batch, 2 * q, pred);
        for (int i = 0; i < q; i++) {
            sum[binOf.get(i)] += pred[q + i] - pred[i];
            count[binOf.get(i)]++;
        }
        double[] effect = new double[k + 1];
        for (int b = 0; b < k; b++) {
            effect[b + 1] = effect[b] + (count[b] > 0 ? sum[b] / count[b] : 0);
        }
        // centre: subtract the count-weighted mean of the bin midpoints' effects
        double centre = 0;
        for (int b = 0; b < k; b++) {
            centre += count[b] * (effect[b] + effect[b + 1]) / 2;
        }
        centre /= q;
        for (int b = 0; b <= k; b++) {
            effect[b] -= centre;
        }
        return new Ale(space.names().get(feature), edges, effect);
    }

    /** The bin of v: the last edge below it (a value equal to the lowest edge is in bin 0), within 0..k−1. */
    private static int binOf(double[] edges, double v, int k) {
        int b = 0;
        while (b < k - 1 && v > edges[b + 1]) {
            b++;
        }
        return b;
    }

    private double[] grid(int feature, int size) {
        int m = space.size();
        if (space.type(feature) == ColumnType.STRING) {
            double[] g = new double[space.dictionary(feature).size()];
            for (int k = 0; k < g.length; k++) {
                g[k] = k;
            }
            return g;
        }
        double[] v = new double[n];
        int c = 0;
        for (int i = 0; i < n; i++) {
            double x = rows[i * m + feature];
            if (!Double.isNaN(x)) {
                v[c++] = x;
            }
        }
        v = Arrays.copyOf(v, c);
        Arrays.sort(v);
        java.util.TreeSet<Double> g = new java.util.TreeSet<>();
        for (int k = 0; k < size; k++) {
            g.add(v[(int) Math.round((double) k / Math.max(1, size - 1) * (c - 1))]);
        }
        return g.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
