package dev.probity.explain.tree;

import dev.probity.core.InputException;
import dev.probity.core.Parallel;

/**
 * Exact interventional TreeSHAP (Lundberg et al., "From local explanations to global understanding with
 * explainable AI for trees", Nature Machine Intelligence 2020, the independent variant): Shapley values of
 * the game v(S) = mean over background rows z of f(x_S, z_S̄), where features outside the coalition take
 * the background row's values. The bias is the mean raw score of the background.
 *
 * <p>For one pair (x, z) and one leaf with value v whose path splits on the distinct features F, the hybrid row
 * reaches the leaf iff every feature of F is taken from a row that follows the path at all its splits on it. With
 * A = the features only x follows and B = those only z follows (none that neither follows), the leaf's game is
 * v·[A ⊆ S, B ∩ S = ∅], whose Shapley values are v·(a−1)!·b!/(a+b)! for each feature of A and −v·a!·(b−1)!/(a+b)!
 * for each of B (a = |A|, b = |B|).
 *
 * <p>Two algorithms compute the same values:
 * <ul>
 *   <li><b>Per-leaf tables</b> (raw scores, when {@link #tablesPay} expects them to be faster): z enters a leaf's game only through its hot set — which
 *   features of F it follows — so the background is counted once per leaf by hot set (2^d cells), and for every hot set
 *   of x the leaf's d values are summed over the background hot sets compatible with it (those that follow every
 *   feature x does not), 3^d · d work per leaf, as in Woodelf (Nadel and Wettenstein 2025) and Zern et al.'s
 *   PLTreeSHAP (AAAI 2023). A row then costs one walk of each tree, O(nodes + leaves · d), whatever the background's
 *   size: O(rows + background) in place of O(rows · background). The tables take the memory of
 *   {@link FastTreeShap}'s ({@link FastTreeShap#MAX_BYTES} at most).</li>
 *   <li><b>Pair walks</b>, for probability output, for a few rows, and when the tables would not fit in memory: for each pair a tree walk follows
 *   both rows together and, where they part on a feature not yet decided, branches into "from x" and "from z";
 *   O(trees · leaves · background) per row, the algorithm of the shap package's C++ code.</li>
 * </ul>
 */
public final class InterventionalTreeShap {
    private final TreeEnsemble ensemble;
    private final double[] background;
    private final int backgroundRows;
    private final int threads;
    private final double[] coef;
    /** The leaf index and tables, or null when they would not fit in memory (pair walks are used then). */
    private final LeafPaths paths;
    /** The raw scores of the background rows, row-major by output group. */
    private final double[] backgroundMargins;
    /** Σ over trees of their depth: a pair walk's length, at least. */
    private final double depthSum;
    /** Made on first use by {@link #byTables}; read without the lock by {@link #tablesPay}. */
    private volatile double[] table;

    public InterventionalTreeShap(TreeEnsemble ensemble, double[] background, int backgroundRows, int threads) {
        if (backgroundRows < 1) {
            throw new InputException("interventional TreeSHAP needs a background set of at least one row; the given one is empty");
        }
        if (background.length != backgroundRows * ensemble.features()) {
            throw new InputException("the background has " + background.length + " values for " + backgroundRows + " rows of "
                    + ensemble.features() + " features");
        }
        this.ensemble = ensemble;
        this.background = background;
        this.backgroundRows = backgroundRows;
        this.threads = Math.max(1, threads);
        int d = ensemble.maxDepth() + 1;
        // coef[a][b] = a! b! / (a + b + 1)!  (a, b ≤ depth)
        coef = new double[(d + 1) * (d + 1)];
        for (int a = 0; a <= d; a++) {
            for (int b = 0; b <= d; b++) {
                coef[a * (d + 1) + b] = Math.exp(lf(a) + lf(b) - lf(a + b + 1));
            }
        }
        LeafPaths index = null;
        if (ensemble.maxDepth() <= 24 && FastTreeShap.fits(ensemble)) {
            index = new LeafPaths(ensemble, FastTreeShap.MAX_BYTES);
        }
        this.paths = index;
        double depths = 0;
        for (int root : ensemble.roots()) {
            depths += Math.max(1, TreeEnsemble.depth(ensemble.feature(), ensemble.left(), ensemble.right(), root));
        }
        this.depthSum = depths;
        int p = ensemble.features();
        int outputs = ensemble.outputs();
        backgroundMargins = new double[backgroundRows * outputs];
        for (int k = 0; k < backgroundRows; k++) {
            System.arraycopy(ensemble.margin(java.util.Arrays.copyOfRange(background, k * p, k * p + p)), 0,
                    backgroundMargins, k * outputs, outputs);
        }
    }

