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
    /** Per node: the index of its split feature among the distinct features of its root path (−1 for leaves). */
    private final int[] unique;
    /** Per leaf node: where its table starts in {@link #table} and its distinct features start in {@link #leafFeatures}. */
    private final int[] tableAt;
    private final int[] featuresAt;
    private final int[] distinct;
    private final int[] leafFeatures;
    private final double[] table;

    public FastTreeShap(TreeEnsemble ensemble, int threads) {
        this.ensemble = ensemble;
        this.threads = Math.max(1, threads);
        int n = ensemble.feature().length;
        this.unique = new int[n];
        this.tableAt = new int[n];
        this.featuresAt = new int[n];
        this.distinct = new int[n];
        java.util.Arrays.fill(unique, -1);
        // sizes first: each leaf's distinct path features
        long cells = 0;
        long feats = 0;
        int[] stackFeature = new int[ensemble.maxDepth() + 2];
        for (int root : ensemble.roots()) {
            long[] sizes = new long[2];
            size(root, stackFeature, 0, sizes);
            cells += sizes[0];
            feats += sizes[1];
        }
        if (cells * 8 > MAX_BYTES || cells > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the per-leaf tables would need " + (cells * 8 >> 20) + " MiB; use TreeShap");
        }
        this.table = new double[(int) cells];
        this.leafFeatures = new int[(int) feats];
        int[] at = new int[2];
        double[] stackZero = new double[ensemble.maxDepth() + 2];
        for (int root : ensemble.roots()) {
            build(root, stackFeature, stackZero, 0, at);
        }
    }

    /** The bytes the per-leaf tables of {@code e} take. */
    public static long bytesNeeded(TreeEnsemble e) {
        long[] sizes = new long[2];
        int[] stack = new int[e.maxDepth() + 2];
        for (int root : e.roots()) {
            sizeOf(e, root, stack, 0, sizes);
        }
        return sizes[0] * 8 + sizes[1] * 4;
    }

    /** Whether the tables of {@code e} fit in {@link #MAX_BYTES}. */
    public static boolean fits(TreeEnsemble e) {
        return e.maxDepth() <= 24 && bytesNeeded(e) <= MAX_BYTES;
    }

    private void size(int node, int[] stack, int d, long[] sizes) {
        sizeOf(ensemble, node, stack, d, sizes);
    }

    private static void sizeOf(TreeEnsemble e, int node, int[] stack, int d, long[] sizes) {
        int f = e.feature()[node];
        if (f < 0) {
            sizes[0] += ((long) d) << d;
            sizes[1] += d;
            return;
        }
        int u = indexOf(stack, d, f);
        int next = u < 0 ? d + 1 : d;
        if (u < 0) {
            stack[d] = f;
        }
        sizeOf(e, e.left()[node], stack, next, sizes);
        sizeOf(e, e.right()[node], stack, next, sizes);
    }

    private static int indexOf(int[] stack, int d, int f) {
        for (int k = 0; k < d; k++) {
            if (stack[k] == f) {
                return k;
            }
        }
        return -1;
    }

    /** Walks a tree, assigning each split its distinct-feature index and filling each leaf's table. */
    private void build(int node, int[] stackFeature, double[] stackZero, int d, int[] at) {
        TreeEnsemble e = ensemble;
        int f = e.feature()[node];
        if (f < 0) {
            distinct[node] = d;
            tableAt[node] = at[0];
            featuresAt[node] = at[1];
            System.arraycopy(stackFeature, 0, leafFeatures, at[1], d);
            fill(e.value()[node], stackZero, d, at[0]);
            at[0] += d << d;
            at[1] += d;
            return;
        }
        int u = indexOf(stackFeature, d, f);
        boolean fresh = u < 0;
        if (fresh) {
            u = d;
            stackFeature[d] = f;
        }
        unique[node] = u;
        int next = fresh ? d + 1 : d;
        double saved = fresh ? 1 : stackZero[u];
        double cover = e.cover()[node];
        for (int child : new int[] {e.left()[node], e.right()[node]}) {
            stackZero[u] = saved * (e.cover()[child] / cover);
            build(child, stackFeature, stackZero, next, at);
        }
        stackZero[u] = saved;
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
        TreeEnsemble e = ensemble;
        int p = e.features();
        int width = p + 1;
        int outputs = e.outputs();
        double[] out = new double[rows * outputs * width];
        double[] expected = e.expectedMargin();
        int blocks = Math.max(1, Math.min(64, rows / 16));
        Parallel.forEach(blocks, threads, b -> {
            int from = (int) ((long) rows * b / blocks);
            int to = (int) ((long) rows * (b + 1) / blocks);
            double[] row = new double[p];
            for (int r = from; r < to; r++) {
                System.arraycopy(x, r * p, row, 0, p);
                for (int t = 0; t < e.trees(); t++) {
                    walk(row, out, (r * outputs + e.groups()[t]) * width, e.roots()[t], 0);
                }
                for (int g = 0; g < outputs; g++) {
                    out[(r * outputs + g) * width + p] = expected[g];
                }
            }
        });
        TreeShap.checkAdditivity(e, x, rows, out, width);
        return new Attributions(rows, outputs, width, out);
    }

    /** Visits every node of a tree; {@code cold} marks the path features at whose splits the row went the other way. */
    private void walk(double[] row, double[] out, int base, int node, int cold) {
        TreeEnsemble e = ensemble;
        int f = e.feature()[node];
        if (f < 0) {
            int d = distinct[node];
            if (d == 0) {
                return;
            }
            int h = ~cold & ((1 << d) - 1);
            int t = tableAt[node] + h * d;
            int fa = featuresAt[node];
            for (int j = 0; j < d; j++) {
                out[base + leafFeatures[fa + j]] += table[t + j];
            }
            return;
        }
        boolean left = e.goesLeft(node, row[f]);
        int bit = 1 << unique[node];
        walk(row, out, base, e.left()[node], left ? cold : cold | bit);
        walk(row, out, base, e.right()[node], left ? cold | bit : cold);
    }
}
