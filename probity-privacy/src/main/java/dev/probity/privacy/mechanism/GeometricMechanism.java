package dev.probity.privacy.mechanism;

import java.util.Objects;

/**
 * The geometric mechanism for an integer query (a count, a sum of integers): ε-differential privacy by adding
 * two-sided geometric noise, i.e. discrete Laplace noise with scale Δ/ε (Ghosh, Roughgarden and Sundararajan,
 * "Universally utility-maximizing privacy mechanisms", STOC 2009, with {@code α = e^{-ε/Δ}}), sampled exactly
 * ({@link DiscreteLaplace}, Canonne, Kamath and Steinke 2020, Algorithm 2).
 *
 * <p><b>Privacy argument.</b> The output is an integer, so nothing is rounded. The scale {@code b} is Δ/ε rounded up
 * to a rational with a power-of-two denominator and 40-odd significant bits (ε is a double, hence itself a
 * rational); the noise's probabilities at any output for neighbouring inputs differ by a factor of at most
 * {@code e^{Δ/b} <= e^ε}. Results are saturated at the range of {@code long} (post-processing).
 */
public final class GeometricMechanism {
    static final String NAME = "geometric (discrete Laplace)";
    private final double epsilon;
    private final long sensitivity;
    private final DiscreteLaplace noise;

    GeometricMechanism(double epsilon, long sensitivity, Rational scale) {
        this.epsilon = epsilon;
        this.sensitivity = sensitivity;
        this.noise = DiscreteLaplace.withScale(scale);
    }

    /**
     * @param epsilon     ε > 0, finite
     * @param sensitivity Δ ≥ 1: the most the integer query can change when one person's data changes
     */
    public static GeometricMechanism of(double epsilon, long sensitivity) {
        Checks.epsilon(epsilon);
        Checks.sensitivity(sensitivity);
        return new GeometricMechanism(epsilon, sensitivity, LaplaceMechanism.unitScale(sensitivity, epsilon));
    }

    public double epsilon() {
        return epsilon;
    }

    public long sensitivity() {
        return sensitivity;
    }

    /** The discrete Laplace scale b (at least Δ/ε), exactly. */
    public Rational scale() {
        return noise.scale();
    }

    public Guarantee guarantee() {
        return Guarantee.pure(NAME, epsilon);
    }

    public Release<Long> release(long value) {
        return release(value, Randomness.perThread());
    }

    public Release<Long> release(long value, Randomness randomness) {
        Objects.requireNonNull(randomness, "randomness");
        return new Release<>(saturatedAdd(value, noise.sample(randomness)), guarantee(), randomness.isPrivate());
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }
}
