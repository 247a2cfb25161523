package dev.probity.monitor.drift;

import java.util.Arrays;

/**
 * The k-sample Anderson–Darling test (Scholz &amp; Stephens 1987), with midranks for ties, standardized, and its p-value
 * interpolated from the published critical values as scipy's {@code anderson_ksamp} does: a quadratic fitted by least
 * squares to log(significance) against the critical values for k − 1 degrees of freedom, the p-value capped at 0.25
 * and floored at 0.001 outside the table (and {@link Result#capped()} says so).
 */
public final class AndersonDarling {
    private static final double[] SIG = {0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001};
    private static final double[] B0 = {0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085};
    private static final double[] B1 = {-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615};
    private static final double[] B2 = {-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154};

    private AndersonDarling() {
    }

    /** The standardized statistic, its p-value, and whether the p-value is at the table's cap or floor. */
    public record Result(double statistic, double pValue, boolean capped) {
    }

    public static Result test(double[]... samples) {
        int k = samples.length;
        if (k < 2) {
            throw new IllegalArgumentException("the Anderson-Darling test compares at least two samples");
        }
        double[][] s = new double[k][];
        int total = 0;
        for (int i = 0; i < k; i++) {
            if (samples[i].length == 0) {
                throw new IllegalArgumentException("every sample needs at least one value");
            }
            s[i] = samples[i].clone();
            Arrays.sort(s[i]);
            total += s[i].length;
        }
        double[] z = new double[total];
        int at = 0;
        for (double[] x : s) {
            System.arraycopy(x, 0, z, at, x.length);
            at += x.length;
        }
        Arrays.sort(z);
        double[] zstar = Arrays.stream(z).distinct().toArray();
        if (zstar.length < 2) {
            throw new IllegalArgumentException("the Anderson-Darling test needs at least two distinct values");
        }
        int n = total;
        double a2 = 0;
        double[] lj = new double[zstar.length];
        double[] bj = new double[zstar.length];
        for (int j = 0; j < zstar.length; j++) {
            int left = lower(z, zstar[j]);
            int right = upper(z, zstar[j]);
            lj[j] = n == zstar.length ? 1 : right - left;
            bj[j] = left + lj[j] / 2;
        }
        for (double[] x : s) {
            double inner = 0;
            for (int j = 0; j < zstar.length; j++) {
                int r = upper(x, zstar[j]);
                int f = r - lower(x, zstar[j]);
                double mij = r - f / 2.0;
                double num = n * mij - bj[j] * x.length;
                inner += lj[j] / n * num * num / (bj[j] * (n - bj[j]) - n * lj[j] / 4);
            }
            a2 += inner / x.length;
        }
        a2 *= (n - 1.0) / n;
        double h1 = 0;
        for (double[] x : s) {
            h1 += 1.0 / x.length;
        }
        // h = Σ_{i=1}^{N-1} 1/i and g = Σ_{i=1}^{N-2} Σ_{j=i+1}^{N-1} 1/((N−i) j), as scipy sums them
        double[] hs = new double[n - 2];
        double c = 0;
        for (int i = 0; i < n - 2; i++) {
            c += 1.0 / (n - 1 - i);
            hs[i] = c;
        }
        double h = (n > 2 ? hs[n - 3] : 0) + 1;
        double g = 0;
        for (int i = 0; i < n - 2; i++) {
            g += hs[i] / (i + 2);
        }
        double a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * h1;
        double b = (2 * g - 4) * k * k + 8 * h * k + (2 * g - 14 * h - 4) * h1 - 8 * h + 4 * g - 6;
        double cc = (6 * h + 2 * g - 2) * k * k + (4 * h - 4 * g + 6) * k + (2 * h - 6) * h1 + 4 * h;
        double d = (2 * h + 6) * k * k - 4 * h * k;
        double nn = n;
        double sigmasq = (a * nn * nn * nn + b * nn * nn + cc * nn + d) / ((nn - 1) * (nn - 2) * (nn - 3));
        int m = k - 1;
        double stat = (a2 - m) / Math.sqrt(sigmasq);
        double[] crit = new double[SIG.length];
        for (int i = 0; i < SIG.length; i++) {
            crit[i] = B0[i] + B1[i] / Math.sqrt(m) + B2[i] / m;
        }
        if (stat < crit[0]) {
            return new Result(stat, 0.25, true);
        }
        if (stat > crit[crit.length - 1]) {
            return new Result(stat, 0.001, true);
        }
        double[] logSig = new double[SIG.length];
        for (int i = 0; i < SIG.length; i++) {
            logSig[i] = Math.log(SIG[i]);
        }
        double[] coef = quadraticFit(crit, logSig);
        return new Result(stat, Math.exp(coef[0] * stat * stat + coef[1] * stat + coef[2]), false);
    }

    /** Least-squares y ≈ c0 x² + c1 x + c2, by the normal equations in centred x (well conditioned for seven points). */
    static double[] quadraticFit(double[] x, double[] y) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double[][] ata = new double[3][3];
        double[] aty = new double[3];
        for (int i = 0; i < x.length; i++) {
            double t = x[i] - mean;
            double[] row = {t * t, t, 1};
            for (int r = 0; r < 3; r++) {
                aty[r] += row[r] * y[i];
                for (int q = 0; q < 3; q++) {
                    ata[r][q] += row[r] * row[q];
                }
            }
        }
        double[] p = solve3(ata, aty); // in t = x − mean
        // expand back to x: p0 (x − μ)² + p1 (x − μ) + p2
        return new double[] {p[0], p[1] - 2 * p[0] * mean, p[0] * mean * mean - p[1] * mean + p[2]};
    }

    private static double[] solve3(double[][] a, double[] b) {
        double[][] m = new double[3][4];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(a[i], 0, m[i], 0, 3);
            m[i][3] = b[i];
        }
        for (int col = 0; col < 3; col++) {
            int piv = col;
            for (int r = col + 1; r < 3; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) {
                    piv = r;
                }
            }
            double[] t = m[col];
            m[col] = m[piv];
            m[piv] = t;
            for (int r = 0; r < 3; r++) {
                if (r != col) {
                    double f = m[r][col] / m[col][col];
                    for (int q = col; q < 4; q++) {
                        m[r][q] -= f * m[col][q];
                    }
                }
            }
        }
        return new double[] {m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]};
    }

    /** Index of the first element ≥ v (searchsorted 'left'). */
    static int lower(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Index of the first element &gt; v (searchsorted 'right'). */
    static int upper(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
