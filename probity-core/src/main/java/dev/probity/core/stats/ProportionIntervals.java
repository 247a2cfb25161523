package dev.probity.core.stats;

/**
 * Intervals for comparing two proportions p₁ = k₁/n₁ and p₂ = k₂/n₂ ({@code n} may be effective sizes).
 */
public final class ProportionIntervals {
    private ProportionIntervals() {
    }

    /**
     * Newcombe's hybrid score interval for p₁ − p₂ (R. G. Newcombe, Statistics in Medicine 17:873, 1998,
     * method 10), built from the two Wilson intervals [l₁, u₁], [l₂, u₂]:
     * <pre>
     *   low  = d − √((p₁ − l₁)² + (u₂ − p₂)²)
     *   high = d + √((u₁ − p₁)² + (p₂ − l₂)²)
     * </pre>
     */
    public static Interval newcombe(double p1, double n1, double p2, double n2, double level) {
        Interval a = Interval.wilson(p1 * n1, n1, level);
        Interval b = Interval.wilson(p2 * n2, n2, level);
        if (a == null || b == null) {
            return null;
        }
        double d = p1 - p2;
        double low = d - Math.sqrt(sq(p1 - a.low()) + sq(b.high() - p2));
        double high = d + Math.sqrt(sq(a.high() - p1) + sq(p2 - b.low()));
        return new Interval(low, high, level, "newcombe");
    }

    /**
     * Katz's log interval for the ratio p₁ / p₂ (Katz et al., Biometrics 34:469, 1978):
     * {@code exp(ln(p₁/p₂) ± z·√((1−p₁)/k₁ + (1−p₂)/k₂))}. Null when either count of successes is 0, or either
     * proportion is 1: there a term of the variance vanishes, and a group of three with three successes would get
     * an interval as narrow as if the group were large — false certainty rather than an interval.
     */
    public static Interval katz(double p1, double n1, double p2, double n2, double level) {
        double k1 = p1 * n1;
        double k2 = p2 * n2;
        if (k1 <= 0 || k2 <= 0 || p1 >= 1 || p2 >= 1) {
            return null;
        }
        double z = Normal.quantile(0.5 + level / 2);
        double se = Math.sqrt((1 - p1) / k1 + (1 - p2) / k2);
        double r = Math.log(p1 / p2);
        return new Interval(Math.exp(r - z * se), Math.exp(r + z * se), level, "katz-log");
    }

    private static double sq(double x) {
        return x * x;
    }
}
