package dev.probity.explain.tree;

import dev.probity.core.Parallel;

/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee, "Consistent Individualized Feature Attribution for
 * Tree Ensembles", 2018, Algorithm 2): Shapley values of the raw score where a feature outside the
 * coalition is integrated out along the tree by the training cover, computed in O(leaves · depth²) per tree
 * by tracking, along the path from the root, the proportion of coalitions of each size that reach the
 * node. The bias is the cover-weighted expected raw score; every row's values are checked to sum to its
 * raw score (additivity), and a violation is a bug that throws.
 * <p>
 * Each thread owns one path buffer laid out as the algorithm's nested copies (level k's path starts after
 * level k−1's), so explaining a row allocates nothing. Rows are split into fixed blocks; results do not
 * depend on the thread count.
 */
public final class TreeShap {
    private final TreeEnsemble ensemble;
    private final int threads;

    /** The distinct features each tree splits on: the only ones a condition in that tree can change. */
    private final int[][] treeFeatures;

    public TreeShap(TreeEnsemble ensemble, int threads) {
        this.ensemble = ensemble;
        this.threads = Math.max(1, threads);
        this.treeFeatures = treeFeatures(ensemble);
    }

    private static int[][] treeFeatures(TreeEnsemble e) {
        int[][] out = new int[e.trees()][];
        boolean[] seen = new boolean[e.features()];
        int[] stack = new int[e.feature().length + 1];
        int[] found = new int[e.features()];
        for (int t = 0; t < e.trees(); t++) {
            int n = 0;
            int top = 0;
            stack[top++] = e.roots()[t];
            while (top > 0) {
                int node = stack[--top];
                int f = e.feature()[node];
                if (f < 0) {
                    continue;
                }
                if (!seen[f]) {
                    seen[f] = true;
                    found[n++] = f;
                }
                stack[top++] = e.left()[node];
                stack[top++] = e.right()[node];
            }
            out[t] = java.util.Arrays.copyOf(found, n);
            java.util.Arrays.sort(out[t]);
            for (int k = 0; k < n; k++) {
                seen[found[k]] = false;
            }
        }
        return out;
    }

