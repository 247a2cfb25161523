package dev.probity.explain.tree;

import dev.probity.core.InputException;
import dev.probity.core.Parallel;

/**
 * Exact interventional TreeSHAP (Lundberg et al., "From local explanations to global understanding with
 * explainable AI for trees", Nature Machine Intelligence 2020, the independent variant): Shapley values of
 * the game v(S) = mean over background rows z of f(x_S, z_S̄), where features outside the coalition take
 * the background row's values. For one pair (x, z) a tree walk follows both rows together; where they part
 * on a feature not yet decided, the walk branches into "this feature from x" and "from z". A leaf reached
 * with a features from x and b from z adds v·(a−1)!·b!/(a+b)! to each x-side feature and subtracts
 * v·a!·(b−1)!/(a+b)! from each z-side one — the Shapley values of that leaf's indicator game. The bias
 * is the mean raw score of the background. Cost O(trees · leaves · background) per row.
 */
public final class InterventionalTreeShap {
    private final TreeEnsemble ensemble;
    private final double[] background;
    private final int backgroundRows;
    private final int threads;
    private final double[] coef;

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
        TreeEnsemble e = ensemble;
        if (probability && e.link() != TreeEnsemble.Link.LOGISTIC) {
            throw new InputException("probability output needs a logistic model; this ensemble's link is "
                    + e.link().name().toLowerCase(java.util.Locale.ROOT));
        }
        int p = e.features();
        int width = p + 1;
        int outputs = e.outputs();
        double[] out = new double[rows * outputs * width];
        double[] bias = new double[outputs];
        double[] z = new double[p];
        double[] bgMargin = new double[backgroundRows * outputs];
        for (int k = 0; k < backgroundRows; k++) {
            System.arraycopy(background, k * p, z, 0, p);
            double[] m = e.margin(z);
            for (int g = 0; g < outputs; g++) {
                bgMargin[k * outputs + g] = m[g];
                bias[g] += (probability ? sigmoid(m[g]) : m[g]) / backgroundRows;
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
