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
}
