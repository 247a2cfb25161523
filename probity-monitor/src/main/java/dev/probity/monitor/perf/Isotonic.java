package dev.probity.monitor.perf;

import dev.probity.core.InputException;

import java.util.Arrays;

/**
 * Isotonic (non-decreasing) regression by pool-adjacent-violators, fitted and applied as scikit-learn's
 * {@code IsotonicRegression(increasing=True, out_of_bounds='clip')} does — the calibrator NannyML's CBPE uses by
 * default:
 *
 * <ol>
 *   <li>rows of zero weight are dropped; the rest are sorted by x (then y);</li>
 *   <li>rows whose x lies within 10⁻¹⁵ (numpy's resolution of a double) of the first x of a run are one point: x that
 *       first x, y their weighted mean, weight their total;</li>
 *   <li>pool-adjacent-violators on those points gives the weighted least-squares non-decreasing fit;</li>
 *   <li>a new x is clipped to [min x, max x] and the fit interpolated linearly between the points around it (a single
 *       point gives a constant).</li>
 * </ol>
 * Interior points whose fitted value equals both neighbours' are dropped afterwards, as scikit-learn drops them; that
 * changes no prediction.
 */
public final class Isotonic {
    /** numpy's {@code finfo(float64).resolution}: x closer than this to a run's first x joins the run. */
    static final double RESOLUTION = 1e-15;

    private final double[] x;
    private final double[] y;

    private Isotonic(double[] x, double[] y) {
        this.x = x;
        this.y = y;
    }

    /** Fits every row with weight 1. */
    public static Isotonic fit(double[] x, double[] y) {
        return fit(x, y, null);
    }

    /**
     * Fits y on x.
     *
     * @param x       the inputs (finite)
     * @param y       the targets (finite), as many as x
     * @param weights each row's weight (non-negative; null: all 1); rows of weight 0 are left out
     */
    public static Isotonic fit(double[] x, double[] y, double[] weights) {
        int n = x.length;
        if (y.length != n || (weights != null && weights.length != n)) {
            throw new InputException("isotonic regression needs as many targets" + (weights == null ? "" : " and weights") + " as inputs; got "
                    + n + " inputs, " + y.length + " targets" + (weights == null ? "" : ", " + weights.length + " weights"));
        }
        int m = 0;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new InputException("isotonic regression needs finite numbers; row " + i + " has x = " + x[i] + ", y = " + y[i]);
            }
            double w = weights == null ? 1 : weights[i];
            if (!(w >= 0) || !Double.isFinite(w)) {
                throw new InputException("a weight is a finite number ≥ 0; row " + i + " has " + w);
            }
            if (w > 0) {
                order[m++] = i;
            }
        }
        if (m == 0) {
            throw new InputException("isotonic regression needs at least one row of positive weight");
        }
        Integer[] kept = Arrays.copyOf(order, m);
        Arrays.sort(kept, (a, b) -> {
            int c = Double.compare(x[a], x[b]);
            return c != 0 ? c : Double.compare(y[a], y[b]);
        });
        // runs of (nearly) equal x become one point
        double[] ux = new double[m];
        double[] uy = new double[m];
        double[] uw = new double[m];
        int k = -1;
        double start = Double.NaN;
        double sumWy = 0;
        double sumW = 0;
        for (int j = 0; j < m; j++) {
            int i = kept[j];
            double w = weights == null ? 1 : weights[i];
            if (k < 0 || x[i] - start >= RESOLUTION) {
                if (k >= 0) {
                    uy[k] = sumWy / sumW;
                    uw[k] = sumW;
                }
                k++;
                start = x[i];
                ux[k] = start;
                sumWy = 0;
                sumW = 0;
            }
            sumWy += y[i] * w;
            sumW += w;
        }
        uy[k] = sumWy / sumW;
        uw[k] = sumW;
        int u = k + 1;
        double[] fitted = pava(Arrays.copyOf(uy, u), Arrays.copyOf(uw, u));
        double[] px = Arrays.copyOf(ux, u);
        // drop interior points equal to both neighbours (no prediction changes)
        boolean[] keep = new boolean[u];
        int kk = 0;
        for (int i = 0; i < u; i++) {
            keep[i] = i == 0 || i == u - 1 || fitted[i] != fitted[i - 1] || fitted[i] != fitted[i + 1];
            kk += keep[i] ? 1 : 0;
        }
        double[] tx = new double[kk];
        double[] ty = new double[kk];
        for (int i = 0, j = 0; i < u; i++) {
            if (keep[i]) {
                tx[j] = px[i];
                ty[j++] = fitted[i];
            }
        }
        return new Isotonic(tx, ty);
    }

    /**
     * The weighted least-squares non-decreasing fit to {@code y} in the order given (pool adjacent violators): blocks
     * are merged while a block's mean exceeds the next one's, each block taking its weighted mean.
     *
     * @param y the values, in order
     * @param w their weights (positive)
     * @return the fitted values, one per input
     */
    public static double[] pava(double[] y, double[] w) {
        int n = y.length;
        double[] mean = new double[n];
        double[] weight = new double[n];
        int[] end = new int[n]; // one past the last index of each block
        int blocks = 0;
        for (int i = 0; i < n; i++) {
            mean[blocks] = y[i];
            weight[blocks] = w[i];
            end[blocks] = i + 1;
            blocks++;
            while (blocks > 1 && mean[blocks - 2] > mean[blocks - 1]) {
                double ws = weight[blocks - 2] + weight[blocks - 1];
                mean[blocks - 2] = (weight[blocks - 2] * mean[blocks - 2] + weight[blocks - 1] * mean[blocks - 1]) / ws;
                weight[blocks - 2] = ws;
                end[blocks - 2] = end[blocks - 1];
                blocks--;
            }
        }
        double[] out = new double[n];
        int from = 0;
        for (int b = 0; b < blocks; b++) {
            Arrays.fill(out, from, end[b], mean[b]);
            from = end[b];
        }
        return out;
    }

    /** The fitted value at {@code v}: clipped to the fitted range of x, then interpolated linearly. */
    public double predict(double v) {
        if (Double.isNaN(v)) {
            return Double.NaN;
        }
        int n = x.length;
        if (n == 1) {
            return y[0];
        }
        double t = Math.max(x[0], Math.min(x[n - 1], v));
        // scipy's interp1d: the first point at or above t (at least the second), and the one before it
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        hi = Math.max(1, lo);
        lo = hi - 1;
        double slope = (y[hi] - y[lo]) / (x[hi] - x[lo]);
        return slope * (t - x[lo]) + y[lo];
    }

    public double[] predict(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = predict(v[i]);
        }
        return out;
    }

    /** The x of the fitted points, ascending (scikit-learn's {@code X_thresholds_}). */
    public double[] thresholdsX() {
        return x.clone();
    }

    /** The fitted value at each of {@link #thresholdsX()} (scikit-learn's {@code y_thresholds_}). */
    public double[] thresholdsY() {
        return y.clone();
    }
}
