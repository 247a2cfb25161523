package dev.probity.core.stats;

import org.apache.commons.statistics.distribution.NormalDistribution;

/** The standard normal distribution (Apache Commons Statistics underneath). */
public final class Normal {
    private static final NormalDistribution STANDARD = NormalDistribution.of(0, 1);

    private Normal() {
    }

    public static double quantile(double p) {
        return STANDARD.inverseCumulativeProbability(p);
    }
}
