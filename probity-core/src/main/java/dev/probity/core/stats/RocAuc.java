package dev.probity.core.stats;

import java.util.Arrays;

/**
 * ROC AUC, the one implementation every Probity module uses: P(score of a random positive > score of a random
 * negative) + ½ P(tie) — the Mann–Whitney statistic, equal to the area under the trapezoidal ROC curve
 * (scikit-learn's {@code roc_auc_score}), weighted when rows carry weights.
 */
public final class RocAuc {
    private RocAuc() {
    }

    /**
     * From the positive and negative weight at each distinct score, scores ascending. NaN when either side has no
     * weight.
     */
    public static double fromTies(double[] positive, double[] negative) {
        double p = 0;
        double n = 0;
        for (int i = 0; i < positive.length; i++) {
            p += positive[i];
            n += negative[i];
        }
        if (p == 0 || n == 0) {
            return Double.NaN;
        }
        double below = 0;
        double sum = 0;
        for (int i = 0; i < positive.length; i++) {
            sum += positive[i] * (below + negative[i] / 2);
            below += negative[i];
        }
        return sum / (p * n);
    }

    /** From rows: each row's score and whether it is positive (every row weighs 1). */
    public static double of(double[] score, boolean[] positive) {
        int n = score.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
        double[] pos = new double[n];
        double[] neg = new double[n];
        int d = -1;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (k == 0 || Double.compare(score[i], score[order[k - 1]]) != 0) {
                d++;
            }
            if (positive[i]) {
                pos[d]++;
            } else {
                neg[d]++;
            }
        }
        return fromTies(Arrays.copyOf(pos, d + 1), Arrays.copyOf(neg, d + 1));
    }

    /**
     * The AUC of unweighted rows with DeLong, DeLong &amp; Clarke-Pearson's (Biometrics 44:837, 1988) variance: each
     * positive's placement V₁₀ (the share of negatives it outscores, ties half) and each negative's V₀₁ (the share of
     * positives that outscore it); Var(AUC) = s²(V₁₀)/m + s²(V₀₁)/n with sample variances (divisor m − 1, n − 1), as
     * pROC computes it. Placements come from midranks: O(N log N). Null when a side has fewer than two rows.
     */
    public static DeLong delong(double[] score, boolean[] positive) {
        int n = score.length;
        int m = 0;
        for (boolean b : positive) {
            if (b) {
                m++;
            }
        }
        int k = n - m;
        if (m < 2 || k < 2) {
            return null;
        }
        double[] all = midranks(score);
        double[] pos = new double[m];
        double[] neg = new double[k];
        for (int i = 0, a = 0, b = 0; i < n; i++) {
            if (positive[i]) {
                pos[a++] = score[i];
            } else {
                neg[b++] = score[i];
            }
        }
        double[] rp = midranks(pos);
        double[] rn = midranks(neg);
        // a positive's rank among all minus its rank among positives = the negatives below it (ties half)
        double[] v10 = new double[m];
        double[] v01 = new double[k];
        double sum = 0;
        for (int i = 0, a = 0, b = 0; i < n; i++) {
            if (positive[i]) {
                v10[a] = (all[i] - rp[a]) / k;
                sum += v10[a++];
            } else {
                v01[b] = 1 - (all[i] - rn[b]) / m;
                b++;
            }
        }
        double auc = sum / m;
        return new DeLong(auc, Math.sqrt(sampleVariance(v10) / m + sampleVariance(v01) / k), m, k);
    }

    /** An AUC with its DeLong standard error and the numbers of positive and negative rows. */
    public record DeLong(double auc, double standardError, int positives, int negatives) {
        /** The normal interval auc ± z·se, clipped to [0, 1]. */
        public Interval interval(double level) {
            double z = Normal.quantile(0.5 + level / 2);
            return new Interval(Math.max(0, auc - z * standardError), Math.min(1, auc + z * standardError), level, "delong");
        }
    }

    /** Ranks 1..n with ties given their mean rank. */
    static double[] midranks(double[] x) {
        int n = x.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        double[] r = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && Double.compare(x[order[j + 1]], x[order[i]]) == 0) {
                j++;
            }
            double mid = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                r[order[t]] = mid;
            }
            i = j + 1;
        }
        return r;
    }

    private static double sampleVariance(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return ss / (v.length - 1);
    }
}
