package dev.probity.privacy.mechanism;

import dev.probity.core.InputException;

import java.util.Objects;

/**
 * The Gaussian mechanism for a real-valued query: (ε, δ)-differential privacy (and ρ-zCDP) for a query whose value
 * changes by at most {@code sensitivity} between neighbouring datasets, with noise drawn exactly from a discrete
 * Gaussian on a fine grid instead of a floating-point normal sampler.
 *
 * <p><b>Calibration.</b> {@link #analytic} uses Balle and Wang's analytic calibration (the smallest σ that works
 * for continuous Gaussian noise, any ε > 0; {@link AnalyticGaussian}); {@link #classic} the textbook
 * {@code σ = Δ√(2 ln(1.25/δ))/ε}, which holds only for ε < 1 and is refused otherwise; {@link #zcdp} sets
 * {@code σ = Δ/√(2ρ)} for ρ-zCDP.
 *
 * <p><b>How it is drawn</b> (OpenDP's "float → integer scaling"; Canonne, Kamath and Steinke 2020):
 * <ol>
 *   <li>the grid is {@code g = 2^k} with {@code k = ⌊log2 Δ⌋ − 12}, 2^12 to 2^13 times finer than Δ;</li>
 *   <li>the value is rounded to the nearest multiple of g, {@code n = ⌊x/g + 1/2⌋}, exactly; n has integer
 *       sensitivity {@code Δ_g = ⌈Δ/g⌉ <= Δ/g + 1};</li>
 *   <li>σ_g, the noise's σ in grid units, is calibrated for sensitivity Δ_g (so the rounding is paid for), then
 *       checked against the discrete Gaussian's exact δ ({@link DiscreteGaussianPrivacy#delta}) and raised by a
 *       hair until it passes: the continuous calibration alone is not a proof for discrete noise, whose δ can be a
 *       little larger;</li>
 *   <li>integer noise {@code N_ℤ(0, σ_g²)} is added, sampled exactly ({@link DiscreteGaussian}; σ_g² a rational),
 *       and {@code (n + noise)·g} is returned as a double (post-processing).</li>
 * </ol>
 * <b>Privacy argument.</b> For neighbours the indices differ by at most Δ_g; discrete Gaussian noise with variance
 * parameter σ_g² on sensitivity Δ_g is (ε, δ)-DP with the δ of {@link DiscreteGaussianPrivacy#delta}, which was
 * checked to be at most the δ asked for (summed exactly for σ_g up to 2^20, a proven upper bound above), and
 * {@code Δ_g²/(2σ_g²)}-zCDP (CKS20); returning a double is post-processing. The cost of the grid: the noise's σ is
 * at most (Δ + g)/Δ, i.e. 1 + 1/4096, times the continuous calibration, plus the hair the discrete check adds
 * (10^-9 relative at ε = 1, δ = 10^-5; about 5·10^-4 when σ_g is beyond 2^20 and the bound is used).
 */
public final class GaussianMechanism {
    private final String name;
    private final double epsilon;
    private final double delta;
    private final double sensitivity;
    private final Grid grid;
    private final long sensitivityUnits;
    private final DiscreteGaussian noise;
    private final Guarantee guarantee;

    GaussianMechanism(String name, double epsilon, double delta, double sensitivity, Grid grid, Rational unitVariance) {
        this.name = name;
        this.epsilon = epsilon;
        this.delta = delta;
        this.sensitivity = sensitivity;
        this.grid = grid;
        this.sensitivityUnits = grid.units(sensitivity);
        this.noise = DiscreteGaussian.withVariance(unitVariance);
        this.guarantee = new Guarantee(name, epsilon, delta, DiscreteGaussianPrivacy.rho(unitVariance, sensitivityUnits));
    }