    /** Whether the per-leaf tables fit in memory (else raw-score values are always computed by pair walks). */
    public boolean tablesFit() {
        return paths != null;
    }

    private static double lf(int n) {
        double s = 0;
        for (int i = 2; i <= n; i++) {
            s += Math.log(i);
        }
        return s;
    }

    public Attributions explain(double[] x, int rows) {
        return explain(x, rows, false);
    }

    /**
     * With {@code probability}, explains the model's output after its link (the probability of a logistic
     * model) as the shap package does for tree models: for each background row z the raw-score values of
     * (x, z) are rescaled by (g(m(x)) − g(m(z))) / (m(x) − m(z)) (g′(m) when the margins are equal), then
     * averaged. The values add up to g(m(x)) − E[g(m(z))] exactly; they are not the exact Shapley values of
     * the transformed game, which no polynomial tree algorithm gives.
     */
    public Attributions explain(double[] x, int rows, boolean probability) {
        if (probability && ensemble.link() != TreeEnsemble.Link.LOGISTIC) {
            throw new InputException("probability output needs a logistic model; this ensemble's link is "
                    + ensemble.link().name().toLowerCase(java.util.Locale.ROOT));
        }
        return !probability && tablesPay(rows) ? byTables(x, rows) : byPairs(x, rows, probability);
    }

    /**
     * Whether the tables (made once per instance) are expected to take less time than pair walks for {@code rows} more
     * rows. The estimate counts nanoseconds with constants measured by {@code probity-bench/run interventional} on the
     * 300-tree Adult model (rows × background from 1 × 20 to 1,000 × 1,000, medians of 3 from a cold start): a pair walk
     * about 20 ns per tree level, a table row about 15 ns per node, counting a background row about 4.5 ns per node,
     * filling 0.6 ns per step of {@link LeafPaths#fillWork}. One row, or ten against 20 background rows, walk pairs; a
     * hundred rows, or thirty against 100, use the tables. Both give the same values; only time depends on the choice.
     */
    public boolean tablesPay(int rows) {
        if (paths == null) {
            return false;
        }
        double nodes = ensemble.feature().length;
        double pairs = 20.0 * rows * backgroundRows * depthSum;
        double tables = 15.0 * rows * nodes + (table != null ? 0 : 0.6 * paths.fillWork() + 4.5 * backgroundRows * nodes);
        return tables < pairs;
    }

    /** Raw-score values from the per-leaf tables (public for comparison and benchmarks; {@link #explain} chooses). */
    public Attributions byTables(double[] x, int rows) {
        if (paths == null) {
            throw new IllegalStateException("this ensemble's per-leaf tables would not fit in memory; use byPairs");
        }
        int outputs = ensemble.outputs();
        double[] bias = new double[outputs];
        for (int k = 0; k < backgroundRows; k++) {
            for (int g = 0; g < outputs; g++) {
                bias[g] += backgroundMargins[k * outputs + g] / backgroundRows;
            }
        }
        return paths.explain(table(), x, rows, bias, threads);
    }

