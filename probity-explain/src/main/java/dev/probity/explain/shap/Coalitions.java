package dev.probity.explain.shap;

/**
 * Values of the interventional game v(S) = Σ_b w_b · f(x_S, z_b,S̄) for one row x: features in the
 * coalition take the row's values, the others a background row's, averaged with the background weights.
 * A feature may be a group of columns (all one-hot columns of one input, say), switched together.
 * Coalitions are evaluated in batches: one predictor call per batch of hybrid rows.
 */
final class Coalitions {
    private static final int MAX_BATCH_ROWS = 1 << 16;

    private final Predictor f;
    private final Background bg;
    private final double[] x;
    private final int[][] groups;
    private final int width;
    int evaluations;

    Coalitions(Predictor f, Background bg, double[] x, int[][] groups) {
        this.f = f;
        this.bg = bg;
        this.x = x;
        this.groups = groups;
        this.width = bg.width();
    }

    int features() {
        return groups.length;
    }

    /** v of each coalition; {@code masks[c][j]} says whether feature j is in coalition c. */
    double[] values(boolean[][] masks, int count) {
        double[] out = new double[count];
        int b = bg.n();
        int perBatch = Math.max(1, MAX_BATCH_ROWS / b);
        double[] rows = null;
        double[] pred = null;
        for (int from = 0; from < count; from += perBatch) {
            int to = Math.min(count, from + perBatch);
            int n = (to - from) * b;
            if (rows == null || rows.length < n * width) {
                rows = new double[n * width];
                pred = new double[n];
            }
            for (int c = from; c < to; c++) {
                for (int k = 0; k < b; k++) {
                    int at = ((c - from) * b + k) * width;
                    System.arraycopy(bg.rows(), k * width, rows, at, width);
                    boolean[] m = masks[c];
                    for (int j = 0; j < groups.length; j++) {
                        if (m[j]) {
                            for (int col : groups[j]) {
                                rows[at + col] = x[col];
                            }
                        }
                    }
                }
            }
            f.predict(rows, n, pred);
            evaluations += n;
            for (int c = from; c < to; c++) {
                double v = 0;
                for (int k = 0; k < b; k++) {
                    v += bg.weights()[k] * pred[(c - from) * b + k];
                }
                out[c] = v;
            }
        }
        return out;
    }

    /** f(x) and the base value E[f] over the background, in one call. */
    double[] ends() {
        boolean[][] m = {new boolean[groups.length], new boolean[groups.length]};
        java.util.Arrays.fill(m[1], true);
        return values(m, 2);
    }

    /** One group per column: the default when features are not grouped. */
    static int[][] singletons(int width) {
        int[][] g = new int[width][];
        for (int j = 0; j < width; j++) {
            g[j] = new int[] {j};
        }
        return g;
    }
}
