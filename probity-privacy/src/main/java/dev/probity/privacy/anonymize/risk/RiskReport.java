package dev.probity.privacy.anonymize.risk;

import java.util.List;

/**
 * The re-identification risk of a table on its quasi-identifiers.
 *
 * @param quasiIdentifiers  the columns an attacker is assumed to know
 * @param rows              records
 * @param classes           equivalence classes (records sharing all quasi-identifier values; suppressed records,
 *                          {@code *} everywhere, form one)
 * @param threshold         the risk above which a record counts as at risk
 * @param prosecutor        the attacker knows the target is in the data: a record's risk is 1 / its class size
 * @param journalist        the attacker does not know whether the target is in the data and links against the
 *                          population: a record's risk is 1 / its class's size in the population (the sample itself
 *                          when no population is given)
 * @param marketer          the attacker wants to re-identify as many records as possible, not a chosen one: the
 *                          expected share re-identified, (1/n) Σ f/F over classes (only {@code average} is meaningful;
 *                          highest and at-risk repeat the journalist's)
 * @param sampleUniques     the share of records alone in their class
 * @param samplingFraction  the share of the population in the sample, NaN when unknown
 * @param populationUniques population-uniqueness estimates (Pitman, Zayatz, SNB), empty without a sampling fraction
 */
public record RiskReport(List<String> quasiIdentifiers, int rows, int classes, double threshold,
                         AttackerRisk prosecutor, AttackerRisk journalist, AttackerRisk marketer, double sampleUniques,
                         double samplingFraction, List<PopulationUniqueness> populationUniques) {
}