    /** The per-leaf tables, made on first use: the background counted by hot set at every leaf, then summed per x hot set. */
    private synchronized double[] table() {
        if (table == null) {
            TreeEnsemble e = ensemble;
            int p = e.features();
            double[][] rowsOf = new double[backgroundRows][];
            for (int k = 0; k < backgroundRows; k++) {
                rowsOf[k] = java.util.Arrays.copyOfRange(background, k * p, k * p + p);
            }
            double[] counts = new double[paths.countCells()];
            double[] t = new double[paths.cells()];
            Parallel.forEach(e.trees(), threads, tree -> {
                for (double[] z : rowsOf) {
                    paths.count(z, counts, 1, e.roots()[tree], 0);
                }
                paths.forEachLeaf(tree, (leaf, d, at, share) ->
                        fillLeaf(t, at, d, e.value()[leaf] / backgroundRows, counts, paths.countAt(leaf)));
            });
            table = t;
        }
        return table;
    }

    /**
     * One leaf's table. For x's hot set M (bits of the d path features x follows), the background rows that can reach
     * the leaf beside x are those whose hot set P contains every feature outside M; writing P = ¬M ∪ Q with Q ⊆ M,
     * A = M ∖ Q and B = ¬M, so a = |M| − |Q| and b = d − |M|. Each feature of A gains v·(a−1)!b!/(a+b)! per such row,
     * each of B loses v·a!(b−1)!/(a+b)!.
     */
    private void fillLeaf(double[] table, int at, int d, double v, double[] counts, int countAt) {
        if (d == 0 || v == 0) {
            return;
        }
        int stride = ensemble.maxDepth() + 2;
        int full = (1 << d) - 1;
        double[] plus = new double[d];
        for (int m = 0; m <= full; m++) {
            int notM = full & ~m;
            int inM = Integer.bitCount(m);
            int b = d - inM;
            java.util.Arrays.fill(plus, 0);
            double minus = 0;
            for (int q = m; ; q = (q - 1) & m) {
                double n = counts[countAt + (notM | q)];
                if (n != 0) {
                    int a = inM - Integer.bitCount(q);
                    if (b > 0) {
                        minus += n * coef[a * stride + b - 1];
                    }
                    if (a > 0) {
                        double w = n * coef[(a - 1) * stride + b];
                        for (int rest = m & ~q; rest != 0; rest &= rest - 1) {
                            plus[Integer.numberOfTrailingZeros(rest)] += w;
                        }
                    }
                }
                if (q == 0) {
                    break;
                }
            }
            int row = at + m * d;
            for (int j = 0; j < d; j++) {
                table[row + j] = (m >> j & 1) != 0 ? v * plus[j] : -v * minus;
            }
        }
    }