    /**
     * (ε, δ)-DP with the analytic calibration (Balle and Wang 2018), valid for every ε > 0.
     *
     * @param epsilon     ε > 0, finite
     * @param delta       δ in (0, 1)
     * @param sensitivity Δ > 0, finite: the L2 sensitivity of the query
     */
    public static GaussianMechanism analytic(double epsilon, double delta, double sensitivity) {
        Checks.epsilon(epsilon);
        Checks.positiveDelta(delta);
        Checks.sensitivity(sensitivity);
        Grid grid = Grid.forSensitivity(sensitivity);
        long units = grid.units(sensitivity);
        Rational s2 = DiscreteGaussianPrivacy.calibrate(epsilon, delta, units, AnalyticGaussian.sigma(epsilon, delta, units));
        return new GaussianMechanism("Gaussian (analytic)", epsilon, delta, sensitivity, grid, s2);
    }

    /**
     * (ε, δ)-DP with the classic calibration {@code σ = Δ√(2 ln(1.25/δ))/ε} (Dwork and Roth 2014, Theorem A.1),
     * which holds only for ε < 1: larger ε is refused. The analytic calibration never needs more noise.
     */
    public static GaussianMechanism classic(double epsilon, double delta, double sensitivity) {
        AnalyticGaussian.sigmaClassic(epsilon, delta, sensitivity);
        Grid grid = Grid.forSensitivity(sensitivity);
        long units = grid.units(sensitivity);
        Rational s2 = DiscreteGaussianPrivacy.calibrate(epsilon, delta, units,
                AnalyticGaussian.sigmaClassic(epsilon, delta, units));
        return new GaussianMechanism("Gaussian (classic)", epsilon, delta, sensitivity, grid, s2);
    }

    /** ρ-zero-concentrated DP (Bun and Steinke 2016): σ = Δ/√(2ρ), in grid units Δ_g/√(2ρ) rounded up. */
    public static GaussianMechanism zcdp(double rho, double sensitivity) {
        Checks.rho(rho);
        Checks.sensitivity(sensitivity);
        Grid grid = Grid.forSensitivity(sensitivity);
        long units = grid.units(sensitivity);
        if (!(units / Math.sqrt(2 * rho) < Checks.MAX_NOISE_UNITS)) {
            throw new InputException("rho = " + rho + " is too small: the noise's sigma would exceed 2^44 grid steps");
        }
        Rational s2 = Rational.atLeast(Rational.of(units).multiply(Rational.of(units))
                .divide(Rational.exact(rho).multiply(Rational.of(2))), 24);
        return new GaussianMechanism("Gaussian (zCDP)", Double.NaN, Double.NaN, sensitivity, grid, s2);
    }


    public double epsilon() {
        return epsilon;
    }

    public double delta() {
        return delta;
    }

    public double sensitivity() {
        return sensitivity;
    }

    /** The grid g = 2^k the output lies on. */
    public double granularity() {
        return grid.granularity();
    }

    /** The noise's σ in the value's units (σ_g·g). */
    public double sigma() {
        return Math.scalb(Math.sqrt(noise.sigmaSquared().doubleValue()), grid.exponent);
    }

    /** The sensitivity after rounding to the grid, in units of the grid: ⌈Δ/g⌉. */
    public long sensitivityInGridUnits() {
        return sensitivityUnits;
    }

    /** σ_g²: the discrete Gaussian's variance parameter in grid units, exactly. */
    public Rational varianceInGridUnits() {
        return noise.sigmaSquared();
    }

    public Guarantee guarantee() {
        return guarantee;
    }

    /** Release {@code value} with secure noise. */
    public Release<Double> release(double value) {
        return release(value, Randomness.perThread());
    }

    /** Release {@code value} with noise from {@code randomness} (a seeded source makes the release not private). */
    public Release<Double> release(double value, Randomness randomness) {
        Checks.value("value", value);
        Objects.requireNonNull(randomness, "randomness");
        return new Release<>(grid.addNoise(value, noise.sample(randomness)), guarantee, randomness.isPrivate());
    }

    @Override
    public String toString() {
        return name + ": sigma " + sigma() + " on the grid " + granularity();
    }
}
