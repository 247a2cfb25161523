package dev.probity.fairness.ranking;

import dev.probity.core.InputException;
import org.apache.commons.statistics.distribution.BinomialDistribution;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * FA*IR's ranked group fairness test (Zehlike, Bonchi, Castillo, Hajian, Megahed, Baeza-Yates, "FA*IR: A Fair Top-k
 * Ranking Algorithm", CIKM 2017): a top-k list is fair for a protected group of minimum proportion p at significance α
 * when, at every prefix i = 1..k, it holds at least m(i) protected items, m(i) being the smallest m with
 * F(m; i, p) ≥ α (F the binomial distribution function; the reference implementations, fairsearch in Python and
 * Java, use ≥, which differs from a strict inequality only where F hits α exactly). Testing k prefixes at level α
 * fails fair rankings more often than α; {@link #adjustedAlpha} finds the α_c whose table fails a fair ranking with
 * probability α (Zehlike, Sühr, Castillo 2020, "A Note on the Significance Adjustment for FA*IR with Two Protected
 * Groups": a binary search over the discrete set of tables, with the exact failure probability of each).
 */
public final class FairStar {
    private FairStar() {
    }

    /** m(1..k) as {@code table[i-1]}: the minimum number of protected items in the top i. */
    public static int[] minimumTable(int k, double p, double alpha) {
        validate(k, p, alpha);
        int[] m = new int[k];
        if (p == 0) {
            return m;
        }
        for (int i = 1; i <= k; i++) {
            if (p == 1) {
                m[i - 1] = i;
                continue;
            }
            BinomialDistribution b = BinomialDistribution.of(i, p);
            // the smallest x with F(x) >= alpha; commons' inverse is defined with the same inequality
            int x = alpha <= 0 ? 0 : b.inverseCumulativeProbability(alpha);
            m[i - 1] = Math.max(0, x);
        }
        return m;
    }

    private static void validate(int k, double p, double alpha) {
        if (k < 1) {
            throw new InputException("FA*IR needs k of at least 1; got " + k);
        }
        if (!(p >= 0 && p <= 1)) {
            throw new InputException("FA*IR's minimum proportion must lie in [0, 1] ({{min-proportion}}); got " + p);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new InputException("FA*IR's significance must lie strictly between 0 and 1 ({{alpha}}); got " + alpha);
        }
    }

    /**
     * The exact probability that a ranking whose items are protected independently with probability p fails the table
     * at some prefix (the recursion over the table's blocks of the fairsearch libraries, over all k positions).
     */
    public static double failureProbability(int[] table, double p) {
        int k = table.length;
        if (k == 0 || table[k - 1] == 0) {
            return 0;
        }
        // blocks: the positions where the requirement rises by one
        int[] rise = new int[table[k - 1]];
        int r = 0;
        int prev = 0;
        for (int i = 0; i < k; i++) {
            if (table[i] > prev) {
                if (table[i] != prev + 1) {
                    throw new IllegalArgumentException("an m-table rises by at most one per position");
                }
                rise[r++] = i + 1;
                prev = table[i];
            }
        }
        // dynamic programming over positions: the distribution of protected items so far among rankings that have not failed
        double[] dist = new double[k + 2];
        dist[0] = 1;
        for (int i = 1; i <= k; i++) {
            double[] next = new double[k + 2];
            for (int c = 0; c < i; c++) {
                if (dist[c] == 0) {
                    continue;
                }
                next[c] += dist[c] * (1 - p);
                next[c + 1] += dist[c] * p;
            }
            int need = table[i - 1];
            for (int c = 0; c < need && c <= i; c++) {
                next[c] = 0;
            }
            dist = next;
        }
        double success = 0;
        for (double d : dist) {
            success += d;
        }
        return Math.max(0, 1 - success);
    }

    /** The adjusted significance, its table and that table's failure probability. */
    public record Adjusted(double alpha, int[] table, double failureProbability) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Adjusted a && a.alpha == alpha && Arrays.equals(a.table, table) && a.failureProbability == failureProbability;
        }

        @Override
        public int hashCode() {
            return Double.hashCode(alpha) * 31 + Arrays.hashCode(table);
        }
    }

    /**
     * The α_c whose table fails a fair ranking (items protected independently with probability p) with probability as
     * close to α as the discrete tables allow: a binary search over α_c in [0, α], the tables ordered by their sum.
     */
    public static Adjusted adjustedAlpha(int k, double p, double alpha) {
        validate(k, p, alpha);
        Map<Double, Adjusted> cache = new HashMap<>();
        java.util.function.DoubleFunction<Adjusted> at = a -> cache.computeIfAbsent(a, x -> {
            int[] t = x <= 0 ? new int[k] : minimumTable(k, p, x);
            return new Adjusted(x, t, failureProbability(t, p));
        });
        double lo = 0;
        double hi = alpha;
        Adjusted min = at.apply(lo);
        Adjusted max = at.apply(hi);
        double mid = (lo + hi) / 2;
        Adjusted m = at.apply(mid);
        while (mass(min) < mass(max) && m.failureProbability() != alpha) {
            if (m.failureProbability() < alpha) {
                lo = mid;
                min = m;
            } else {
                hi = mid;
                max = m;
            }
            mid = (lo + hi) / 2;
            m = at.apply(mid);
            if (mass(max) - mass(min) == 1 || hi - lo <= 1e-16) {
                return closest(alpha, List.of(min, max));
            }
            if (mass(max) - mass(m) == 1 && mass(m) - mass(min) == 1) {
                return closest(alpha, List.of(m, min, max));
            }
        }
        return m;
    }

    private static Adjusted closest(double alpha, List<Adjusted> candidates) {
        Adjusted best = candidates.get(0);
        for (Adjusted c : candidates) {
            if (Math.abs(c.failureProbability() - alpha) < Math.abs(best.failureProbability() - alpha)) {
                best = c;
            }
        }
        return best;
    }

    private static long mass(Adjusted a) {
        long s = 0;
        for (int v : a.table()) {
            s += v;
        }
        return s;
    }

    /** The first prefix length (1-based) at which {@code protectedFlags} holds fewer protected items than the table asks, or 0. */
    public static int firstViolation(boolean[] protectedFlags, int[] table) {
        int count = 0;
        for (int i = 0; i < Math.min(protectedFlags.length, table.length); i++) {
            if (protectedFlags[i]) {
                count++;
            }
            if (count < table[i]) {
                return i + 1;
            }
        }
        return 0;
    }
}
