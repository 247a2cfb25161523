package dev.probity.privacy.mechanism;

import dev.probity.core.InputException;

import java.util.Objects;

/**
 * Randomized response, for local differential privacy: each person reports their own category through the
 * mechanism, and only the noisy reports are collected. Binary (Warner 1965) and k-ary ("generalized" or "direct
 * encoding" randomized response; Kairouz, Oh and Viswanath 2014; Wang, Blocki, Li and Jha 2017): report the true
 * category with probability {@code p = e^ε/(e^ε + k − 1)} and each other category with probability
 * {@code q = 1/(e^ε + k − 1)}. For k = 2 that is "tell the truth with probability e^ε/(1 + e^ε)". ε-locally
 * differentially private: for any two true values, the probability of any report differs by at most
 * {@code p/q = e^ε}.
 *
 * <p><b>How it is drawn, exactly.</b> p and q are irrational for rational ε, so they are not computed. Instead:
 * propose a category uniformly at random; accept the true one always and any other with probability {@code e^-ε}
 * (an exact {@link BernoulliExp} trial, ε a double and so a rational); repeat until accepted. The accepted report
 * is the truth with probability {@code 1/(1 + (k−1)e^-ε) = p} and each other category with {@code q}, exactly. The
 * expected number of proposals is {@code k/(1 + (k−1)e^-ε)}, at most k.
 *
 * <p><b>Estimating frequencies.</b> With n reports of which c_v say v, {@code E[c_v/n] = q + (p − q)π_v}, so
 * {@code π̂_v = (c_v/n − q)/(p − q)} is unbiased for the true frequency π_v (it can fall outside [0, 1]); its variance
 * is {@code λ_v(1 − λ_v)/(n(p − q)²)} with {@code λ_v = q + (p − q)π_v}, estimated without bias by
 * {@code λ̂_v(1 − λ̂_v)/((n − 1)(p − q)²)}, λ̂_v = c_v/n ({@link #estimate}).
 */
public final class RandomizedResponse {
    static final String NAME = "randomized response";
    private final double epsilon;
    private final int categories;
    private final Rational epsilonExact;

    private RandomizedResponse(double epsilon, int categories) {
        this.epsilon = epsilon;
        this.categories = categories;
        this.epsilonExact = Rational.exact(epsilon);
    }

    /** Binary randomized response: the truth with probability e^ε/(1 + e^ε). Categories are 0 and 1. */
    public static RandomizedResponse binary(double epsilon) {
        return new RandomizedResponse(Checks.epsilon(epsilon), 2);
    }

    /** k-ary randomized response over categories 0..k−1, k ≥ 2. */
    public static RandomizedResponse kAry(double epsilon, int categories) {
        Checks.epsilon(epsilon);
        if (categories < 2) {
            throw new InputException("randomized response needs at least 2 categories, got " + categories);
        }
        return new RandomizedResponse(epsilon, categories);
    }

    public double epsilon() {
        return epsilon;
    }

    public int categories() {
        return categories;
    }

    /** p = e^ε/(e^ε + k − 1), the probability of reporting the truth (for estimation; never used to sample). */
    public double probabilityTruth() {
        return 1 / (1 + (categories - 1) * Math.exp(-epsilon));
    }

    /** q = 1/(e^ε + k − 1), the probability of reporting one given other category. */
    public double probabilityOther() {
        return Math.exp(-epsilon) / (1 + (categories - 1) * Math.exp(-epsilon));
    }

    public Guarantee guarantee() {
        return Guarantee.pure(NAME + " (local)", epsilon);
    }

    public Release<Integer> respond(int value) {
        return respond(value, Randomness.perThread());
    }

    /** One person's report of {@code value} (a category in 0..k−1). */
    public Release<Integer> respond(int value, Randomness randomness) {
        Objects.requireNonNull(randomness, "randomness");
        check(value, -1);
        return new Release<>(draw(value, randomness), guarantee(), randomness.isPrivate());
    }

    /** Binary randomized response of a yes/no answer. */
    public Release<Boolean> respond(boolean value, Randomness randomness) {
        if (categories != 2) {
            throw new InputException("a yes/no answer needs binary randomized response; this one has " + categories
                    + " categories");
        }
        Objects.requireNonNull(randomness, "randomness");
        return new Release<>(draw(value ? 1 : 0, randomness) == 1, guarantee(), randomness.isPrivate());
    }

    /** Each person's report, independently: one ε-LDP report per value. */
    public Release<int[]> respondAll(int[] values, Randomness randomness) {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(randomness, "randomness");
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            check(values[i], i);
            out[i] = draw(values[i], randomness);
        }
        return new Release<>(out, guarantee(), randomness.isPrivate());
    }

    private int draw(int value, Randomness r) {
        while (true) {
            int v = (int) r.uniform(categories);
            if (v == value || BernoulliExp.sample(r, epsilonExact)) {
                return v;
            }
        }
    }

    private void check(int value, int index) {
        if (value < 0 || value >= categories) {
            throw new InputException((index >= 0 ? "value " + index : "value") + " must be a category in 0.."
                    + (categories - 1) + ", got " + value);
        }
    }

    /**
     * Unbiased estimates of the true frequencies from reports (each a category in 0..k−1), with estimated variances.
     */
    public FrequencyEstimate estimate(int[] reports) {
        long[] counts = new long[categories];
        for (int i = 0; i < reports.length; i++) {
            check(reports[i], i);
            counts[reports[i]]++;
        }
        return estimateFromCounts(counts);
    }

    /** As {@link #estimate(int[])} from the number of reports of each category. */
    public FrequencyEstimate estimateFromCounts(long[] counts) {
        if (counts.length != categories) {
            throw new InputException("counts must have one entry per category (" + categories + "), got " + counts.length);
        }
        long n = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new InputException("counts must not be negative, got " + c);
            }
            n += c;
        }
        if (n < 2) {
            throw new InputException("estimating frequencies needs at least 2 reports, got " + n);
        }
        double p = probabilityTruth();
        double q = probabilityOther();
        double[] freq = new double[categories];
        double[] var = new double[categories];
        for (int v = 0; v < categories; v++) {
            double lambda = (double) counts[v] / n;
            freq[v] = (lambda - q) / (p - q);
            var[v] = lambda * (1 - lambda) / ((n - 1) * (p - q) * (p - q));
        }
        return new FrequencyEstimate(n, freq, var);
    }

    /** The exact variance of π̂_v when the true frequency is {@code frequency} and there are n reports. */
    public double variance(double frequency, long n) {
        double p = probabilityTruth();
        double q = probabilityOther();
        double lambda = q + (p - q) * frequency;
        return lambda * (1 - lambda) / (n * (p - q) * (p - q));
    }

    /**
     * Estimated frequencies of the categories from n reports.
     *
     * @param n           the number of reports
     * @param frequencies π̂_v, unbiased, may lie outside [0, 1]
     * @param variances   unbiased estimates of Var(π̂_v)
     */
    public record FrequencyEstimate(long n, double[] frequencies, double[] variances) {
    }
}
