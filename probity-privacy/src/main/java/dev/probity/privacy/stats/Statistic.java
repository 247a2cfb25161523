package dev.probity.privacy.stats;

/** The grouped statistics {@link PrivateStats} releases. */
public enum Statistic {
    /** The number of rows in the group (after contribution bounding). */
    COUNT,
    /** The sum of the value column, each value clamped to the declared bounds. */
    SUM,
    /** The mean of the clamped values: the midpoint plus a noisy centred sum over a noisy count. */
    MEAN,
    /**
     * The population variance of the clamped values (divided by the count): the centred mean of squares minus the
     * squared centred mean.
     */
    VARIANCE
}
