package dev.probity.privacy.stats;

import java.util.List;

/**
 * The released statistics of one group; a statistic not asked for is null (quantiles: empty).
 *
 * @param key       the group's key (the grouping column's value as text)
 * @param count     the noisy number of rows
 * @param sum       the noisy sum of clamped values
 * @param mean      the noisy mean of clamped values
 * @param variance  the noisy population variance of clamped values
 * @param quantiles the private quantiles of clamped values, in the order of the probabilities asked
 */
public record GroupStatistics(String key, NoisyValue count, NoisyValue sum, NoisyValue mean, NoisyValue variance,
                              List<NoisyQuantile> quantiles) {
    public GroupStatistics {
        quantiles = quantiles == null ? List.of() : List.copyOf(quantiles);
    }

    /** A group without quantiles. */
    public GroupStatistics(String key, NoisyValue count, NoisyValue sum, NoisyValue mean, NoisyValue variance) {
        this(key, count, sum, mean, variance, List.of());
    }
}
