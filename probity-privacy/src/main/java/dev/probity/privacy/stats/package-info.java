/**
 * Differentially private grouped statistics: counts, sums, means, variances, histograms and contingency tables of a
 * {@link dev.probity.core.frame.Frame} grouped by a column, with per-unit contribution bounding, private selection of
 * the groups when their keys are private, and a confidence interval for the noise of every output. See
 * {@link dev.probity.privacy.stats.PrivateStats}.
 */
package dev.probity.privacy.stats;