    /** Values by pair walks, whatever the output: what probability output and trees too deep for tables use; public for comparison and benchmarks. */
    public Attributions byPairs(double[] x, int rows, boolean probability) {
        TreeEnsemble e = ensemble;
        int p = e.features();
        int width = p + 1;
        int outputs = e.outputs();
        double[] out = new double[rows * outputs * width];
        double[] bias = new double[outputs];
        double[] bgMargin = backgroundMargins;
        for (int k = 0; k < backgroundRows; k++) {
            for (int g = 0; g < outputs; g++) {
                double m = bgMargin[k * outputs + g];
                bias[g] += (probability ? sigmoid(m) : m) / backgroundRows;
            }
        }
        int d = e.maxDepth() + 1;
        int blocks = Math.max(1, Math.min(64, rows));
        Parallel.forEach(blocks, threads, b -> {
            int from = (int) ((long) rows * b / blocks);
            int to = (int) ((long) rows * (b + 1) / blocks);
            double[] row = new double[p];
            double[] zr = new double[p];
            byte[] side = new byte[p]; // 0 undecided, 1 from x, 2 from z
            int[] stack = new int[d + 1];
            double[] pair = probability ? new double[outputs * width] : null;
            for (int r = from; r < to; r++) {
                System.arraycopy(x, r * p, row, 0, p);
                double[] mx = probability ? e.margin(row) : null;
                for (int k = 0; k < backgroundRows; k++) {
                    System.arraycopy(background, k * p, zr, 0, p);
                    if (!probability) {
                        for (int t = 0; t < e.trees(); t++) {
                            int base = (r * outputs + e.groups()[t]) * width;
                            walk(e, row, zr, e.roots()[t], side, stack, 0, 0, 0, out, base, 1.0 / backgroundRows, d);
                        }
                        continue;
                    }
                    java.util.Arrays.fill(pair, 0);
                    for (int t = 0; t < e.trees(); t++) {
                        walk(e, row, zr, e.roots()[t], side, stack, 0, 0, 0, pair, e.groups()[t] * width, 1, d);
                    }
                    for (int g = 0; g < outputs; g++) {
                        double a = mx[g];
                        double b0 = bgMargin[k * outputs + g];
                        double scale = Math.abs(a - b0) > 1e-12 ? (sigmoid(a) - sigmoid(b0)) / (a - b0)
                                : sigmoid(a) * (1 - sigmoid(a));
                        int base = (r * outputs + g) * width;
                        for (int j = 0; j < p; j++) {
                            out[base + j] += pair[g * width + j] * scale / backgroundRows;
                        }
                    }
                }
                for (int g = 0; g < outputs; g++) {
                    out[(r * outputs + g) * width + p] = bias[g];
                }
            }
        });
        if (probability) {
            checkProbabilityAdditivity(e, x, rows, out, width);
        } else {
            TreeShap.checkAdditivity(e, x, rows, out, width);
        }
        return new Attributions(rows, outputs, width, out);
    }

    private static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    private static void checkProbabilityAdditivity(TreeEnsemble e, double[] x, int rows, double[] out, int width) {
        int p = e.features();
        double[] row = new double[p];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, r * p, row, 0, p);
            double prob = sigmoid(e.margin(row)[0]);
            double s = 0;
            for (int j = 0; j < width; j++) {
                s += out[r * width + j];
            }
            if (Math.abs(s - prob) > 1e-9) {
                throw new IllegalStateException("TreeSHAP additivity failed on row " + (r + 1) + ": values sum to " + s
                        + " but the probability is " + prob);
            }
        }
    }

    /**
     * @param decided features decided so far, in {@code stack[0 .. decided)}
     * @param a       how many of them come from x
     * @param b       how many from z
     */
    private void walk(TreeEnsemble e, double[] x, double[] z, int node, byte[] side, int[] stack, int decided, int a, int b,
                      double[] out, int base, double scale, int d) {
        int f = e.feature()[node];
        if (f < 0) {
            double v = e.value()[node] * scale;
            if (v == 0) {
                return;
            }
            double plus = a > 0 ? v * coef[(a - 1) * (d + 1) + b] : 0;
            double minus = b > 0 ? v * coef[a * (d + 1) + b - 1] : 0;
            for (int k = 0; k < decided; k++) {
                int feature = stack[k];
                if (side[feature] == 1) {
                    out[base + feature] += plus;
                } else {
                    out[base + feature] -= minus;
                }
            }
            return;
        }
        boolean xl = e.goesLeft(node, x[f]);
        boolean zl = e.goesLeft(node, z[f]);
        int xChild = xl ? e.left()[node] : e.right()[node];
        int zChild = zl ? e.left()[node] : e.right()[node];
        if (xChild == zChild) {
            walk(e, x, z, xChild, side, stack, decided, a, b, out, base, scale, d);
        } else if (side[f] == 1) {
            walk(e, x, z, xChild, side, stack, decided, a, b, out, base, scale, d);
        } else if (side[f] == 2) {
            walk(e, x, z, zChild, side, stack, decided, a, b, out, base, scale, d);
        } else {
            stack[decided] = f;
            side[f] = 1;
            walk(e, x, z, xChild, side, stack, decided + 1, a + 1, b, out, base, scale, d);
            side[f] = 2;
            walk(e, x, z, zChild, side, stack, decided + 1, a, b + 1, out, base, scale, d);
            side[f] = 0;
        }
    }
}
