/**
 * Anonymization by generalization and suppression: hierarchies ({@link dev.probity.privacy.anonymize.Hierarchy}),
 * privacy models (k-anonymity, ℓ-diversity, t-closeness, {@link dev.probity.privacy.anonymize.PrivacyModel}), the
 * globally optimal full-domain generalization ({@link dev.probity.privacy.anonymize.Anonymizer}) and utility measures
 * ({@link dev.probity.privacy.anonymize.Utility}); risk in {@link dev.probity.privacy.anonymize.risk}.
 */
package dev.probity.privacy.anonymize;
