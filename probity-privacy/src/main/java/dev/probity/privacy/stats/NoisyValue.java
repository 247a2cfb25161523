package dev.probity.privacy.stats;

import dev.probity.privacy.mechanism.Release;

/**
 * One noisy output with the interval that the noise alone would cover at {@code level}.
 *
 * <p>The interval is for the <em>noise</em>: it covers the exact statistic of the bounded data (the rows kept after
 * contribution bounding, values clamped) with probability at least {@code level}. It says nothing about sampling
 * error or about what clamping and bounding removed.
 *
 * @param value        the noisy value
 * @param lower        lower end of the noise interval
 * @param upper        upper end of the noise interval
 * @param level        the interval's level, e.g. 0.95
 * @param mechanism    the mechanism that drew the noise (for a mean: the two it combines)
 * @param epsilon      the ε this output spent
 * @param privateNoise false when the noise was seeded (not private: for tests only)
 */
public record NoisyValue(double value, double lower, double upper, double level, String mechanism, double epsilon,
                         boolean privateNoise) {
    /** "private" or "not private (seeded noise, for tests)". */
    public String privacyNote() {
        return privateNoise ? "private" : Release.NOT_PRIVATE;
    }

    /** Whether {@code truth} lies in [lower, upper]. */
    public boolean covers(double truth) {
        return lower <= truth && truth <= upper;
    }
}
