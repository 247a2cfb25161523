/**
 * Bias tests for text models: counterfactual substitution of identity terms ({@link dev.probity.text.bias.Counterfactual}
 * with {@link dev.probity.text.bias.IdentityTerms}, Probity's own term lists and templates as resources), Borkan et
 * al.'s identity-term metrics ({@link dev.probity.text.bias.IdentityMetrics}) and WEAT/SEAT on embeddings
 * ({@link dev.probity.text.bias.Weat}).
 */
package dev.probity.text.bias;
