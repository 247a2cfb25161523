package dev.probity.explain.tree;

import dev.probity.core.Parallel;

/**
 * Exact path-dependent TreeSHAP with per-leaf precomputation, in the manner of Fast TreeSHAP v2 (Yang 2021): the same
 * values as {@link TreeShap} (Lundberg et al. 2018, Algorithm 2), computed per row in O(nodes + leaves · d) instead of
 * O(leaves · D²).
 *
 * <p>For one leaf with value v whose root path splits on the d distinct features F, path-dependent TreeSHAP is the
 * Shapley value of the game g(S) = v · Π_{k∈S} o_k · Π_{k∈F∖S} z_k, where z_k is the share of training cover that
 * follows the path at the splits on k, and o_k is 1 when the row follows the path at every split on k, else 0. So a
 * row enters only through its <em>hot set</em> H = {k : o_k = 1}, and
 * φ_j = v · (o_j − z_j) · Π_{k∈F∖H∖{j}} z_k · Σ_s s!(d−s−1)!/d! · c_s, where c_s is the coefficient of tᵏ in
 * Π_{k∈H∖{j}} (t + z_k). Every leaf's 2^d × d values are computed once per model; a row then walks each tree once,
 * tracking which path features it leaves, and adds its hot set's row of each leaf. Memory is 2^d · d doubles per leaf
 * ({@link #bytesNeeded}); {@link #fits} says when to prefer it.
 */
public final class FastTreeShap {
    /** The memory above which the precomputation is not made (callers use {@link TreeShap}). */
    public static final long MAX_BYTES = 512L << 20;

    private final TreeEnsemble ensemble;
    private final int threads;
    private final LeafPaths paths;
    private final double[] table;

    public FastTreeShap(TreeEnsemble ensemble, int threads) {
        this.ensemble = ensemble;
        this.threads = Math.max(1, threads);
        try {
            this.paths = new LeafPaths(ensemble, MAX_BYTES);
        } catch (IllegalArgumentException tooBig) {
            throw new IllegalArgumentException(tooBig.getMessage() + "; use TreeShap");
        }
        this.table = new double[paths.cells()];
        Parallel.forEach(ensemble.trees(), this.threads,
                t -> paths.forEachLeaf(t, (leaf, d, at, share) -> fill(ensemble.value()[leaf], share, d, at)));
    }

    /** The bytes the per-leaf tables of {@code e} take. */
    public static long bytesNeeded(TreeEnsemble e) {
        return LeafPaths.bytesNeeded(e);
    }

    /** Whether the tables of {@code e} fit in {@link #MAX_BYTES}. */
    public static boolean fits(TreeEnsemble e) {
        return e.maxDepth() <= 24 && bytesNeeded(e) <= MAX_BYTES;
    }

    /** One leaf's table: for every hot set H (a bit mask over its d features) and feature j, φ_j. */
    private void fill(double v, double[] z, int d, int at) {
        if (d == 0) {
            return;
        }
        double[] w = new double[d];
        // s!(d−s−1)!/d!
        for (int s = 0; s < d; s++) {
            w[s] = 1.0 / (d * binomial(d - 1, s));
        }
        double[] poly = new double[d + 1];
        for (int h = 0; h < (1 << d); h++) {
            for (int j = 0; j < d; j++) {
                // Π_{k∈H∖{j}} (t + z_k), and the product of z over the cold features other than j
                java.util.Arrays.fill(poly, 0);
                poly[0] = 1;
                int degree = 0;
                double cold = 1;
                for (int k = 0; k < d; k++) {
                    if (k == j) {
                        continue;
                    }
                    if ((h >> k & 1) != 0) {
                        degree++;
                        for (int s = degree; s >= 1; s--) {
                            poly[s] = poly[s] * z[k] + poly[s - 1];
                        }
                        poly[0] *= z[k];
                    } else {
                        cold *= z[k];
                    }
                }
                double sum = 0;
                for (int s = 0; s <= degree; s++) {
                    sum += w[s] * poly[s];
                }
                double one = (h >> j & 1) != 0 ? 1 : 0;
                table[at + h * d + j] = v * (one - z[j]) * cold * sum;
            }
        }
    }

    private static double binomial(int n, int k) {
        double r = 1;
        for (int i = 1; i <= k; i++) {
            r = r * (n - k + i) / i;
        }
        return r;
    }

    /** Explains {@code rows} dense rows of {@code features} values each (row-major; NaN is missing), as {@link TreeShap#explain}. */
    public Attributions explain(double[] x, int rows) {
        return paths.explain(table, x, rows, ensemble.expectedMargin(), threads);
    }
}
