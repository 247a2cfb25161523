package dev.probity.explain.tree;

import dev.probity.core.Parallel;

/**
 * The per-leaf index both table-driven TreeSHAP variants share ({@link FastTreeShap}, {@link InterventionalTreeShap}).
 * Each leaf's root path splits on d distinct features, numbered 0..d−1 in the order the path first meets them; every
 * split node knows the number of its feature on its own path ({@link #unique}). A row is summarised at a leaf by its
 * <em>hot set</em>: the bit mask of those d features at whose every split on the path the row goes the path's way.
 * A leaf owns a table of 2^d × d doubles (one value per hot set and feature) and, for counting, 2^d cells.
 */
final class LeafPaths {
    /** Called once per leaf while a tree is walked. */
    interface LeafVisitor {
        /**
         * @param node       the leaf
         * @param d          the distinct features on its path
         * @param tableAt    where its 2^d × d table starts
         * @param coverShare per path feature, the share of training cover that follows the path at its splits
         */
        void leaf(int node, int d, int tableAt, double[] coverShare);
    }

    final TreeEnsemble ensemble;
    /** Per split node: its feature's number among the distinct features of its root path (−1 for leaves). */
    private final int[] unique;
    /** Per split node: whether its feature was already split on higher up its path. */
    private final boolean[] repeated;
    /** Per leaf node: d, and where its table, its count cells and its feature list start. */
    private final int[] distinct;
    private final int[] tableAt;
    private final int[] countAt;
    private final int[] featuresAt;
    private final int[] leafFeatures;
    private final int cells;
    private final int countCells;
    private final long fillWork;

    /** @throws IllegalArgumentException when the tables would take more than {@code maxBytes} */
    LeafPaths(TreeEnsemble e, long maxBytes) {
        this.ensemble = e;
        long[] sizes = sizes(e);
        if (sizes[0] * 8 > maxBytes || sizes[0] > Integer.MAX_VALUE - 8 || sizes[2] > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the per-leaf tables would need " + (sizes[0] * 8 >> 20) + " MiB");
        }
        int n = e.feature().length;
        unique = new int[n];
        repeated = new boolean[n];
        distinct = new int[n];
        tableAt = new int[n];
        countAt = new int[n];
        featuresAt = new int[n];
        java.util.Arrays.fill(unique, -1);
        leafFeatures = new int[(int) sizes[1]];
        cells = (int) sizes[0];
        countCells = (int) sizes[2];
        fillWork = sizes[3];
        int[] stack = new int[e.maxDepth() + 2];
        int[] at = new int[3];
        for (int root : e.roots()) {
            index(root, stack, 0, at);
        }
    }

    /** Table cells (doubles), feature-list entries, count cells and Σ 3^d · d (the work of filling from counts) over all leaves. */
    static long[] sizes(TreeEnsemble e) {
        long[] sizes = new long[4];
        int[] stack = new int[e.maxDepth() + 2];
        for (int root : e.roots()) {
            sizeOf(e, root, stack, 0, sizes);
        }
        return sizes;
    }

    /** The bytes the per-leaf tables of {@code e} take. */
    static long bytesNeeded(TreeEnsemble e) {
        long[] sizes = sizes(e);
        return sizes[0] * 8 + sizes[1] * 4;
    }

