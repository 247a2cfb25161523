package dev.probity.privacy.mechanism;

import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Goodness of fit and exact binomial intervals for the distribution tests. */
final class Stat {
    private Stat() {
    }

    /** Clopper–Pearson lower bound on a binomial proportion at one-sided level 1 − alpha. */
    static double cpLower(long k, long n, double alpha) {
        return k == 0 ? 0 : BetaDistribution.of(k, n - k + 1).inverseCumulativeProbability(alpha);
    }

    /** Clopper–Pearson upper bound on a binomial proportion at one-sided level 1 − alpha. */
    static double cpUpper(long k, long n, double alpha) {
        return k == n ? 1 : BetaDistribution.of(k + 1, n - k).inverseCumulativeProbability(1 - alpha);
    }

    /** Asserts that {@code k} successes in {@code n} trials are consistent with probability p (two-sided, 1e-6). */
    static void assertProportion(String what, long k, long n, double p) {
        assertThat(p).as("%s: %d of %d, expected probability %s", what, k, n, p)
                .isBetween(cpLower(k, n, 5e-7), cpUpper(k, n, 5e-7));
    }

    /**
     * Pearson's chi-square test of integer samples against a pmf: the support (where the pmf is above 10^-18) cut
     * into cells of consecutive values with expected count at least 5 each. Returns the p-value.
     */
    static double chiSquare(long[] samples, LongToDoubleFunction pmf) {
        Map<Long, Long> counts = new TreeMap<>();
        for (long s : samples) {
            counts.merge(s, 1L, Long::sum);
        }
        long n = samples.length;
        long lo = 0;
        long hi = 0;
        while (pmf.applyAsDouble(lo - 1) > 1e-18) {
            lo--;
        }
        while (pmf.applyAsDouble(hi + 1) > 1e-18) {
            hi++;
        }
        long outside = 0;
        for (Map.Entry<Long, Long> c : counts.entrySet()) {
            if (c.getKey() < lo || c.getKey() > hi) {
                outside += c.getValue();
            }
        }
        assertThat(outside).as("samples where the pmf is below 1e-18").isZero();
        List<double[]> cells = new ArrayList<>();
        double e = 0;
        double o = 0;
        for (long v = lo; v <= hi; v++) {
            e += n * pmf.applyAsDouble(v);
            o += counts.getOrDefault(v, 0L);
            if (e >= 5) {
                cells.add(new double[] {o, e});
                e = 0;
                o = 0;
            }
        }
        double[] last = cells.get(cells.size() - 1);
        last[0] += o;
        last[1] += e;
        double stat = 0;
        double total = 0;
        for (double[] c : cells) {
            stat += (c[0] - c[1]) * (c[0] - c[1]) / c[1];
            total += c[1];
        }
        assertThat(total / n).as("the pmf sums to 1").isCloseTo(1, within(1e-9));
        return ChiSquaredDistribution.of(cells.size() - 1).survivalProbability(stat);
    }
}
