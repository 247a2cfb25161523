package dev.probity.core.stats;

/**
 * Exact binomial and multinomial variates. Small means use inversion; larger ones Hörmann's BTRS
 * (transformed rejection with squeeze, W. Hörmann, "The generation of binomial random variates", J. Stat.
 * Comput. Simul. 46, 1993), whose cost does not grow with {@code n}. This is what lets a bootstrap resample
 * statistics instead of rows: a resample of N rows over K cells is one multinomial draw, K-1 binomials.
 */
public final class Binomial {
    /** Stirling-series corrections ln k! - [(k+½)ln(k+1) - (k+1) + ½ln 2π] for k = 0..9. */
    private static final double[] FC = {
        0.08106146679532726, 0.04134069595540929, 0.02767792568499834, 0.02079067210376509,
        0.01664469118982119, 0.01387612882307075, 0.01189670994589177, 0.01041126526197209,
        0.009255462182712733, 0.008330563433362871
    };

    private Binomial() {
    }

    private static double fc(long k) {
        if (k < 10) {
            return FC[(int) k];
        }
        double r = 1.0 / (k + 1);
        double r2 = r * r;
        return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 * r2) * r2) * r;
    }

    /** One draw of Binomial(n, p). */
    public static long sample(SplitMix64 rng, long n, double p) {
        if (n < 0 || !(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("binomial needs n >= 0 and 0 <= p <= 1, got n=" + n + ", p=" + p);
        }
        if (n == 0 || p == 0) {
            return 0;
        }
        if (p == 1) {
            return n;
        }
        if (p > 0.5) {
            return n - sample(rng, n, 1 - p);
        }
        if (n * p < 10) {
            return inversion(rng, n, p);
        }
        return btrs(rng, n, p);
    }

    private static long inversion(SplitMix64 rng, long n, double p) {
        double q = 1 - p;
        double s = p / q;
        double a = (n + 1) * s;
        double r0 = Math.exp(n * Math.log1p(-p));
        while (true) {
            double r = r0;
            double u = rng.nextDouble();
            long x = 0;
            while (u > r) {
                u -= r;
                x++;
                if (x > n) {
                    break; // rounding left u above the total mass: draw again
                }
                r *= a / x - s;
            }
            if (x <= n) {
                return x;
            }
        }
    }

    private static long btrs(SplitMix64 rng, long n, double p) {
        double q = 1 - p;
        double spq = Math.sqrt(n * p * q);
        double b = 1.15 + 2.53 * spq;
        double a = -0.0873 + 0.0248 * b + 0.01 * p;
        double c = n * p + 0.5;
        double vr = 0.92 - 4.2 / b;
        double r = p / q;
        double alpha = (2.83 + 5.1 / b) * spq;
        long m = (long) Math.floor((n + 1) * p);
        while (true) {
            double u = rng.nextDouble() - 0.5;
            double v = rng.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + c);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || k > n) {
                continue;
            }
            v = Math.log(v * alpha / (a / (us * us) + b));
            double bound = (m + 0.5) * Math.log((m + 1) / (r * (n - m + 1)))
                    + (n + 1) * Math.log((double) (n - m + 1) / (n - k + 1))
                    + (k + 0.5) * Math.log(r * (n - k + 1) / (k + 1))
                    + fc(m) + fc(n - m) - fc(k) - fc(n - k);
            if (v <= bound) {
                return k;
            }
        }
    }

    /**
     * One draw of Multinomial(n, weights / sum(weights)) into {@code out}, by conditional binomials. Weights
     * must be non-negative with a positive sum.
     */
    public static void multinomial(SplitMix64 rng, long n, double[] weights, long[] out) {
        double total = 0;
        for (double w : weights) {
            if (!(w >= 0)) {
                throw new IllegalArgumentException("multinomial weights must be non-negative");
            }
            total += w;
        }
        long left = n;
        double rest = total;
        for (int k = 0; k < weights.length; k++) {
            if (left == 0 || rest <= 0) {
                out[k] = 0;
                continue;
            }
            if (k == weights.length - 1) {
                out[k] = left;
                break;
            }
            double p = Math.min(1, weights[k] / rest);
            long x = sample(rng, left, p);
            out[k] = x;
            left -= x;
            rest -= weights[k];
        }
    }
}
