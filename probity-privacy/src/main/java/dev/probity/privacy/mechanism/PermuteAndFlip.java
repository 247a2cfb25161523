package dev.probity.privacy.mechanism;

import java.util.Objects;

/**
 * Permute-and-flip (McKenna and Sheldon, "Permute-and-Flip: A new mechanism for differentially private selection",
 * NeurIPS 2020): visit the candidates in a uniformly random order and stop at candidate i with probability
 * {@code exp(ε (q_i − q*)/(2Δ))}, q* the largest utility (the best candidate always stops the walk). ε-differentially
 * private, and never worse than the exponential mechanism in expected utility.
 *
 * <p>This is Probity's report-noisy-max: Ding et al. ("The permute-and-flip mechanism is identical to report-noisy-max
 * with exponential noise", 2021) show that it has exactly the distribution of
 * report-noisy-max with exponential noise of scale 2Δ/ε. (Report-noisy-max with Gumbel noise is the
 * {@link ExponentialMechanism}.) Drawing it this way needs no continuous noise at all.
 *
 * <p><b>How it is drawn, exactly.</b> The order is a Fisher–Yates shuffle with exact uniform integers, drawn lazily;
 * each coin is {@code Bernoulli(exp(-γ_i))} with the rational {@code γ_i = ε (q* − q_i)/(2Δ)} (the utilities are
 * doubles, hence rationals), sampled exactly ({@link BernoulliExp}). Privacy assumes the utilities, as the doubles
 * given, have sensitivity at most Δ; the argument is McKenna and Sheldon's.
 */
public final class PermuteAndFlip {
    static final String NAME = "permute-and-flip";
    private final double epsilon;
    private final double sensitivity;

    private PermuteAndFlip(double epsilon, double sensitivity) {
        this.epsilon = epsilon;
        this.sensitivity = sensitivity;
    }

    /**
     * @param epsilon     ε > 0, finite
     * @param sensitivity Δ > 0, finite: the most any candidate's utility can change when one person's data changes
     */
    public static PermuteAndFlip of(double epsilon, double sensitivity) {
        return new PermuteAndFlip(Checks.epsilon(epsilon), Checks.sensitivity(sensitivity));
    }

    public double epsilon() {
        return epsilon;
    }

    public double sensitivity() {
        return sensitivity;
    }

    public Guarantee guarantee() {
        return Guarantee.pure(NAME, epsilon);
    }

    /** The index of the chosen candidate, with secure randomness. */
    public Release<Integer> select(double[] utilities) {
        return select(utilities, Randomness.perThread());
    }

    /** The index of the chosen candidate. */
    public Release<Integer> select(double[] utilities, Randomness randomness) {
        Objects.requireNonNull(randomness, "randomness");
        Utilities u = new Utilities(utilities, epsilon, sensitivity);
        int k = u.size();
        int[] order = new int[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        for (int j = 0; j < k; j++) {
            int pick = j + (int) randomness.uniform(k - j);
            int i = order[pick];
            order[pick] = order[j];
            order[j] = i;
            if (u.accept(i, randomness)) {
                return new Release<>(i, guarantee(), randomness.isPrivate());
            }
        }
        throw new AssertionError("the best candidate always stops the walk");
    }
}
