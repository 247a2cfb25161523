package dev.probity.explain.shap;

import dev.probity.core.InputException;
import dev.probity.core.stats.SplitMix64;

/**
 * A weighted background set: the rows that stand in for "feature unknown". Built from data by seeded
 * sampling, or summarized by k-means (k-means++ seeding, Lloyd iterations; text features take the most
 * common code of the cluster rather than a mean), each centre weighted by its cluster's share.
 */
public record Background(double[] rows, int n, int width, double[] weights) {
    public Background {
        if (n < 1) {
            throw new InputException("the background set is empty; explanations need at least one background row");
        }
        double s = 0;
        for (double w : weights) {
            s += w;
        }
        if (Math.abs(s - 1) > 1e-9) {
            throw new IllegalArgumentException("background weights must sum to 1, got " + s);
        }
    }

    public static Background all(double[] rows, int n, int width) {
        if (n < 1) {
            throw new InputException("the background set is empty; explanations need at least one background row");
        }
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0 / n);
        return new Background(rows.clone(), n, width, w);
    }

    /** {@code k} rows drawn without replacement (all rows when there are no more than k). */
    public static Background sample(double[] rows, int n, int width, int k, long seed) {
        if (n <= k) {
            return all(rows, n, width);
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        SplitMix64 r = SplitMix64.stream(seed, 1);
        for (int i = 0; i < k; i++) {
            int j = i + r.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        double[] out = new double[k * width];
        for (int i = 0; i < k; i++) {
            System.arraycopy(rows, idx[i] * width, out, i * width, width);
        }
        return all(out, k, width);
    }

    /** k-means summary of the rows; {@code text[j]} marks code features (centres take the cluster's mode). */
    public static Background kmeans(double[] rows, int n, int width, boolean[] text, int k, long seed) {
        if (n <= k) {
            return all(rows, n, width);
        }
        double[] scale = new double[width];
        for (int j = 0; j < width; j++) {
            double mean = 0;
            double m2 = 0;
            int c = 0;
            for (int i = 0; i < n; i++) {
                double v = rows[i * width + j];
                if (!Double.isNaN(v)) {
                    c++;
                    double d = v - mean;
                    mean += d / c;
                    m2 += d * (v - mean);
                }
            }
            double sd = c > 1 ? Math.sqrt(m2 / (c - 1)) : 1;
            scale[j] = sd > 0 ? sd : 1;
        }
        SplitMix64 r = SplitMix64.stream(seed, 2);
        double[] centres = new double[k * width];
        int first = r.nextInt(n);
        System.arraycopy(rows, first * width, centres, 0, width);
        double[] dist = new double[n];
        java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                dist[i] = Math.min(dist[i], distance(rows, i, centres, c - 1, width, text, scale));
                total += dist[i];
            }
            double u = r.nextDouble() * total;
            int pick = n - 1;
            for (int i = 0; i < n; i++) {
                u -= dist[i];
                if (u <= 0) {
                    pick = i;
                    break;
                }
            }
            System.arraycopy(rows, pick * width, centres, c * width, width);
        }
        int[] assign = new int[n];
        for (int iter = 0; iter < 50; iter++) {
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                int best = 0;
                double bd = Double.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double d = distance(rows, i, centres, c, width, text, scale);
                    if (d < bd) {
                        bd = d;
                        best = c;
                    }
                }
                if (assign[i] != best || iter == 0) {
                    changed |= assign[i] != best;
                    assign[i] = best;
                }
            }
            recompute(rows, n, width, text, k, assign, centres);
            if (!changed && iter > 0) {
                break;
            }
        }
        double[] w = new double[k];
        for (int a : assign) {
            w[a] += 1.0 / n;
        }
        return new Background(centres, k, width, w);
    }

    private static void recompute(double[] rows, int n, int width, boolean[] text, int k, int[] assign, double[] centres) {
        for (int j = 0; j < width; j++) {
            if (text != null && text[j]) {
                for (int c = 0; c < k; c++) {
                    java.util.Map<Double, Integer> counts = new java.util.TreeMap<>();
                    for (int i = 0; i < n; i++) {
                        if (assign[i] == c) {
                            counts.merge(rows[i * width + j], 1, Integer::sum);
                        }
                    }
                    double mode = centres[c * width + j];
                    int best = -1;
                    for (var e : counts.entrySet()) {
                        if (e.getValue() > best) {
                            best = e.getValue();
                            mode = e.getKey();
                        }
                    }
                    centres[c * width + j] = mode;
                }
            } else {
                double[] sum = new double[k];
                int[] cnt = new int[k];
                for (int i = 0; i < n; i++) {
                    double v = rows[i * width + j];
                    if (!Double.isNaN(v)) {
                        sum[assign[i]] += v;
                        cnt[assign[i]]++;
                    }
                }
                for (int c = 0; c < k; c++) {
                    if (cnt[c] > 0) {
                        centres[c * width + j] = sum[c] / cnt[c];
                    }
                }
            }
        }
    }

    private static double distance(double[] rows, int i, double[] centres, int c, int width, boolean[] text, double[] scale) {
        double d = 0;
        for (int j = 0; j < width; j++) {
            double a = rows[i * width + j];
            double b = centres[c * width + j];
            if (Double.isNaN(a) || Double.isNaN(b)) {
                d += Double.isNaN(a) == Double.isNaN(b) ? 0 : 1;
            } else if (text != null && text[j]) {
                d += a == b ? 0 : 1;
            } else {
                double t = (a - b) / scale[j];
                d += t * t;
            }
        }
        return d;
    }
}
