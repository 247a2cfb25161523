package dev.probity.mitigation.reductions;

import dev.probity.core.model.Labels;

import java.util.List;

/**
 * The cost-sensitive problem a reduction hands to the learner (Agarwal et al., 2018, §3.2): for
 * classification, the cost of predicting 1 rather than 0 on row i is the error's (2yᵢ − 1) plus the
 * constraints' signed weight; the learner sees label 1[cost > 0] with weight |cost|. Weights are scaled to
 * sum to the number of rows, as Fairlearn does.
 */
record CostSensitive(Labels labels, double[] weights) {
    static CostSensitive classification(String name, int[] y, double[] constraintWeights) {
        int n = y.length;
        int[] redY = new int[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double s = (2.0 * y[i] - 1) + constraintWeights[i];
            redY[i] = s > 0 ? 1 : 0;
            w[i] = Math.abs(s);
        }
        return new CostSensitive(Labels.classes(name, List.of("0", "1"), redY), normalized(w));
    }

    /** Regression (bounded group loss): the original targets, each row's loss weighted by 1 + its constraint weight. */
    static CostSensitive regression(Labels labels, double[] constraintWeights) {
        double[] w = new double[constraintWeights.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.abs(1 + constraintWeights[i]);
        }
        return new CostSensitive(labels, normalized(w));
    }

    private static double[] normalized(double[] w) {
        double sum = 0;
        for (double v : w) {
            sum += v;
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = w.length * w[i] / sum;
        }
        return w;
    }

    /** Whether every relabelled row has the same class (then the best response is a constant). */
    boolean constant() {
        int[] c = labels.codes();
        for (int v : c) {
            if (v != c[0]) {
                return false;
            }
        }
        return true;
    }
}
