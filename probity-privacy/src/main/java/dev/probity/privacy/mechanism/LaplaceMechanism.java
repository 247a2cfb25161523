package dev.probity.privacy.mechanism;

import dev.probity.core.InputException;

import java.util.Objects;

/**
 * The Laplace mechanism for a real-valued query: ε-differential privacy (δ = 0) for a query whose value changes by
 * at most {@code sensitivity} between neighbouring datasets. The noise has scale about Δ/ε, as in Dwork, McSherry,
 * Nissim and Smith (2006), but is drawn exactly on a grid rather than in floating point.
 *
 * <p><b>How it is drawn.</b> The textbook sampler {@code x - b·sgn(U)·ln(1 - 2|U|)} on doubles leaks the input
 * through which doubles it can and cannot produce (Mironov 2012, who recovered inputs from the low bits). Here, as in
 * OpenDP ({@code make_laplace} on floats, "float → integer scaling") and after Mironov's snapping idea:
 * <ol>
 *   <li>the grid is {@code g = 2^k}, the power of two 2^12 to 2^13 times finer than Δ
 *       ({@code k = ⌊log2 Δ⌋ − 12});</li>
 *   <li>the value is rounded to the nearest multiple of g, {@code n = ⌊x/g + 1/2⌋}, exactly (x/g is a shift of the
 *       exponent);</li>
 *   <li>integer noise from the discrete Laplace distribution with scale {@code b = Δ_g/ε} is added, where
 *       {@code Δ_g = ⌈Δ/g⌉} is the sensitivity of n (rounding can widen a gap of Δ to ⌈Δ/g⌉ units, never more:
 *       see {@code Grid}); b is rounded up to a rational with a power-of-two denominator and 40-odd significant
 *       bits, and the noise is sampled exactly ({@link DiscreteLaplace});</li>
 *   <li>the result {@code (n + noise)·g} is returned as a double (rounded to the nearest double only when
 *       |n + noise| exceeds 2^53: post-processing).</li>
 * </ol>
 * <b>Privacy argument.</b> For neighbours, the indices differ by at most Δ_g; the discrete Laplace probabilities at
 * any output differ by a factor of at most {@code e^{Δ_g/b} <= e^ε}; the map back to doubles is post-processing.
 * So the release is ε-DP, exactly, with no floating-point step before the noise is added. The cost of the grid:
 * the noise scale is {@code b·g <= (Δ + g)/ε}, at most 1/4096 above Δ/ε, and the value moves by at most g/2 before
 * noise is added.
 */
public final class LaplaceMechanism {
    static final String NAME = "Laplace";
    private static final int SCALE_BITS = 40;
    private final double epsilon;
    private final double sensitivity;
    private final Grid grid;
    private final long sensitivityUnits;
    private final DiscreteLaplace noise;

    LaplaceMechanism(double epsilon, double sensitivity, Grid grid, Rational unitScale) {
        this.epsilon = epsilon;
        this.sensitivity = sensitivity;
        this.grid = grid;
        this.sensitivityUnits = grid.units(sensitivity);
        this.noise = DiscreteLaplace.withScale(unitScale);
    }

    /**
     * The Laplace mechanism with privacy parameter {@code epsilon} for a query of L1 sensitivity
     * {@code sensitivity}.
     *
     * @param epsilon     ε > 0, finite
     * @param sensitivity Δ > 0, finite: the most the query's value can change when one person's data changes
     */
    public static LaplaceMechanism of(double epsilon, double sensitivity) {
        Checks.epsilon(epsilon);
        Checks.sensitivity(sensitivity);
        Grid grid = Grid.forSensitivity(sensitivity);
        return new LaplaceMechanism(epsilon, sensitivity, grid, unitScale(grid.units(sensitivity), epsilon));
    }

    /** The scale in grid units: Δ_g/ε rounded up to a simple rational. */
    static Rational unitScale(long sensitivityUnits, double epsilon) {
        if (!((double) sensitivityUnits / epsilon < Checks.MAX_NOISE_UNITS)) {
            throw new InputException("epsilon = " + epsilon + " is too small: the noise scale would exceed 2^44 steps "
                    + "(sensitivity/epsilon, in units of the grid or of the integers, must stay below about 1.8e13)");
        }
        return Rational.atLeast(Rational.of(sensitivityUnits).divide(Rational.exact(epsilon)), SCALE_BITS);
    }

    public double epsilon() {
        return epsilon;
    }

    public double sensitivity() {
        return sensitivity;
    }

    /** The grid g = 2^k the output lies on. */
    public double granularity() {
        return grid.granularity();
    }

    /** The noise scale b in the value's units (the noise's standard deviation is about √2·b). */
    public double scale() {
        return Math.scalb(noise.scale().doubleValue(), grid.exponent);
    }

    /** The sensitivity after rounding to the grid, in units of the grid: ⌈Δ/g⌉. */
    public long sensitivityInGridUnits() {
        return sensitivityUnits;
    }

    public Guarantee guarantee() {
        return Guarantee.pure(NAME, epsilon);
    }

    /** Release {@code value} with secure noise. */
    public Release<Double> release(double value) {
        return release(value, Randomness.perThread());
    }

    /** Release {@code value} with noise from {@code randomness} (a seeded source makes the release not private). */
    public Release<Double> release(double value, Randomness randomness) {
        Checks.value("value", value);
        Objects.requireNonNull(randomness, "randomness");
        return new Release<>(grid.addNoise(value, noise.sample(randomness)), guarantee(), randomness.isPrivate());
    }
}
