package dev.probity.privacy.mechanism;

import dev.probity.core.InputException;

import java.util.Objects;

/**
 * The discrete Gaussian mechanism for an integer query (a count, a sum of integers): integer noise
 * {@code N_ℤ(0, σ²)} sampled exactly (Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential
 * Privacy", NeurIPS 2020).
 *
 * <p><b>Calibration and privacy argument.</b> {@link #of} starts from the analytic Gaussian σ for sensitivity Δ
 * (Balle and Wang 2018), rounds σ² up to a rational, and checks it against the discrete Gaussian's exact δ
 * ({@link DiscreteGaussianPrivacy#delta}, CKS20), raising σ by a hair until the δ asked for is met: the continuous
 * calibration is close but not a proof for discrete noise. {@link #zcdp} uses σ² = Δ²/(2ρ) rounded up; discrete
 * Gaussian noise is {@code Δ²/(2σ²)}-zCDP (CKS20). The output is an integer, so nothing is rounded; results are
 * saturated at the range of {@code long} (post-processing).
 */
public final class DiscreteGaussianMechanism {
    private final String name;
    private final double epsilon;
    private final double delta;
    private final long sensitivity;
    private final DiscreteGaussian noise;
    private final Guarantee guarantee;

    DiscreteGaussianMechanism(String name, double epsilon, double delta, long sensitivity, Rational sigmaSquared) {
        this.name = name;
        this.epsilon = epsilon;
        this.delta = delta;
        this.sensitivity = sensitivity;
        this.noise = DiscreteGaussian.withVariance(sigmaSquared);
        this.guarantee = new Guarantee(name, epsilon, delta, DiscreteGaussianPrivacy.rho(sigmaSquared, sensitivity));
    }

    /**
     * (ε, δ)-DP, checked against the discrete Gaussian's exact δ.
     *
     * @param epsilon     ε > 0, finite
     * @param delta       δ in (0, 1)
     * @param sensitivity Δ ≥ 1 (L2 sensitivity of the integer query)
     */
    public static DiscreteGaussianMechanism of(double epsilon, double delta, long sensitivity) {
        Checks.epsilon(epsilon);
        Checks.positiveDelta(delta);
        Checks.sensitivity(sensitivity);
        Rational s2 = DiscreteGaussianPrivacy.calibrate(epsilon, delta, sensitivity,
                AnalyticGaussian.sigma(epsilon, delta, sensitivity));
        return new DiscreteGaussianMechanism("discrete Gaussian", epsilon, delta, sensitivity, s2);
    }

    /** ρ-zCDP: σ² = Δ²/(2ρ), rounded up. */
    public static DiscreteGaussianMechanism zcdp(double rho, long sensitivity) {
        Checks.rho(rho);
        Checks.sensitivity(sensitivity);
        if (!(sensitivity / Math.sqrt(2 * rho) < Checks.MAX_NOISE_UNITS)) {
            throw new InputException("rho = " + rho + " is too small for sensitivity " + sensitivity
                    + ": the noise's sigma would exceed 2^44");
        }
        Rational s2 = Rational.atLeast(Rational.of(sensitivity).multiply(Rational.of(sensitivity))
                .divide(Rational.exact(rho).multiply(Rational.of(2))), 24);
        return new DiscreteGaussianMechanism("discrete Gaussian (zCDP)", Double.NaN, Double.NaN, sensitivity, s2);
    }

    public double epsilon() {
        return epsilon;
    }

    public double delta() {
        return delta;
    }

    public long sensitivity() {
        return sensitivity;
    }

    /** σ² of the noise, exactly. */
    public Rational sigmaSquared() {
        return noise.sigmaSquared();
    }

    public double sigma() {
        return Math.sqrt(noise.sigmaSquared().doubleValue());
    }

    public Guarantee guarantee() {
        return guarantee;
    }

    public Release<Long> release(long value) {
        return release(value, Randomness.perThread());
    }

    public Release<Long> release(long value, Randomness randomness) {
        Objects.requireNonNull(randomness, "randomness");
        return new Release<>(GeometricMechanism.saturatedAdd(value, noise.sample(randomness)), guarantee,
                randomness.isPrivate());
    }

    @Override
    public String toString() {
        return name + ": sigma " + sigma();
    }
}
