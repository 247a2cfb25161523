package dev.probity.privacy.mechanism;

import dev.probity.core.InputException;

import java.math.BigDecimal;

/**
 * The exponents {@code γ_i = ε (q* − q_i) / (2Δ)} of the selection mechanisms, exactly: every double is a rational
 * (an integer times a power of two), so the difference, product and quotient are rationals computed without
 * rounding, and {@code exp(-γ_i)} is then sampled exactly ({@link BernoulliExp}). Computed on demand and kept.
 */
final class Utilities {
    private final double[] utilities;
    private final BigDecimal max;
    private final Rational factor;
    private final Rational[] gaps;

    Utilities(double[] utilities, double epsilon, double sensitivity) {
        if (utilities == null || utilities.length == 0) {
            throw new InputException("utilities must hold at least one candidate's score");
        }
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < utilities.length; i++) {
            if (!Double.isFinite(utilities[i])) {
                throw new InputException("utility of candidate " + i + " must be finite, got " + utilities[i]);
            }
            m = Math.max(m, utilities[i]);
        }
        this.utilities = utilities.clone();
        this.max = new BigDecimal(m);
        this.factor = Rational.exact(epsilon).divide(Rational.exact(sensitivity).multiply(Rational.of(2)));
        this.gaps = new Rational[utilities.length];
    }

    int size() {
        return utilities.length;
    }

    /** γ_i = ε (q* − q_i) / (2Δ). */
    Rational gap(int i) {
        Rational g = gaps[i];
        if (g == null) {
            g = Rational.exact(max.subtract(new BigDecimal(utilities[i]))).multiply(factor);
            gaps[i] = g;
        }
        return g;
    }

    /** Bernoulli(exp(-γ_i)). */
    boolean accept(int i, Randomness r) {
        return BernoulliExp.sample(r, gap(i));
    }
}
