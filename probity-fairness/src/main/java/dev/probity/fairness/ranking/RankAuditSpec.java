package dev.probity.fairness.ranking;

import dev.probity.core.InputException;

import java.util.List;

/**
 * What a rank audit measures.
 *
 * @param protectedGroup the group whose exposure and share are tested (FA*IR, rND/rKL/rRD, ratios against the rest)
 * @param positionBias   the exposure of each position
 * @param ks             the prefix lengths whose protected share is reported (e.g. 5, 10, 20)
 * @param fairK          the top-k FA*IR tests (at most the list's length)
 * @param minProportion  FA*IR's p, the protected share a fair ranking draws from; NaN: the protected share of all items
 * @param alpha          FA*IR's significance, adjusted for testing every prefix unless {@code adjust} is false
 * @param step           the cut-point step of rND, rKL and rRD (10 in Yang and Stoyanovich)
 * @param confidence     the level of every interval (over queries)
 */
public record RankAuditSpec(String protectedGroup, PositionBias positionBias, List<Integer> ks, int fairK, double minProportion,
                            double alpha, boolean adjust, int step, double confidence) {
    public RankAuditSpec {
        if (protectedGroup == null || protectedGroup.isBlank()) {
            throw new InputException("a rank audit needs the protected group ({{protected-group}})");
        }
        ks = List.copyOf(ks);
        for (int k : ks) {
            if (k < 1) {
                throw new InputException("top-k lengths must be at least 1 ({{k}}); got " + k);
            }
        }
        if (fairK < 1) {
            throw new InputException("FA*IR's k must be at least 1 ({{fair-k}}); got " + fairK);
        }
        if (!Double.isNaN(minProportion) && !(minProportion >= 0 && minProportion <= 1)) {
            throw new InputException("the minimum proportion must lie in [0, 1] ({{min-proportion}}); got " + minProportion);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new InputException("the significance must lie strictly between 0 and 1 ({{alpha}}); got " + alpha);
        }
        if (step < 1) {
            throw new InputException("the cut-point step must be at least 1 ({{step}}); got " + step);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new InputException("the confidence level must lie strictly between 0 and 1 ({{confidence}}); got " + confidence);
        }
    }

    /** Logarithmic position bias, k = 5, 10, 20, FA*IR at k = 10, p from the data, α = 0.1 adjusted, step 10, 95%. */
    public static RankAuditSpec defaults(String protectedGroup) {
        return new RankAuditSpec(protectedGroup, PositionBias.LOGARITHMIC, List.of(5, 10, 20), 10, Double.NaN, 0.1, true, 10, 0.95);
    }

    public RankAuditSpec withPositionBias(PositionBias b) {
        return new RankAuditSpec(protectedGroup, b, ks, fairK, minProportion, alpha, adjust, step, confidence);
    }

    public RankAuditSpec withFairness(int k, double p, double a, boolean adj) {
        return new RankAuditSpec(protectedGroup, positionBias, ks, k, p, a, adj, step, confidence);
    }

    public RankAuditSpec withKs(List<Integer> v) {
        return new RankAuditSpec(protectedGroup, positionBias, v, fairK, minProportion, alpha, adjust, step, confidence);
    }

    public RankAuditSpec withConfidence(double c) {
        return new RankAuditSpec(protectedGroup, positionBias, ks, fairK, minProportion, alpha, adjust, step, c);
    }
}