    private static void sizeOf(TreeEnsemble e, int node, int[] stack, int d, long[] sizes) {
        int f = e.feature()[node];
        if (f < 0) {
            sizes[0] += ((long) d) << d;
            sizes[1] += d;
            sizes[2] += 1L << d;
            sizes[3] += d * (long) Math.pow(3, d);
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

    private void index(int node, int[] stack, int d, int[] at) {
        TreeEnsemble e = ensemble;
        int f = e.feature()[node];
        if (f < 0) {
            distinct[node] = d;
            tableAt[node] = at[0];
            featuresAt[node] = at[1];
            countAt[node] = at[2];
            System.arraycopy(stack, 0, leafFeatures, at[1], d);
            at[0] += d << d;
            at[1] += d;
            at[2] += 1 << d;
            return;
        }
        int u = indexOf(stack, d, f);
        boolean fresh = u < 0;
        if (fresh) {
            u = d;
            stack[d] = f;
        }
        unique[node] = u;
        repeated[node] = !fresh;
        index(e.left()[node], stack, fresh ? d + 1 : d, at);
        index(e.right()[node], stack, fresh ? d + 1 : d, at);
    }

    int cells() {
        return cells;
    }

    int countCells() {
        return countCells;
    }

    /** Σ over leaves of 3^d · d: the steps of filling every table from background counts, at most. */
    long fillWork() {
        return fillWork;
    }

    /** Walks tree {@code t}, calling {@code visitor} at each leaf with its path's cover shares. */
    void forEachLeaf(int t, LeafVisitor visitor) {
        double[] share = new double[ensemble.maxDepth() + 2];
        visit(ensemble.roots()[t], share, visitor);
    }

    private void visit(int node, double[] share, LeafVisitor visitor) {
        TreeEnsemble e = ensemble;
        if (e.feature()[node] < 0) {
            visitor.leaf(node, distinct[node], tableAt[node], share);
            return;
        }
        int u = unique[node];
        double saved = repeated[node] ? share[u] : 1;
        double cover = e.cover()[node];
        share[u] = saved * (e.cover()[e.left()[node]] / cover);
        visit(e.left()[node], share, visitor);
        share[u] = saved * (e.cover()[e.right()[node]] / cover);
        visit(e.right()[node], share, visitor);
        share[u] = saved;
    }

    /** Leaf node → where its table starts, its d, its features. */
    int tableAt(int leaf) {
        return tableAt[leaf];
    }

    int distinct(int leaf) {
        return distinct[leaf];
    }

    int feature(int leaf, int j) {
        return leafFeatures[featuresAt[leaf] + j];
    }

    int countAt(int leaf) {
        return countAt[leaf];
    }

    /**
     * Explains {@code rows} dense rows (row-major; NaN is missing) from per-leaf tables: each row walks every tree once and
     * adds its hot set's row of {@code table} at each leaf; {@code bias[g]} is output group g's base value. The rows are
     * spread over {@code threads}; the additivity check runs on the result.
     */
    Attributions explain(double[] table, double[] x, int rows, double[] bias, int threads) {
        TreeEnsemble e = ensemble;
        int p = e.features();
        int width = p + 1;
        int outputs = e.outputs();
        double[] out = new double[rows * outputs * width];
        int blocks = Math.max(1, Math.min(64, rows / 16));
        Parallel.forEach(blocks, threads, b -> {
            int from = (int) ((long) rows * b / blocks);
            int to = (int) ((long) rows * (b + 1) / blocks);
            double[] row = new double[p];
            for (int r = from; r < to; r++) {
                System.arraycopy(x, r * p, row, 0, p);
                for (int t = 0; t < e.trees(); t++) {
                    add(table, row, out, (r * outputs + e.groups()[t]) * width, e.roots()[t], 0);
                }
                for (int g = 0; g < outputs; g++) {
                    out[(r * outputs + g) * width + p] = bias[g];
                }
            }
        });
        TreeShap.checkAdditivity(e, x, rows, out, width);
        return new Attributions(rows, outputs, width, out);
    }

    /**
     * Walks every node below {@code node} with one row; at each leaf adds the row's hot-set row of {@code table} to
     * {@code out[base + feature]}. {@code cold} marks the path features at whose splits the row went the other way.
     */
    void add(double[] table, double[] row, double[] out, int base, int node, int cold) {
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
        add(table, row, out, base, e.left()[node], left ? cold : cold | bit);
        add(table, row, out, base, e.right()[node], left ? cold | bit : cold);
    }

    /** Walks every node below {@code node} with one row, adding {@code weight} to its hot set's count cell at every leaf. */
    void count(double[] row, double[] counts, double weight, int node, int cold) {
        TreeEnsemble e = ensemble;
        int f = e.feature()[node];
        if (f < 0) {
            int d = distinct[node];
            counts[countAt[node] + (~cold & ((1 << d) - 1))] += weight;
            return;
        }
        boolean left = e.goesLeft(node, row[f]);
        int bit = 1 << unique[node];
        count(row, counts, weight, e.left()[node], left ? cold : cold | bit);
        count(row, counts, weight, e.right()[node], left ? cold | bit : cold);
    }
}
