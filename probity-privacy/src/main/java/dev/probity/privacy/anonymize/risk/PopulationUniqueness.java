package dev.probity.privacy.anonymize.risk;

/**
 * An estimate of the share of the population that is unique on the quasi-identifiers, from the sample's class sizes.
 *
 * @param model   "Pitman", "Zayatz" or "SNB"
 * @param uniques the estimated share of population records that are unique (NaN when the model did not converge)
 * @param note    why the estimate is missing, or null
 */
public record PopulationUniqueness(String model, double uniques, String note) {
}
