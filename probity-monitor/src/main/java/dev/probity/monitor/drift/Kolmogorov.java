package dev.probity.monitor.drift;

/**
 * The distribution of the one-sample two-sided Kolmogorov statistic Dₙ for a continuous distribution: P(Dₙ ≥ x).
 * Regions as Simard &amp; L'Ecuyer (2011) choose them; each method is exact where it is used, except the limiting
 * distribution for very large n·x, whose use is named.
 */
final class Kolmogorov {
    private Kolmogorov() {
    }

    record Tail(double p, String method) {
    }

    /** Largest Durbin matrix taken on: 2⌈n·x⌉ − 1 rows (about a second for 300). */
    static final int MAX_MATRIX = 301;

    static Tail sf(long n, double x) {
        if (Double.isNaN(x)) {
            return new Tail(Double.NaN, "none");
        }
        double t = n * x;
        if (x >= 1 || t >= n) {
            return new Tail(0, "exact");
        }
        if (t <= 0.5) {
            return new Tail(1, "exact");
        }
        if (t <= 1) {
            // Ruben & Gambino: P(Dn < x) = n!/n^n (2t − 1)^n for 1/(2n) < x <= 1/n
            double lcdf = logFactorial(n) - n * Math.log(n) + n * Math.log(2 * t - 1);
            return new Tail(-Math.expm1(lcdf), "Ruben-Gambino");
        }
        if (t >= n - 1) {
            return new Tail(2 * Math.pow(1 - x, n), "exact top");
        }
        double nxx = n * x * x;
        if (x >= 0.5 || (n <= 140 && nxx > 4) || (n > 140 && nxx >= 2.2)) {
            if (n > 140 && nxx >= 370) {
                return new Tail(0, "Smirnov");
            }
            return new Tail(Math.min(1, 2 * smirnov(n, x)), "Smirnov, two tails");
        }
        if (n > 140 && nxx >= 18) {
            return new Tail(0, "exact (below 1e-16)");
        }
        int k = (int) (n * x) + 1;
        if (2 * k - 1 <= MAX_MATRIX) {
            return new Tail(1 - durbin(n, x), "Durbin matrix");
        }
        return new Tail(1 - limiting(Math.sqrt(n) * x), "limiting Kolmogorov distribution");
    }

    /** Smirnov's exact one-sided tail P(Dₙ⁺ ≥ x) = x Σⱼ C(n,j) (1 − x − j/n)^(n−j) (x + j/n)^(j−1), in logs. */
    static double smirnov(long n, double x) {
        long jmax = (long) Math.floor(n * (1 - x));
        double sum = 0;
        double lx = Math.log(x);
        for (long j = 0; j <= jmax; j++) {
            double a = 1 - x - (double) j / n;
            if (a <= 0) {
                break;
            }
            double l = logChoose(n, j) + (n - j) * Math.log(a) + (j - 1) * Math.log(x + (double) j / n) + lx;
            sum += Math.exp(l);
        }
        return sum;
    }

    /** P(Dₙ &lt; x) by Durbin's matrix (Marsaglia, Tsang &amp; Wang 2003), with powers scaled to avoid overflow. */
    static double durbin(long n, double d) {
        int k = (int) (n * d) + 1;
        int m = 2 * k - 1;
        double h = k - n * d;
        double[] hm = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                hm[i * m + j] = i - j + 1 < 0 ? 0 : 1;
            }
        }
        for (int i = 0; i < m; i++) {
            hm[i * m] -= Math.pow(h, i + 1);
            hm[(m - 1) * m + i] -= Math.pow(h, m - i);
        }
        hm[(m - 1) * m] += 2 * h - 1 > 0 ? Math.pow(2 * h - 1, m) : 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                if (i - j + 1 > 0) {
                    for (int g = 1; g <= i - j + 1; g++) {
                        hm[i * m + j] /= g;
                    }
                }
            }
        }
        int[] eq = new int[1];
        double[] q = power(hm, m, n, eq);
        double s = q[(k - 1) * m + k - 1];
        for (long i = 1; i <= n; i++) {
            s = s * i / n;
            if (s < 1e-140) {
                s *= 1e140;
                eq[0] -= 140;
            }
        }
        return s * Math.pow(10, eq[0]);
    }

    private static double[] power(double[] a, int m, long n, int[] e) {
        if (n == 1) {
            e[0] = 0;
            return a.clone();
        }
        double[] v = power(a, m, n / 2, e);
        double[] b = multiply(v, v, m);
        int eb = 2 * e[0];
        if (n % 2 == 1) {
            b = multiply(a, b, m);
        }
        if (b[(m / 2) * m + m / 2] > 1e140) {
            for (int i = 0; i < b.length; i++) {
                b[i] *= 1e-140;
            }
            eb += 140;
        }
        e[0] = eb;
        return b;
    }

    private static double[] multiply(double[] a, double[] b, int m) {
        double[] c = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < m; k++) {
                double aik = a[i * m + k];
                if (aik == 0) {
                    continue;
                }
                for (int j = 0; j < m; j++) {
                    c[i * m + j] += aik * b[k * m + j];
                }
            }
        }
        return c;
    }

    /** The limiting Kolmogorov distribution K(z) = 1 − 2 Σ (−1)^(k−1) exp(−2k²z²). */
    static double limiting(double z) {
        if (z <= 0) {
            return 0;
        }
        if (z < 1.18) {
            // the theta-function form converges fast for small z
            double w = Math.sqrt(2 * Math.PI) / z;
            double s = 0;
            for (int k = 1; k < 100; k++) {
                double term = Math.exp(-(2 * k - 1) * (2 * k - 1) * Math.PI * Math.PI / (8 * z * z));
                s += term;
                if (term < 1e-17) {
                    break;
                }
            }
            return w * s;
        }
        double s = 0;
        for (int k = 1; k < 100; k++) {
            double term = Math.exp(-2.0 * k * k * z * z);
            s += (k % 2 == 1 ? 1 : -1) * term;
            if (term < 1e-17) {
                break;
            }
        }
        return 1 - 2 * s;
    }

    private static double logFactorial(long n) {
        return logGamma(n + 1.0);
    }

    private static double logChoose(long n, long k) {
        return logGamma(n + 1.0) - logGamma(k + 1.0) - logGamma(n - k + 1.0);
    }

    private static double logGamma(double x) {
        return org.apache.commons.numbers.gamma.LogGamma.value(x);
    }
}
