package dev.probity.privacy.anonymize.risk;

/**
 * Re-identification risk under one attacker model.
 *
 * @param average        the expected share of records the attacker re-identifies (mean of the records' risks)
 * @param highest        the highest risk of any record
 * @param recordsAtRisk  the share of records whose risk exceeds the threshold
 */
public record AttackerRisk(double average, double highest, double recordsAtRisk) {
}
