package dev.probity.privacy.mechanism;

import java.util.Objects;

/**
 * The discrete Laplace distribution on the integers, {@code P[x] = (1 - e^{-1/b}) / (1 + e^{-1/b}) · e^{-|x|/b}},
 * for a rational scale {@code b > 0}, sampled exactly: Canonne, Kamath and Steinke (NeurIPS 2020), Algorithm 2.
 * Also called the two-sided geometric distribution (Ghosh, Roughgarden and Sundararajan 2009, with
 * {@code α = e^{-1/b}}).
 *
 * <p>The argument: draw the magnitude Y from {@link Geometric} (P[Y = y] ∝ e^{-y/b}) and a fair sign bit; reject the
 * pair (negative, 0) and start again. Each non-zero x is then reached by one (sign, magnitude) pair, and 0 by one,
 * so P[x] ∝ e^{-|x|/b} on ℤ. Privacy: adding this noise to an integer query of sensitivity Δ is (Δ/b)-DP, because
 * {@code P[x] / P[x + d] <= e^{|d|/b}}.
 *
 * <p>Variance {@code 2e^{-1/b} / (1 - e^{-1/b})^2}, about {@code 2b^2} for large b.
 */
public final class DiscreteLaplace {
    private final Geometric magnitude;

    private DiscreteLaplace(Geometric magnitude) {
        this.magnitude = magnitude;
    }

    /** The discrete Laplace distribution with {@code P[x] ∝ exp(-|x|/scale)}, {@code scale > 0}. */
    public static DiscreteLaplace withScale(Rational scale) {
        Objects.requireNonNull(scale, "scale");
        return new DiscreteLaplace(Geometric.withScale(scale));
    }

    public Rational scale() {
        return magnitude.scale();
    }

    /** One draw, exactly. */
    public long sample(Randomness r) {
        while (true) {
            long y = magnitude.sample(r);
            boolean negative = r.nextBit();
            if (negative && y == 0) {
                continue;
            }
            return negative ? -y : y;
        }
    }
}
