package dev.probity.core.stats;

import org.apache.commons.statistics.inference.FisherExactTest;
import org.apache.commons.statistics.inference.GTest;

/**
 * A test that two proportions are equal, on the 2×2 table
 * <pre>
 *              success  failure
 *   group A       a        b
 *   group B       c        d
 * </pre>
 * Fisher's exact test (two-sided, summing the probabilities of tables no more likely than the observed one)
 * when any expected count is below {@link #FISHER_BELOW}, Cochran's rule; otherwise the G-test (likelihood
 * ratio, one degree of freedom). Apache Commons Statistics computes both.
 */
public final class TwoByTwo {
    /** Expected counts below this send a table to Fisher's exact test. */
    public static final double FISHER_BELOW = 5;

    private TwoByTwo() {
    }

    /** A p-value and the test that gave it. */
    public record Result(double pValue, String test) {}

    /** Null when a row or column is empty (no comparison is possible). */
    public static Result test(long a, long b, long c, long d) {
        long r1 = a + b;
        long r2 = c + d;
        long c1 = a + c;
        long c2 = b + d;
        long n = r1 + r2;
        if (r1 == 0 || r2 == 0) {
            return null;
        }
        if (c1 == 0 || c2 == 0) {
            return new Result(1.0, "none (all rows have the same outcome)");
        }
        double minExpected = Math.min(Math.min((double) r1 * c1, (double) r1 * c2), Math.min((double) r2 * c1, (double) r2 * c2)) / n;
        if (minExpected < FISHER_BELOW && n <= Integer.MAX_VALUE) {
            double p = FisherExactTest.withDefaults().test(new int[][] {{(int) a, (int) b}, {(int) c, (int) d}}).getPValue();
            return new Result(Math.min(1, p), "fisher");
        }
        double p = GTest.withDefaults().test(new long[][] {{a, b}, {c, d}}).getPValue();
        return new Result(p, "g-test");
    }
}
