/**
 * Differentially private training: {@link dev.probity.privacy.training.DpSgd}, DP-SGD (Abadi et al. 2016) for
 * logistic regression with Poisson sampling, per-row clipping, exact discrete Gaussian noise and a noise multiplier
 * calibrated by the accountants of {@link dev.probity.privacy.accounting}; it returns an ordinary logistic
 * {@code PipelineModel} whose provenance records the (ε, δ) spent.
 */
package dev.probity.privacy.training;
