package dev.probity.fairness.metrics;

import dev.probity.core.Parallel;

/**
 * Individual fairness by k-nearest neighbours (Zemel et al. 2013; AIF360's {@code consistency}):
 * {@code 1 − (1/n) Σ_i |ŷ_i − mean of ŷ over the k nearest neighbours of row i|}, neighbours by Euclidean
 * distance on the feature matrix, each row counted among its own neighbours (as scikit-learn's
 * {@code kneighbors} on the training set returns it). Ties in distance go to the earlier row. Exact brute
 * force, O(n²·d), parallel over rows.
 */
public final class Consistency {
    private Consistency() {
    }

    /**
     * @param x row-major features, {@code n × d}
     * @param d number of features
     * @param outcome the outcome per row (predictions, or labels for data consistency)
     * @param k neighbours per row, including the row itself
     */
    public static Value of(double[] x, int d, double[] outcome, int k, int threads) {
        int n = outcome.length;
        if (n == 0) {
            return Value.undefined("no rows");
        }
        if (k < 1) {
            return Value.undefined("k must be at least 1");
        }
        int kk = Math.min(k, n);
        double[] dev = new double[n];
        int blocks = Math.max(1, Math.min(n, threads * 8));
        Parallel.forEach(blocks, threads, b -> {
            int from = (int) ((long) n * b / blocks);
            int to = (int) ((long) n * (b + 1) / blocks);
            double[] bestD = new double[kk];
            int[] bestI = new int[kk];
            for (int i = from; i < to; i++) {
                int size = 0;
                for (int j = 0; j < n; j++) {
                    double dist = 0;
                    int oi = i * d;
                    int oj = j * d;
                    for (int f = 0; f < d; f++) {
                        double t = x[oi + f] - x[oj + f];
                        dist += t * t;
                    }
                    if (size < kk || dist < bestD[kk - 1]) {
                        // Insertion into the sorted list of the k best so far (the worst drops out when full).
                        int p = size < kk ? size++ : kk - 1;
                        while (p > 0 && bestD[p - 1] > dist) {
                            bestD[p] = bestD[p - 1];
                            bestI[p] = bestI[p - 1];
                            p--;
                        }
                        bestD[p] = dist;
                        bestI[p] = j;
                    }
                }
                double mean = 0;
                for (int t = 0; t < kk; t++) {
                    mean += outcome[bestI[t]];
                }
                dev[i] = Math.abs(outcome[i] - mean / kk);
            }
        });
        double s = 0;
        for (double v : dev) {
            s += v;
        }
        return Value.of(1 - s / n);
    }
}
