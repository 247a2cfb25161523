package dev.probity.privacy.anonymize.risk;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;

/**
 * How to estimate re-identification risk.
 *
 * @param threshold        a record is "at risk" when its re-identification probability exceeds this, in (0, 1]
 *                         (0.2, one in five, is a common choice — El Emam's guidance for public releases is 0.05–0.2)
 * @param samplingFraction the share of the population the data holds, in (0, 1], for the population-uniqueness
 *                         estimates; NaN when unknown (those estimates are then not made)
 * @param population       a table of the population with the same quasi-identifier columns, for the journalist model;
 *                         null to take the sample as its own population (the journalist model then equals the
 *                         prosecutor model)
 */
public record RiskSettings(double threshold, double samplingFraction, Frame population) {
    public RiskSettings {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new InputException("the risk threshold is a probability in (0, 1]; got " + threshold);
        }
        if (!Double.isNaN(samplingFraction) && !(samplingFraction > 0 && samplingFraction <= 1)) {
            throw new InputException("the sampling fraction is in (0, 1]; got " + samplingFraction);
        }
    }

    /** Threshold 0.2, sampling fraction unknown, the sample as population. */
    public static RiskSettings defaults() {
        return new RiskSettings(0.2, Double.NaN, null);
    }
}
