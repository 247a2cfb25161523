package dev.probity.monitor.robust;

import dev.probity.core.frame.Frame;

/**
 * The rows under attack in the attacks' own coordinates: a step {@code d} in standard deviations, so that the changed
 * row is {@code x0 + d · scale}, with per-coordinate bounds that keep it inside the input space's ranges. A coordinate
 * is frozen (bounds 0) where the row is missing the value. A row already outside a range may stay where it is.
 */
final class Box {
    final InputSpace space;
    final Frame data;
    final int[] rows;
    final int n;
    final int p;
    final double[] x0;
    final double[] lower;
    final double[] upper;
    final int[] original;
    long calls;

    Box(InputSpace space, Frame data, int[] rows) {
        this.space = space;
        this.data = data;
        this.rows = rows.clone();
        this.n = rows.length;
        this.p = space.dimension();
        this.x0 = space.values(data, rows);
        this.lower = new double[n * p];
        this.upper = new double[n * p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                int k = i * p + j;
                double v = x0[k];
                if (Double.isNaN(v)) {
                    continue;
                }
                double s = space.scale()[j];
                lower[k] = Math.min(0, (space.low()[j] - v) / s);
                upper[k] = Math.max(0, (space.high()[j] - v) / s);
            }
        }
        this.original = space.decide(data.select(this.rows));
        calls += n;
    }

    /** The raw values of the rows moved by {@code d} (row-major, standard deviations). */
    double[] point(double[] d) {
        double[] x = new double[n * p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                int k = i * p + j;
                x[k] = Double.isNaN(x0[k]) ? Double.NaN : x0[k] + d[k] * space.scale()[j];
            }
        }
        return x;
    }

    /** The decision at the rows {@code which} (indices into this box) moved by the matching slices of {@code d}. */
    int[] decide(int[] which, double[] d) {
        int m = which.length;
        int[] base = new int[m];
        double[] x = new double[m * p];
        for (int r = 0; r < m; r++) {
            int i = which[r];
            base[r] = rows[i];
            for (int j = 0; j < p; j++) {
                int k = i * p + j;
                x[r * p + j] = Double.isNaN(x0[k]) ? Double.NaN : x0[k] + d[r * p + j] * space.scale()[j];
            }
        }
        calls += m;
        return space.decide(space.with(data, base, x));
    }

    /** Clips coordinate {@code j} of row {@code i}'s step into the box. */
    double clip(int i, int j, double v) {
        int k = i * p + j;
        return Math.max(lower[k], Math.min(upper[k], v));
    }

    boolean frozen(int i, int j) {
        int k = i * p + j;
        return lower[k] == 0 && upper[k] == 0;
    }
}
