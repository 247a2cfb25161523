package dev.probity.privacy.mechanism;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * A statistical test of (ε, δ)-differential privacy in the manner of StatDP (Ding, Wang, Wang, Zhang and Kifer,
 * "Detecting Violations of Differential Privacy", CCS 2018) and DP-Sniper (Bichsel, Steffen, Bogunovic and Vechev,
 * S&P 2021): run the mechanism many times on two neighbouring inputs, look for an output event S with
 * {@code P[M(D1) ∈ S] > e^ε P[M(D2) ∈ S] + δ}, and decide with exact binomial bounds.
 *
 * <ol>
 *   <li>Selection: on a first batch from each input, score every candidate event — {@code y <= t} and
 *       {@code y >= t} for t at 400 quantiles of the pooled outputs, and {@code y = v} for the 50 most frequent
 *       values — by how far the empirical {@code p1 − e^ε p2 − δ} is above zero in standard errors, and keep the
 *       best.</li>
 *   <li>Test: on a fresh batch, a violation is declared when the Clopper–Pearson lower bound on p1 exceeds
 *       {@code e^ε} times the upper bound on p2, plus δ (each bound one-sided at level 1 − 10^-6). The selection
 *       and the test use different samples, so the test's level holds whatever event was selected.</li>
 * </ol>
 * Both directions (D1 against D2 and D2 against D1) are tried.
 */
final class Distinguisher {
    static final double ALPHA = 1e-6;

    record Verdict(boolean violated, String event, long count1, long count2, int n, double lower1, double upper2,
            double allowed) {
        @Override
        public String toString() {
            return String.format("%s: %d vs %d of %d; lower bound %.5g against e^ε·upper + δ = %.5g%s", event, count1, count2,
                    n, lower1, allowed, violated ? " VIOLATION" : "");
        }
    }

    /** {@code y <= t} (kind -1), {@code y = t} (0) or {@code y >= t} (1). */
    record Event(int kind, double t) {
        String name() {
            return (kind < 0 ? "y <= " : kind == 0 ? "y = " : "y >= ") + t;
        }

        /** How many of the sorted outputs fall in the event. */
        long count(double[] sorted) {
            int below = lowerBound(sorted, t);
            int upTo = upperBound(sorted, t);
            return kind < 0 ? upTo : kind == 0 ? upTo - below : sorted.length - below;
        }
    }

    private Distinguisher() {
    }

    /** The worse of the two directions. */
    static Verdict test(DoubleSupplier onD1, DoubleSupplier onD2, double epsilon, double delta, int nSelect, int nTest) {
        double[] s1 = draw(onD1, nSelect);
        double[] s2 = draw(onD2, nSelect);
        double[] t1 = draw(onD1, nTest);
        double[] t2 = draw(onD2, nTest);
        Verdict forward = oneWay(s1, s2, t1, t2, epsilon, delta);
        Verdict backward = oneWay(s2, s1, t2, t1, epsilon, delta);
        if (forward.violated() != backward.violated()) {
            return forward.violated() ? forward : backward;
        }
        return forward.lower1() - forward.allowed() >= backward.lower1() - backward.allowed() ? forward : backward;
    }

    private static Verdict oneWay(double[] s1, double[] s2, double[] t1, double[] t2, double epsilon, double delta) {
        double e = Math.exp(epsilon);
        Event best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Event ev : events(s1, s2)) {
            double p1 = (double) ev.count(s1) / s1.length;
            double p2 = (double) ev.count(s2) / s2.length;
            double se = Math.sqrt((p1 * (1 - p1) + e * e * p2 * (1 - p2)) / s1.length) + 1e-12;
            double score = (p1 - e * p2 - delta) / se;
            if (score > bestScore) {
                bestScore = score;
                best = ev;
            }
        }
        long c1 = best.count(t1);
        long c2 = best.count(t2);
        int n = t1.length;
        double lower = Stat.cpLower(c1, n, ALPHA);
        double upper = Stat.cpUpper(c2, n, ALPHA);
        double allowed = e * upper + delta;
        return new Verdict(lower > allowed, best.name(), c1, c2, n, lower, upper, allowed);
    }

    private static List<Event> events(double[] a, double[] b) {
        double[] pooled = new double[a.length + b.length];
        System.arraycopy(a, 0, pooled, 0, a.length);
        System.arraycopy(b, 0, pooled, a.length, b.length);
        Arrays.sort(pooled);
        List<Event> out = new ArrayList<>();
        for (int q = 1; q < 400; q++) {
            double t = pooled[(int) ((long) q * (pooled.length - 1) / 400)];
            out.add(new Event(-1, t));
            out.add(new Event(1, t));
        }
        // the 50 most frequent values, for outputs with few values (an index, a category)
        List<double[]> runs = new ArrayList<>();
        for (int i = 0; i < pooled.length; ) {
            int j = upperBound(pooled, pooled[i]);
            runs.add(new double[] {pooled[i], j - i});
            i = j;
        }
        runs.sort((x, y) -> Double.compare(y[1], x[1]));
        for (int i = 0; i < Math.min(50, runs.size()); i++) {
            out.add(new Event(0, runs.get(i)[0]));
        }
        return out;
    }

    /** Sorted draws. */
    private static double[] draw(DoubleSupplier m, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = m.getAsDouble();
        }
        Arrays.sort(out);
        return out;
    }

    /** The first index whose value is at least t. */
    static int lowerBound(double[] sorted, double t) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The first index whose value is above t. */
    static int upperBound(double[] sorted, double t) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
