package dev.probity.fairness.metrics;

/**
 * Smoothed empirical differential fairness (Foulds, Islam, Keya and Pan, ICDE 2020; AIF360's
 * {@code smoothed_empirical_differential_fairness}): with Dirichlet-smoothed positive rates
 * {@code r_g = (positives_g + c/K) / (n_g + c)} per group (K = 2 outcome classes, c the concentration),
 * ε = max over pairs of groups of max(|ln r_i − ln r_j|, |ln(1−r_i) − ln(1−r_j)|). Computed on labels
 * (data bias) or predictions; bias amplification is ε(predictions) − ε(labels).
 */
public final class DifferentialFairness {
    private DifferentialFairness() {
    }

    /**
     * @param positives positive outcomes per group (weighted)
     * @param sizes rows per group (weighted)
     * @param concentration Dirichlet concentration c (AIF360 default 1.0)
     * @param classes number of outcome classes present (AIF360 uses the number of distinct labels)
     */
    public static Value epsilon(double[] positives, double[] sizes, double concentration, int classes) {
        if (positives.length < 2) {
            return Value.undefined("fewer than two groups");
        }
        if (concentration < 0) {
            return Value.undefined("negative concentration");
        }
        double alpha = concentration / Math.max(1, classes);
        double[] r = new double[positives.length];
        for (int g = 0; g < r.length; g++) {
            double den = sizes[g] + concentration;
            if (den == 0) {
                return Value.undefined("an empty group with concentration 0");
            }
            r[g] = (positives[g] + alpha) / den;
        }
        double eps = 0;
        for (int i = 0; i < r.length; i++) {
            for (int j = 0; j < r.length; j++) {
                if (i == j) {
                    continue;
                }
                double p = Math.abs(Math.log(r[i]) - Math.log(r[j]));
                double n = Math.abs(Math.log1p(-r[i]) - Math.log1p(-r[j]));
                eps = Math.max(eps, Math.max(p, n));
            }
        }
        return Double.isInfinite(eps) ? Value.undefined("a smoothed rate is 0 or 1 (use a positive concentration)")
                : Value.of(eps);
    }
}
