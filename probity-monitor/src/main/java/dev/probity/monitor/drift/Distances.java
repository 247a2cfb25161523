package dev.probity.monitor.drift;

import java.util.Arrays;

/**
 * Distances between two samples and between two distributions, as scipy defines them (and Evidently calls them).
 * <ul>
 *   <li>Wasserstein-1: ∫|U − V|, the area between the empirical distribution functions (scipy
 *   {@code wasserstein_distance});</li>
 *   <li>energy distance: √2 · (∫(U − V)²)^½ (scipy {@code energy_distance});</li>
 *   <li>Jensen–Shannon distance: √(½ KL(p‖m) + ½ KL(q‖m)), m = (p + q)/2, natural logarithms, both inputs
 *   normalized (scipy {@code distance.jensenshannon}); at most √ln 2;</li>
 *   <li>Kullback–Leibler divergence KL(p‖q), natural logarithms, both normalized (scipy {@code entropy(p, q)});</li>
 *   <li>population stability index Σ (pᵢ − qᵢ) ln(pᵢ/qᵢ).</li>
 * </ul>
 */
public final class Distances {
    private Distances() {
    }

    /** Wasserstein-1 distance between two samples (sorted or not). */
    public static double wasserstein(double[] u, double[] v) {
        return cdfDistance(u, v, 1);
    }

    /** Energy distance between two samples. */
    public static double energy(double[] u, double[] v) {
        return Math.sqrt(2) * cdfDistance(u, v, 2);
    }

    /** (∫|U − V|^p)^(1/p) over the pooled sorted values, U and V the samples' empirical distribution functions. */
    static double cdfDistance(double[] u, double[] v, int p) {
        double[] us = u.clone();
        double[] vs = v.clone();
        Arrays.sort(us);
        Arrays.sort(vs);
        return cdfDistanceSorted(us, vs, p);
    }

    /** As {@link #cdfDistance} for samples already sorted: one merge over the pooled values, nothing copied. */
    static double cdfDistanceSorted(double[] us, double[] vs, int p) {
        return cdfPass(us, vs, p).distance();
    }

    /** A CDF distance and, from the same walk, the number of distinct values of both samples together. */
    record CdfPass(double distance, int distinct) {
    }

    /**
     * One merge over the pooled distinct values v₀ &lt; v₁ &lt; …: after each, U and V are the shares of each sample at
     * or below it, and the gap to the next value adds |U − V|^p · (vₖ₊₁ − vₖ). The terms are those of scipy's sum over
     * the pooled sorted values, less its zero-width ones, in the same order.
     */
    static CdfPass cdfPass(double[] us, double[] vs, int p) {
        int nu = us.length;
        int nv = vs.length;
        double invU = 1.0 / nu;
        double invV = 1.0 / nv;
        double sum = 0;
        int iu = 0;
        int iv = 0;
        int distinct = 0;
        double prev = 0;
        double diff = 0;
        while (iu < nu || iv < nv) {
            double v = iv >= nv || (iu < nu && us[iu] <= vs[iv]) ? us[iu] : vs[iv];
            if (distinct > 0) {
                double delta = v - prev;
                sum += p == 1 ? diff * delta : diff * diff * delta;
            }
            while (iu < nu && us[iu] == v) {
                iu++;
            }
            while (iv < nv && vs[iv] == v) {
                iv++;
            }
            diff = Math.abs(iu * invU - iv * invV);
            prev = v;
            distinct++;
        }
        return new CdfPass(p == 1 ? sum : Math.sqrt(sum), distinct);
    }

    /** The Jensen–Shannon distance (natural logarithms) of two histograms, each normalized to sum 1. */
    public static double jensenShannon(double[] p, double[] q) {
        double[] a = normalized(p);
        double[] b = normalized(q);
        double js = 0;
        for (int i = 0; i < a.length; i++) {
            double m = (a[i] + b[i]) / 2;
            js += relEntr(a[i], m) + relEntr(b[i], m);
        }
        return Math.sqrt(js / 2);
    }

    /** KL(p‖q), natural logarithms, both normalized to sum 1 (infinite where p has mass q lacks). */
    public static double kullbackLeibler(double[] p, double[] q) {
        double[] a = normalized(p);
        double[] b = normalized(q);
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += relEntr(a[i], b[i]);
        }
        return s;
    }

    /** PSI = Σ (pᵢ − qᵢ) ln(pᵢ/qᵢ) on shares as given (no normalization; empty bins must already be floored). */
    public static double psi(double[] p, double[] q) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += (p[i] - q[i]) * Math.log(p[i] / q[i]);
        }
        return s;
    }

    /** x ln(x/y), 0 for x = 0, infinite for y = 0 &lt; x (scipy {@code rel_entr}). */
    static double relEntr(double x, double y) {
        if (x > 0 && y > 0) {
            return x * Math.log(x / y);
        }
        if (x == 0 && y >= 0) {
            return 0;
        }
        return Double.POSITIVE_INFINITY;
    }

    static double[] normalized(double[] p) {
        double s = 0;
        for (double x : p) {
            s += x;
        }
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i] / s;
        }
        return out;
    }
}
