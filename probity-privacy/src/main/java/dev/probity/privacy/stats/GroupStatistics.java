package dev.probity.privacy.stats;

/**
 * The released statistics of one group; a statistic not asked for is null.
 *
 * @param key   the group's key (the grouping column's value as text)
 * @param count the noisy number of rows
 * @param sum   the noisy sum of clamped values
 * @param mean  the noisy mean of clamped values
 * @param variance the noisy population variance of clamped values
 */
public record GroupStatistics(String key, NoisyValue count, NoisyValue sum, NoisyValue mean, NoisyValue variance) {
}
