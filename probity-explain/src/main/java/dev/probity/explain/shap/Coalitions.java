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

    /** Reused per thread: the hybrid rows of a batch and their predictions. */
    private static final ThreadLocal<double[][]> BUFFERS = ThreadLocal.withInitial(() -> new double[][] {new double[0], new double[0]});

    /** v of each coalition; {@code masks[c][j]} says whether feature j is in coalition c. */
    double[] values(boolean[][] masks, int count) {
        double[] out = new double[count];
        int b = bg.n();
        double[] bgRows = bg.rows();
        double[] bgWeights = bg.weights();
        int perBatch = Math.max(1, MAX_BATCH_ROWS / b);
        double[][] buffers = BUFFERS.get();
        int[] fromX = new int[width];
        for (int from = 0; from < count; from += perBatch) {
            int to = Math.min(count, from + perBatch);
            int n = (to - from) * b;
            if (buffers[0].length < n * width) {
                buffers[0] = new double[n * width];
                buffers[1] = new double[n];
            }
            double[] rows = buffers[0];
            double[] pred = buffers[1];
            for (int c = from; c < to; c++) {
                // the columns this coalition takes from x
                int k0 = 0;
                boolean[] m = masks[c];
                for (int j = 0; j < groups.length; j++) {
                    if (m[j]) {
                        for (int col : groups[j]) {
                            fromX[k0++] = col;
                        }
                    }
                }
                int at = (c - from) * b * width;
                System.arraycopy(bgRows, 0, rows, at, b * width);
                for (int k = 0; k < b; k++) {
                    int rowAt = at + k * width;
                    for (int q = 0; q < k0; q++) {
                        rows[rowAt + fromX[q]] = x[fromX[q]];
                    }
                }
            }
            f.predict(rows, n, pred);
            evaluations += n;
            for (int c = from; c < to; c++) {
                double v = 0;
                int base = (c - from) * b;
                for (int k = 0; k < b; k++) {
                    v += bgWeights[k] * pred[base + k];
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
