package dev.probity.privacy.mechanism;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The sparse vector technique's AboveThreshold (Dwork and Roth 2014, Algorithm 1; the version that Lyu, Su and Li,
 * "Understanding the Sparse Vector Technique for Differential Privacy", VLDB 2017, prove correct, their Algorithm 1
 * with c = 1): answer a stream of queries, each of sensitivity Δ, with "below" until the first one whose noisy value
 * is at or above a noisy threshold, answer "above" for it and stop. ε-differentially private however many queries
 * are asked, and the queries may be chosen adaptively.
 *
 * <p>Noise: the threshold gets Laplace noise of scale 2Δ/ε once; each query gets fresh Laplace noise of scale 4Δ/ε
 * (half the budget for each, and the query noise twice as wide because a query and the threshold can move in
 * opposite directions; for monotone queries Lyu et al. allow 2Δ/ε). Nothing else is released: not the noisy
 * values, and no second "above" (variants that do either are the broken ones Lyu et al. catalogue).
 *
 * <p><b>How it is drawn, exactly.</b> As {@link LaplaceMechanism}: the threshold and each query value are rounded to
 * the grid {@code g = 2^(⌊log2 Δ⌋ − 12)} (half up), so their sensitivity becomes the integer {@code Δ_g = ⌈Δ/g⌉},
 * and the noise is discrete Laplace with scales {@code 2Δ_g/ε} and {@code 4Δ_g/ε} in grid units, rounded up to
 * simple rationals ({@link DiscreteLaplace}). The comparison {@code q_i + ν_i >= T + ρ} is between integers, so it is
 * exact.
 *
 * <p><b>Privacy argument</b> (Lyu et al.'s, on the integers). Fix the query noise of the "below" answers. For
 * neighbours, shift the threshold noise by Δ_g and the noise of the "above" query by 2Δ_g: each "below" stays below
 * ({@code q_i' + ν_i <= q_i + Δ_g + ν_i < T + ρ + Δ_g}) and the "above" stays above
 * ({@code q_k' + ν_k + 2Δ_g >= q_k + ν_k + Δ_g >= T + ρ + Δ_g}). The shifts are integers, so they map the integer
 * noise values one to one, and they change the discrete Laplace probabilities by at most {@code e^{Δ_g/(2Δ_g/ε)}}
 * and {@code e^{2Δ_g/(4Δ_g/ε)}}: ε in all.
 */
public final class AboveThreshold {
    static final String NAME = "AboveThreshold (sparse vector)";
    private final double epsilon;
    private final double sensitivity;
    private final double threshold;
    private final Grid grid;
    private final DiscreteLaplace thresholdNoise;
    private final DiscreteLaplace queryNoise;

    AboveThreshold(double epsilon, double sensitivity, double threshold, Rational thresholdScale, Rational queryScale) {
        this.epsilon = epsilon;
        this.sensitivity = sensitivity;
        this.threshold = threshold;
        this.grid = Grid.forSensitivity(sensitivity);
        this.thresholdNoise = DiscreteLaplace.withScale(thresholdScale);
        this.queryNoise = DiscreteLaplace.withScale(queryScale);
    }

    /**
     * @param epsilon     ε > 0, finite: the whole run's budget
     * @param sensitivity Δ > 0, finite: the sensitivity of every query
     * @param threshold   the public threshold T, finite
     */
    public static AboveThreshold of(double epsilon, double sensitivity, double threshold) {
        Checks.epsilon(epsilon);
        Checks.sensitivity(sensitivity);
        Checks.value("threshold", threshold);
        long units = Grid.forSensitivity(sensitivity).units(sensitivity);
        return new AboveThreshold(epsilon, sensitivity, threshold,
                LaplaceMechanism.unitScale(2 * units, epsilon), LaplaceMechanism.unitScale(4 * units, epsilon));
    }

    public double epsilon() {
        return epsilon;
    }

    public double sensitivity() {
        return sensitivity;
    }

    public double threshold() {
        return threshold;
    }

    public Guarantee guarantee() {
        return Guarantee.pure(NAME, epsilon);
    }

    /** A run with secure noise: draws the threshold's noise now. */
    public Run start() {
        return start(Randomness.perThread());
    }

    /** A run with noise from {@code randomness}: draws the threshold's noise now. */
    public Run start(Randomness randomness) {
        Objects.requireNonNull(randomness, "randomness");
        return new Run(randomness);
    }

    /**
     * The index of the first query found above the threshold, or −1 if none is (all answers "below"); one run
     * over the given values.
     */
    public Release<Integer> firstAbove(double[] queries, Randomness randomness) {
        Objects.requireNonNull(queries, "queries");
        Run run = start(randomness);
        for (int i = 0; i < queries.length; i++) {
            if (run.isAbove(queries[i])) {
                return new Release<>(i, guarantee(), randomness.isPrivate());
            }
        }
        return new Release<>(-1, guarantee(), randomness.isPrivate());
    }

    public Release<Integer> firstAbove(double[] queries) {
        return firstAbove(queries, Randomness.perThread());
    }

    /** One run of AboveThreshold: ask queries until one is above; then it stops. Not thread-safe. */
    public final class Run {
        private final Randomness randomness;
        private final BigInteger noisyThreshold;
        private boolean stopped;
        private int asked;

        private Run(Randomness randomness) {
            this.randomness = randomness;
            this.noisyThreshold = grid.bigIndex(threshold).add(BigInteger.valueOf(thresholdNoise.sample(randomness)));
        }

        /**
         * True ("above") when the query's noisy value reaches the noisy threshold; the run then stops and any further
         * question throws {@link IllegalStateException}. False ("below") otherwise.
         *
         * @param query the query's value on the data, finite; its sensitivity must be at most Δ
         */
        public boolean isAbove(double query) {
            if (stopped) {
                throw new IllegalStateException("this AboveThreshold run has stopped at its first 'above' (query "
                        + (asked - 1) + "); start a new run, with its own budget, to go on");
            }
            Checks.value("query", query);
            asked++;
            BigInteger noisy = grid.bigIndex(query).add(BigInteger.valueOf(queryNoise.sample(randomness)));
            if (noisy.compareTo(noisyThreshold) >= 0) {
                stopped = true;
                return true;
            }
            return false;
        }

        public boolean stopped() {
            return stopped;
        }

        /** How many queries have been answered. */
        public int asked() {
            return asked;
        }

        public boolean privateNoise() {
            return randomness.isPrivate();
        }

        public Guarantee guarantee() {
            return AboveThreshold.this.guarantee();
        }
    }
}
