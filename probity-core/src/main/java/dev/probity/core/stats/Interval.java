package dev.probity.core.stats;

/**
 * A confidence interval {@code [low, high]} at a confidence level, with the method that produced it.
 */
public record Interval(double low, double high, double level, String method) {

    /**
     * The Clopper–Pearson ("exact") interval for k successes in n trials: the α/2 quantile of Beta(k, n − k + 1) and the
     * 1 − α/2 quantile of Beta(k + 1, n − k), 0 and 1 at the ends (R's {@code binom.test}). Conservative: its coverage is
     * at least the level for every n and p — the interval to use when an audit must not overstate (a privacy attack's
     * success rate, say). Null when n ≤ 0.
     */
    public static Interval clopperPearson(long k, long n, double level) {
        if (n <= 0) {
            return null;
        }
        if (k < 0 || k > n || !(level > 0 && level < 1)) {
            throw new IllegalArgumentException("Clopper-Pearson needs 0 <= k <= n and a level in (0, 1); got k=" + k + ", n=" + n + ", level=" + level);
        }
        double a = (1 - level) / 2;
        double lo = k == 0 ? 0 : org.apache.commons.statistics.distribution.BetaDistribution.of(k, n - k + 1.0).inverseCumulativeProbability(a);
        double hi = k == n ? 1 : org.apache.commons.statistics.distribution.BetaDistribution.of(k + 1.0, n - k).inverseCumulativeProbability(1 - a);
        return new Interval(lo, hi, level, "clopper-pearson");
    }

    /**
     * Wilson's score interval for a proportion {@code k / n} (E. B. Wilson, 1927): unlike the Wald interval it
     * stays inside [0, 1] and keeps its coverage for small {@code n} and rates near 0 or 1.
     * <pre>
     * centre = (p̂ + z²/2n) / (1 + z²/n),   half = z/(1 + z²/n) · √(p̂(1-p̂)/n + z²/4n²)
     * </pre>
     * {@code n} may be an effective (Kish) sample size for weighted data. Returns null when {@code n <= 0}.
     */
    public static Interval wilson(double k, double n, double level) {
        if (!(n > 0)) {
            return null;
        }
        double p = Math.min(1, Math.max(0, k / n));
        double z = Normal.quantile(0.5 + level / 2);
        double z2 = z * z;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denom;
        double half = z / denom * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // At p = 0 (p = 1) the bound is exactly 0 (1); rounding in centre − half would leave 5.6e-17 (1 − 1e-16).
        double low = p == 0 ? 0 : Math.max(0, centre - half);
        double high = p == 1 ? 1 : Math.min(1, centre + half);
        return new Interval(low, high, level, "wilson");
    }

    /** A confidence level as people write it: "95%", "99.9%" (never "100%" for 0.999). */
    public static String percent(double level) {
        double p = level * 100;
        if (Math.abs(p - Math.rint(p)) < 1e-9) {
            return Long.toString(Math.round(p)) + "%";
        }
        String s = String.format(java.util.Locale.ROOT, "%.3f", p).replaceAll("0+$", "").replaceAll("\\.$", "");
        return s + "%";
    }

    public boolean contains(double x) {
        return x >= low && x <= high;
    }
}
