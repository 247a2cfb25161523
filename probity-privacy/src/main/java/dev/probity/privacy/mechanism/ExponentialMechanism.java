package dev.probity.privacy.mechanism;

import java.util.Objects;

/**
 * The exponential mechanism (McSherry and Talwar 2007): choose candidate i with probability proportional to
 * {@code exp(ε q_i / (2Δ))}, where q_i is its utility and Δ the utilities' sensitivity. ε-differentially private.
 * It has the same distribution as report-noisy-max with Gumbel noise of scale 2Δ/ε, without drawing any Gumbel
 * variable.
 *
 * <p><b>How it is drawn, exactly.</b> Rejection sampling: propose a candidate uniformly at random and accept it with
 * probability {@code exp(-γ_i)}, {@code γ_i = ε (q* − q_i)/(2Δ)} with q* the largest utility; repeat until one is
 * accepted. Each candidate is accepted with probability proportional to {@code exp(ε q_i/(2Δ))}, as required. The
 * utilities are doubles, hence rationals, so γ_i is computed exactly and the Bernoulli trial is exact
 * ({@link BernoulliExp}); no {@code exp} is evaluated in floating point and no weights are summed (the naive
 * "normalize the weights, draw a uniform double" sampler is what Ilvento 2020, "Implementing the exponential
 * mechanism with base-2 differential privacy", shows to be unsafe). The expected number of proposals is
 * {@code k / Σ_i exp(-γ_i)}: at most k, and near 1 when many candidates are near the best.
 *
 * <p><b>Privacy argument.</b> The standard one: for neighbours, each {@code ε q_i/(2Δ)} moves by at most ε/2, so the
 * unnormalized weights move by a factor of at most {@code e^{ε/2}} and the normalizer by at most the same; the
 * probability of each candidate by at most {@code e^ε}. Privacy assumes the utilities, as the doubles given, have
 * sensitivity at most Δ.
 *
 * @see PermuteAndFlip the other selection mechanism here; never worse in expected utility
 */
public final class ExponentialMechanism {
    static final String NAME = "exponential mechanism";
    private final double epsilon;
    private final double sensitivity;

    private ExponentialMechanism(double epsilon, double sensitivity) {
        this.epsilon = epsilon;
        this.sensitivity = sensitivity;
    }

    /**
     * @param epsilon     ε > 0, finite
     * @param sensitivity Δ > 0, finite: the most any candidate's utility can change when one person's data changes
     */
    public static ExponentialMechanism of(double epsilon, double sensitivity) {
        return new ExponentialMechanism(Checks.epsilon(epsilon), Checks.sensitivity(sensitivity));
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
        while (true) {
            int i = (int) randomness.uniform(u.size());
            if (u.accept(i, randomness)) {
                return new Release<>(i, guarantee(), randomness.isPrivate());
            }
        }
    }
}
