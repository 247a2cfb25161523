package dev.probity.privacy.stats;

import dev.probity.privacy.mechanism.Release;

/**
 * One private quantile: a point of a declared grid chosen by the exponential mechanism, with how far from the exact
 * quantile, in rows, the noise can have taken it.
 *
 * <p>A quantile has no noise interval in the value's units that could be published: how far a value lies from the
 * exact quantile depends on how densely the data sit around it, which is private. What the mechanism does bound is the
 * <em>rank</em>: with probability at least {@code level}, the number of (bounded, clamped) rows lying between the
 * released value and where the exact quantile sits exceeds that of the best grid point by at most {@code rankError}.
 * So the released value is, at that level, between the exact quantiles of probabilities p − rankError/n and
 * p + rankError/n (n the group's rows), up to the grid's {@code resolution}.
 *
 * @param probability  the quantile's probability p, in [0, 1], as asked (the score uses p rounded to a multiple of 2^-20)
 * @param value        the released value, a grid point in the clamping bounds
 * @param rankError    the bound on the rank error at {@code level}, in rows: (2Δ/ε)·ln(G/(1 − level)) for G grid
 *                     points, Δ the score's sensitivity and ε this quantile's share
 * @param level        the level of that bound
 * @param resolution   the grid's step: the released value is a multiple of it from the lower bound
 * @param mechanism    the mechanism
 * @param epsilon      the ε this quantile spent
 * @param privateNoise false when the randomness was seeded (not private: for tests only)
 */
public record NoisyQuantile(double probability, double value, double rankError, double level, double resolution,
                            String mechanism, double epsilon, boolean privateNoise) {
    /** "private" or "not private (seeded noise, for tests)". */
    public String privacyNote() {
        return privateNoise ? "private" : Release.NOT_PRIVATE;
    }
}
