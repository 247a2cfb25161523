package dev.probity.monitor.drift;

import java.util.Arrays;

/**
 * The two-sample Kolmogorov–Smirnov test, two-sided, with scipy's choice of p-value ({@code ks_2samp}, method
 * {@code auto}): exact when neither sample has more than 10,000 values, otherwise from the distribution of the
 * one-sample statistic for n = round(n₁n₂/(n₁+n₂)).
 *
 * <ul>
 *   <li>Statistic: D = max |F₁(x) − F₂(x)| over the pooled values, the empirical distribution functions compared at
 *   every value of either sample.</li>
 *   <li>Exact p-value: D is taken on the lattice of multiples of 1/lcm(n₁, n₂) (h = round(D·lcm)); for equal sizes
 *   the probability of leaving the square band (Hodges 1958), otherwise a lattice-path recursion over the band
 *   |i/n₁ − j/n₂| &lt; h/lcm (Viehmann 2021, the method scipy uses), counting in probabilities so that nothing
 *   overflows.</li>
 *   <li>Asymptotic p-value: the exact distribution of the one-sample statistic, by the dispatch of Simard &amp;
 *   L'Ecuyer (2011): 1 for nD ≤ ½, Ruben &amp; Gambino's formula for nD ≤ 1, 2(1−D)ⁿ near the top, Smirnov's exact
 *   one-sided tail (doubled) where the two tails do not overlap, and otherwise Durbin's matrix formula (Marsaglia,
 *   Tsang &amp; Wang 2003) for 1 − P(Dₙ &lt; D). Where that matrix would be too large (n·D above 150) the limiting
 *   Kolmogorov distribution is used; {@link Result#method()} says which.</li>
 * </ul>
 */
public final class KolmogorovSmirnov {
    /** Above this sample size scipy (and this test) leave the exact p-value for the asymptotic one. */
    public static final int MAX_EXACT = 10_000;

    private KolmogorovSmirnov() {
    }

    /** The statistic, its p-value, and how the p-value was found. */
    public record Result(double statistic, double pValue, String method) {
    }

    /** Tests two samples (neither empty; NaN not allowed). */
    public static Result test(double[] a, double[] b) {
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        return testSorted(x, y);
    }

    /** As {@link #test} for samples already sorted ascending. */
    public static Result testSorted(double[] x, double[] y) {
        int n1 = x.length;
        int n2 = y.length;
        if (n1 == 0 || n2 == 0) {
            throw new IllegalArgumentException("both samples need at least one value");
        }
        double d = statistic(x, y);
        if (Math.max(n1, n2) <= MAX_EXACT) {
            long g = gcd(n1, n2);
            long lcm = (n1 / g) * (long) n2;
            long h = (long) Math.rint(d * lcm);
            double dd = (double) h / lcm;
            if (h == 0) {
                return new Result(dd, 1.0, "exact");
            }
            double p = n1 == n2 ? outsideSquare(n1, h) : outsideBand(n1, n2, g, h);
            if (p >= 0 && p <= 1 && !Double.isNaN(p)) {
                return new Result(dd, p, "exact");
            }
        }
        int m = Math.max(n1, n2);
        int n = Math.min(n1, n2);
        double en = (double) m * n / (m + n);
        long rn = (long) Math.rint(en);
        Kolmogorov.Tail t = Kolmogorov.sf(rn, d);
        return new Result(d, Math.min(1, Math.max(0, t.p())), "asymptotic (" + t.method() + ", n = " + rn + ")");
    }

    /** D = max over pooled values of |F₁ − F₂|, each F the share of its sample at or below the value. */
    static double statistic(double[] x, double[] y) {
        int n1 = x.length;
        int n2 = y.length;
        int i = 0;
        int j = 0;
        double max = 0;
        double min = 0;
        while (i < n1 || j < n2) {
            double v = i < n1 && (j >= n2 || x[i] <= y[j]) ? x[i] : y[j];
            while (i < n1 && x[i] <= v) {
                i++;
            }
            while (j < n2 && y[j] <= v) {
                j++;
            }
            double diff = (double) i / n1 - (double) j / n2;
            max = Math.max(max, diff);
            min = Math.min(min, diff);
        }
        double minS = Math.min(1, Math.max(0, -min));
        return minS > max ? minS : max;
    }

    /** P(D ≥ h/n) for two samples of n each: the path leaves the band (Hodges 1958, by the reflection sum). */
    static double outsideSquare(long n, long h) {
        double p = 0;
        long k = n / h;
        while (k >= 0) {
            double p1 = 1;
            for (long j = 0; j < h; j++) {
                p1 = (n - k * h - j) * p1 / (n + k * h + j + 1);
            }
            p = p1 * (1 - p);
            k--;
        }
        return 2 * p;
    }

    /**
     * P(D ≥ h/lcm) for samples of n1 and n2: the probability that a random lattice path from (0,0) to (m,n) leaves the
     * band |i/m − j/n| &lt; h/lcm, by a recursion over i that keeps, for the band's cells of one column, the
     * probability of having left it.
     */
    static double outsideBand(int n1, int n2, long g, long h) {
        int m = Math.max(n1, n2);
        int n = Math.min(n1, n2);
        long mg = m / g;
        long ng = n / g;
        int minj = 0;
        int maxj = (int) Math.min((long) Math.ceil((double) h / mg), n + 1);
        int curlen = maxj - minj;
        int lenA = Math.min(2 * maxj + 2, n + 1);
        double[] a = new double[Math.max(lenA, n + 2)];
        Arrays.fill(a, 1.0);
        Arrays.fill(a, minj, maxj, 0.0);
        for (int i = 1; i <= m; i++) {
            int lastminj = minj;
            int lastlen = curlen;
            minj = (int) Math.min(Math.max(Math.floor((double) (ng * i - h) / mg) + 1, 0), n);
            maxj = (int) Math.min(Math.ceil((double) (ng * i + h) / mg), n + 1);
            if (maxj <= minj) {
                return 1.0;
            }
            double val = minj == 0 ? 0.0 : 1.0;
            for (int jj = 0; jj < maxj - minj; jj++) {
                int j = jj + minj;
                val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
                a[jj] = val;
            }
            curlen = maxj - minj;
            if (lastlen > curlen) {
                Arrays.fill(a, maxj - minj, maxj - minj + (lastlen - curlen), 1.0);
            }
        }
        return a[maxj - minj - 1];
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
