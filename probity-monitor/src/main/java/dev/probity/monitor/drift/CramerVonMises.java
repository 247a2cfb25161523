package dev.probity.monitor.drift;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The two-sample Cramér–von Mises test (Anderson 1962), as scipy's {@code cramervonmises_2samp} with method
 * {@code auto}: the statistic T from the samples' average ranks; the exact p-value when neither sample has more than
 * 20 values (every ordering of the pooled ranks is equally likely; the distribution of U, counted over lattice paths),
 * otherwise Anderson's standardization of T referred to the limiting distribution (a series in the modified Bessel
 * function K¼, evaluated here by its integral representation).
 */
public final class CramerVonMises {
    /** Above this sample size the exact p-value gives way to the limiting distribution (as scipy). */
    public static final int MAX_EXACT = 20;

    private CramerVonMises() {
    }

    public record Result(double statistic, double pValue, String method) {
    }

    public static Result test(double[] x, double[] y) {
        int nx = x.length;
        int ny = y.length;
        if (nx < 2 || ny < 2) {
            throw new IllegalArgumentException("the Cramér-von Mises test needs at least two values in each sample");
        }
        double[] xs = x.clone();
        double[] ys = y.clone();
        Arrays.sort(xs);
        Arrays.sort(ys);
        double[] z = new double[nx + ny];
        System.arraycopy(xs, 0, z, 0, nx);
        System.arraycopy(ys, 0, z, nx, ny);
        double[] r = averageRanks(z);
        double u = 0;
        double sx = 0;
        for (int i = 0; i < nx; i++) {
            double dd = r[i] - (i + 1);
            sx += dd * dd;
        }
        double sy = 0;
        for (int j = 0; j < ny; j++) {
            double dd = r[nx + j] - (j + 1);
            sy += dd * dd;
        }
        u = nx * sx + ny * sy;
        double k = (double) nx * ny;
        double n = nx + ny;
        double t = u / (k * n) - (4 * k - 1) / (6 * n);
        if (Math.max(nx, ny) <= MAX_EXACT) {
            return new Result(t, exactTail(u, nx, ny), "exact");
        }
        double et = (1 + 1 / n) / 6;
        double vt = (n + 1) * (4 * k * n - 3 * ((double) nx * nx + (double) ny * ny) - 2 * k) / (45 * n * n * 4 * k);
        double tn = 1.0 / 6 + (t - et) / Math.sqrt(45 * vt);
        double p = tn < 0.003 ? 1.0 : Math.max(0, 1 - limitingCdf(tn));
        return new Result(t, p, "asymptotic");
    }

    /**
     * P(U ≥ u) when every interleaving of the two samples is equally likely. Walking the pooled order, taking the i-th
     * value of x after j values of y adds nx·j² to U, and taking the j-th of y after i of x adds ny·i²; the counts of
     * each U are carried over the lattice of (i, j).
     */
    static double exactTail(double u, int nx, int ny) {
        @SuppressWarnings("unchecked")
        Map<Long, Double>[] row = new Map[ny + 1];
        // row[j] holds, for the current i, the counts of U over paths reaching (i, j)
        for (int j = 0; j <= ny; j++) {
            row[j] = new HashMap<>();
        }
        row[0].put(0L, 1.0);
        for (int j = 1; j <= ny; j++) {
            long add = 0; // taking y's with no x before: ny · 0² each
            for (var e : row[j - 1].entrySet()) {
                row[j].merge(e.getKey() + add, e.getValue(), Double::sum);
            }
        }
        for (int i = 1; i <= nx; i++) {
            @SuppressWarnings("unchecked")
            Map<Long, Double>[] next = new Map[ny + 1];
            for (int j = 0; j <= ny; j++) {
                next[j] = new HashMap<>();
                long fromX = (long) nx * j * j; // the i-th x after j y's
                for (var e : row[j].entrySet()) {
                    next[j].merge(e.getKey() + fromX, e.getValue(), Double::sum);
                }
                if (j > 0) {
                    long fromY = (long) ny * i * i; // the j-th y after i x's
                    for (var e : next[j - 1].entrySet()) {
                        next[j].merge(e.getKey() + fromY, e.getValue(), Double::sum);
                    }
                }
            }
            row = next;
        }
        double total = 0;
        double tail = 0;
        for (var e : row[ny].entrySet()) {
            total += e.getValue();
            if (e.getKey() >= u - 1e-9 * Math.max(1, u)) {
                tail += e.getValue();
            }
        }
        return tail / total;
    }

    /** The limiting distribution of the Cramér–von Mises statistic (Anderson &amp; Darling 1952), its series to 1e-7. */
    static double limitingCdf(double x) {
        double total = 0;
        for (int k = 0; k < 1000; k++) {
            double q = (4.0 * k + 1) * (4.0 * k + 1) / (16 * x);
            double term = Math.exp(logGamma(k + 0.5) - logGamma(k + 1.0)) / (Math.pow(Math.PI, 1.5) * Math.sqrt(x))
                    * Math.sqrt(4.0 * k + 1) * Math.exp(-q) * besselK(0.25, q);
            total += term;
            if (Math.abs(term) < 1e-7) {
                break;
            }
        }
        return total;
    }

    /** K_ν(x) = ∫₀^∞ exp(−x cosh t) cosh(νt) dt, by the trapezoidal rule, exact to rounding for this smooth, fast-decaying integrand. */
    static double besselK(double nu, double x) {
        double h = 1.0 / 64;
        double sum = 0.5 * Math.exp(-x);
        for (int i = 1; ; i++) {
            double t = i * h;
            double term = Math.exp(-x * Math.cosh(t)) * Math.cosh(nu * t);
            sum += term;
            if (term < 1e-18 * sum || t > 50) {
                break;
            }
        }
        return sum * h;
    }

    static double[] averageRanks(double[] z) {
        int n = z.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(z[a], z[b]));
        double[] r = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && z[idx[j + 1]] == z[idx[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int q = i; q <= j; q++) {
                r[idx[q]] = avg;
            }
            i = j + 1;
        }
        return r;
    }

    private static double logGamma(double x) {
        return org.apache.commons.numbers.gamma.LogGamma.value(x);
    }
}
