package dev.probity.explain.shap;

import dev.probity.core.InputException;

/**
 * Exact Shapley values of the interventional game by enumerating all 2^M coalitions:
 * φ_j = Σ_{S ∌ j} |S|!(M−|S|−1)!/M! · (v(S ∪ {j}) − v(S)). Feasible for up to {@value #MAX_FEATURES} features.
 */
public final class ExactShap {
    public static final int MAX_FEATURES = 16;

    private ExactShap() {
    }

    public static double[] values(Predictor f, Background bg, double[] x, int[][] groups, double[] endsOut) {
        int m = groups.length;
        if (m > MAX_FEATURES) {
            throw new InputException("exact enumeration handles up to " + MAX_FEATURES + " features (2^M coalitions); this model has "
                    + m + ": use kernel-shap or permutation-shap");
        }
        int count = 1 << m;
        boolean[][] masks = new boolean[count][m];
        for (int s = 0; s < count; s++) {
            for (int j = 0; j < m; j++) {
                masks[s][j] = (s >> j & 1) == 1;
            }
        }
        Coalitions game = new Coalitions(f, bg, x, groups);
        double[] v = game.values(masks, count);
        double[] weight = new double[m];
        for (int size = 0; size < m; size++) {
            weight[size] = Math.exp(logFactorial(size) + logFactorial(m - size - 1) - logFactorial(m));
        }
        double[] phi = new double[m];
        for (int s = 0; s < count; s++) {
            int size = Integer.bitCount(s);
            for (int j = 0; j < m; j++) {
                if ((s >> j & 1) == 0) {
                    phi[j] += weight[size] * (v[s | 1 << j] - v[s]);
                }
            }
        }
        if (endsOut != null) {
            endsOut[0] = v[count - 1];
            endsOut[1] = v[0];
            endsOut[2] = game.evaluations;
        }
        return phi;
    }

    private static final double[] LOG_FACTORIAL = new double[171];

    static {
        for (int i = 2; i < LOG_FACTORIAL.length; i++) {
            LOG_FACTORIAL[i] = LOG_FACTORIAL[i - 1] + Math.log(i);
        }
    }

    static double logFactorial(int n) {
        if (n < LOG_FACTORIAL.length) {
            return LOG_FACTORIAL[n];
        }
        double s = LOG_FACTORIAL[LOG_FACTORIAL.length - 1];
        for (int i = LOG_FACTORIAL.length; i <= n; i++) {
            s += Math.log(i);
        }
        return s;
    }
}
