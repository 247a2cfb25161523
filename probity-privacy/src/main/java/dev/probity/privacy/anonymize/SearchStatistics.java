package dev.probity.privacy.anonymize;

/**
 * What the search did.
 *
 * @param nodes     full-domain generalizations in the lattice
 * @param checked   nodes whose equivalence classes were computed
 * @param tagged    nodes whose anonymity was inferred from another's (predictive tagging) instead of computed
 * @param pruned    nodes neither computed nor tagged: their lower bound on the loss was above the optimum
 * @param millis    wall-clock time of the search, encoding the data included
 */
public record SearchStatistics(long nodes, long checked, long tagged, long pruned, double millis) {
}
