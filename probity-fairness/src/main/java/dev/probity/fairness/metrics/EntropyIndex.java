package dev.probity.fairness.metrics;

/**
 * The generalized entropy index of Speicher et al. (KDD 2018), as AIF360 defines it, over the "benefit"
 * {@code b = ŷ − y + 1} of each row: 0 for a false negative, 1 for a correct prediction, 2 for a false
 * positive. With μ the mean benefit:
 * <pre>
 *   GE(α) = 1/(n α (α−1)) Σ [(b/μ)^α − 1]     α ≠ 0, 1
 *   GE(1) = 1/n Σ (b/μ) ln(b/μ)                (Theil index; 0·ln 0 = 0)
 *   GE(0) = −1/n Σ ln(b/μ)                     (undefined when a false negative makes b = 0)
 *   CV    = √(2·GE(2))                         (coefficient of variation)
 * </pre>
 * Because b takes three values, the index is a function of confusion counts. The between-group index
 * replaces each row's benefit by its group's mean benefit. Note: AIF360's code divides its α = 0 case by μ
 * once more than its documented formula; Probity follows the formula.
 */
public final class EntropyIndex {
    private EntropyIndex() {
    }

    /** GE(α) of a distribution with values {@code b[k]} carrying weights {@code w[k]}. */
    public static Value of(double[] b, double[] w, double alpha) {
        double total = 0;
        double sum = 0;
        for (int k = 0; k < b.length; k++) {
            total += w[k];
            sum += w[k] * b[k];
        }
        if (total == 0) {
            return Value.undefined("no rows");
        }
        double mu = sum / total;
        if (mu == 0) {
            return Value.undefined("every prediction is a false negative (mean benefit 0)");
        }
        double acc = 0;
        for (int k = 0; k < b.length; k++) {
            if (w[k] == 0) {
                continue;
            }
            double r = b[k] / mu;
            if (alpha == 1) {
                acc += r == 0 ? 0 : w[k] * r * Math.log(r);
            } else if (alpha == 0) {
                if (r == 0) {
                    return Value.undefined("false negatives have benefit 0, whose logarithm is −∞ (GE(0) is infinite)");
                }
                acc -= w[k] * Math.log(r);
            } else {
                acc += w[k] * (Math.pow(r, alpha) - 1);
            }
        }
        if (alpha == 1 || alpha == 0) {
            return Value.of(acc / total);
        }
        return Value.of(acc / (total * alpha * (alpha - 1)));
    }

    /** Benefit values and weights {0: FN, 1: TP+TN, 2: FP} of a confusion. */
    public static double[][] benefits(dev.probity.fairness.stats.Confusion c) {
        return new double[][] {{0, 1, 2}, {c.fn(), c.tp() + c.tn(), c.fp()}};
    }

    public static Value coefficientOfVariation(Value ge2) {
        return ge2.isDefined() ? Value.of(Math.sqrt(2 * ge2.value())) : ge2;
    }
}
