/**
 * Re-identification risk of a table on its quasi-identifiers: prosecutor, journalist and marketer models, sample
 * uniques and population-uniqueness estimates. See {@link dev.probity.privacy.anonymize.risk.ReidentificationRisk}.
 */
package dev.probity.privacy.anonymize.risk;