    /** Explains {@code rows} dense rows of {@code features} values each (row-major; NaN is missing). */
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
            Path path = new Path(e.maxDepth());
            double[] row = new double[p];
            for (int r = from; r < to; r++) {
                System.arraycopy(x, r * p, row, 0, p);
                for (int t = 0; t < e.trees(); t++) {
                    int base = (r * outputs + e.groups()[t]) * width;
                    recurse(e, row, out, base, path, e.roots()[t], 0, 0, 1, 1, -1);
                }
                for (int g = 0; g < outputs; g++) {
                    out[(r * outputs + g) * width + p] = expected[g];
                }
            }
        });
        checkAdditivity(e, x, rows, out, width);
        return new Attributions(rows, outputs, width, out);
    }

    static void checkAdditivity(TreeEnsemble e, double[] x, int rows, double[] out, int width) {
        int p = e.features();
        int outputs = e.outputs();
        double[] row = new double[p];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, r * p, row, 0, p);
            double[] margin = e.margin(row);
            for (int g = 0; g < outputs; g++) {
                double s = 0;
                int base = (r * outputs + g) * width;
                for (int j = 0; j < width; j++) {
                    s += out[base + j];
                }
                if (Math.abs(s - margin[g]) > 1e-6 * Math.max(1, Math.abs(margin[g]))) {
                    throw new IllegalStateException("TreeSHAP additivity failed on row " + (r + 1) + ": attributions sum to " + s
                            + " but the raw score is " + margin[g]);
                }
            }
        }
    }

    /** One thread's path buffer: the nested copies of the unique path, one level after another. */
    static final class Path {
        final int[] feature;
        final double[] zero;
        final double[] one;
        final double[] weight;

        Path(int maxDepth) {
            int size = (maxDepth + 2) * (maxDepth + 3) / 2 + maxDepth + 3;
            feature = new int[size];
            zero = new double[size];
            one = new double[size];
            weight = new double[size];
        }
    }

    /**
     * @param start where the parent's path starts in the buffer (0 for the root; index 0 is never used)
     * @param depth number of elements on the parent's unique path (the new element goes at index depth)
     */
    private static void recurse(TreeEnsemble e, double[] row, double[] out, int outBase, Path path, int node, int start,
                                int depth, double parentZero, double parentOne, int parentFeature) {
        recurse(e, row, out, outBase, path, node, start, depth, parentZero, parentOne, parentFeature, 0, -1, 1);
    }

    /**
     * The recursion, optionally conditioned on one feature being always in ({@code condition > 0}) or
     * always out ({@code condition < 0}) of the coalition, as the interaction values need: that feature
     * never enters the path; at its splits the walk follows only the row's branch (in) or both branches by
     * cover (out), carrying the fraction of weight that reaches the node.
     */
    static void recurse(TreeEnsemble e, double[] row, double[] out, int outBase, Path path, int node, int start,
                        int depth, double parentZero, double parentOne, int parentFeature, int condition,
                        int conditionFeature, double conditionFraction) {
        if (conditionFraction == 0) {
            return;
        }
        // this level's path starts after the parent's; copy elements 0..depth (the last is overwritten by the
        // extension, or, under a condition on the parent's feature, is the parent's own element), then extend
        int here = start + depth + 1;
        System.arraycopy(path.feature, start, path.feature, here, depth + 1);
        System.arraycopy(path.zero, start, path.zero, here, depth + 1);
        System.arraycopy(path.one, start, path.one, here, depth + 1);
        System.arraycopy(path.weight, start, path.weight, here, depth + 1);
        if (condition == 0 || conditionFeature != parentFeature) {
            extend(path, here, depth, parentZero, parentOne, parentFeature);
        }
        int split = e.feature()[node];
        if (split < 0) {
            double leaf = e.value()[node] * conditionFraction;
            for (int i = 1; i <= depth; i++) {
                double w = unwoundSum(path, here, depth, i);
                out[outBase + path.feature[here + i]] += w * (path.one[here + i] - path.zero[here + i]) * leaf;
            }
            return;
        }
        boolean left = e.goesLeft(node, row[split]);
        int hot = left ? e.left()[node] : e.right()[node];
        int cold = left ? e.right()[node] : e.left()[node];
        double cover = e.cover()[node];
        double hotZero = e.cover()[hot] / cover;
        double coldZero = e.cover()[cold] / cover;
        double incomingZero = 1;
        double incomingOne = 1;
        int uniqueDepth = depth;
        for (int k = 0; k <= uniqueDepth; k++) {
            if (path.feature[here + k] == split) {
                incomingZero = path.zero[here + k];
                incomingOne = path.one[here + k];
                unwind(path, here, uniqueDepth, k);
                uniqueDepth--;
                break;
            }
        }
        double hotFraction = conditionFraction;
        double coldFraction = conditionFraction;
        if (condition > 0 && split == conditionFeature) {
            coldFraction = 0;
            uniqueDepth--;
        } else if (condition < 0 && split == conditionFeature) {
            hotFraction *= hotZero;
            coldFraction *= coldZero;
            uniqueDepth--;
        }
        recurse(e, row, out, outBase, path, hot, here, uniqueDepth + 1, hotZero * incomingZero, incomingOne, split,
                condition, conditionFeature, hotFraction);
        recurse(e, row, out, outBase, path, cold, here, uniqueDepth + 1, coldZero * incomingZero, 0, split,
                condition, conditionFeature, coldFraction);
    }

    /**
     * SHAP interaction values (Lundberg et al., 2020) of one row and output group, a {@code features × features}
     * matrix (row-major): Φᵢⱼ = (φᵢ with j always in − φᵢ with j always out) / 2 for i ≠ j, and the main
     * effect Φⱼⱼ = φⱼ − Σ_{i≠j} Φᵢⱼ, so each row of the matrix sums to φᵢ. Features no tree splits on get zeros.
     *
     * <p>A tree that never splits on {@code j} gives the same φ with {@code j} always in as always out, so the two
     * conditioned walks run only, per tree, for the features that tree splits on — a depth-6 tree of a 100-feature
     * model splits on a fraction of them — and write only those features' entries. (XGBoost's
     * {@code pred_interactions} walks every tree for every column.)
     */
    public double[] interactions(double[] x, int row, int group) {
        TreeEnsemble e = ensemble;
        int p = e.features();
        double[] r = java.util.Arrays.copyOfRange(x, row * p, row * p + p);
        Path path = new Path(e.maxDepth());
        double[] phi = new double[p];
        double[] out = new double[p * p];
        double[] on = new double[p];
        double[] off = new double[p];
        for (int t = 0; t < e.trees(); t++) {
            if (e.groups()[t] != group) {
                continue;
            }
            recurse(e, r, phi, 0, path, e.roots()[t], 0, 0, 1, 1, -1);
            int[] fs = treeFeatures[t];
            for (int j : fs) {
                recurse(e, r, on, 0, path, e.roots()[t], 0, 0, 1, 1, -1, 1, j, 1);
                recurse(e, r, off, 0, path, e.roots()[t], 0, 0, 1, 1, -1, -1, j, 1);
                for (int i : fs) {
                    if (i != j) {
                        out[i * p + j] += (on[i] - off[i]) / 2;
                    }
                    on[i] = 0;
                    off[i] = 0;
                }
            }
        }
        for (int i = 0; i < p; i++) {
            double rest = 0;
            for (int j = 0; j < p; j++) {
                if (j != i) {
                    rest += out[i * p + j];
                }
            }
            out[i * p + i] = phi[i] - rest;
        }
        return out;
    }

    /**
     * The interaction values of {@code rows} rows (each {@link #interactions(double[], int, int)}), rows spread over
     * this explainer's threads; row {@code r}'s matrix is {@code out[r]}.
     */
    public double[][] interactionsOfRows(double[] x, int rows, int group) {
        double[][] out = new double[rows][];
        int blocks = Math.max(1, Math.min(64, rows / 4));
        Parallel.forEach(blocks, threads, b -> {
            int from = (int) ((long) rows * b / blocks);
            int to = (int) ((long) rows * (b + 1) / blocks);
            for (int r = from; r < to; r++) {
                out[r] = interactions(x, r, group);
            }
        });
        return out;
    }

    /** Adds element {@code depth} (feature, zero and one fractions) and updates the coalition-size weights. */
    static void extend(Path path, int at, int depth, double zeroFraction, double oneFraction, int feature) {
        path.feature[at + depth] = feature;
        path.zero[at + depth] = zeroFraction;
        path.one[at + depth] = oneFraction;
        path.weight[at + depth] = depth == 0 ? 1 : 0;
        for (int i = depth - 1; i >= 0; i--) {
            path.weight[at + i + 1] += oneFraction * path.weight[at + i] * (i + 1) / (depth + 1);
            path.weight[at + i] = zeroFraction * path.weight[at + i] * (depth - i) / (depth + 1);
        }
    }

    /** Removes element {@code index}, undoing its extension. */
    static void unwind(Path path, int at, int depth, int index) {
        double one = path.one[at + index];
        double zero = path.zero[at + index];
        double next = path.weight[at + depth];
        for (int i = depth - 1; i >= 0; i--) {
            if (one != 0) {
                double tmp = path.weight[at + i];
                path.weight[at + i] = next * (depth + 1) / ((i + 1) * one);
                next = tmp - path.weight[at + i] * zero * (depth - i) / (depth + 1);
            } else {
                path.weight[at + i] = path.weight[at + i] * (depth + 1) / (zero * (depth - i));
            }
        }
        for (int i = index; i < depth; i++) {
            path.feature[at + i] = path.feature[at + i + 1];
            path.zero[at + i] = path.zero[at + i + 1];
            path.one[at + i] = path.one[at + i + 1];
        }
    }

    /** The total weight of the path with element {@code index} unwound, without changing the path. */
    static double unwoundSum(Path path, int at, int depth, int index) {
        double one = path.one[at + index];
        double zero = path.zero[at + index];
        double next = path.weight[at + depth];
        double total = 0;
        if (one != 0) {
            for (int i = depth - 1; i >= 0; i--) {
                double tmp = next / ((i + 1) * one);
                total += tmp;
                next = path.weight[at + i] - tmp * zero * (depth - i);
            }
        } else {
            for (int i = depth - 1; i >= 0; i--) {
                total += path.weight[at + i] / (zero * (depth - i));
            }
        }
        return total * (depth + 1);
    }
}
