package dev.probity.privacy.stats;

import dev.probity.core.InputException;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;
import dev.probity.privacy.mechanism.Randomness;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Private quantiles: the exponential mechanism's distribution, its rank-error bound, ordering, bounding and errors. */
class PrivateQuantilesTest {
    private static Frame frame(String[] groups, double[] x, String[] units) {
        return units == null ? Frame.of(StringColumn.of("g", groups), DoubleColumn.of("x", x))
                : Frame.of(StringColumn.of("g", groups), DoubleColumn.of("x", x), StringColumn.of("unit", units));
    }

    private static String[] same(int n, String key) {
        String[] g = new String[n];
        Arrays.fill(g, key);
        return g;
    }

    /** The exact rank of v among sorted values: rows below, and rows at most v. */
    private static double empiricalCdf(double[] sorted, double v) {
        int below = 0;
        for (double s : sorted) {
            below += s <= v ? 1 : 0;
        }
        return (double) below / sorted.length;
    }

    /**
     * On 3 rows and a grid of 1,001 points, the frequencies of the released points equal the exponential mechanism's
     * probabilities computed here independently: weight exp(ε·score/(2Δ)) with score −|(1 − p)·below − p·above| and
     * Δ = max(p, 1 − p), summed over the grid points of each run of equal scores. Chi-square over the six runs.
     */
    @Test
    void releasedPointsFollowTheExponentialMechanismsDistribution() {
        double[] x = {2.5, 5.0, 7.5};
        Frame f = frame(same(3, "A"), x, null);
        double eps = 2;
        double p = 0.5;
        StatsSettings s = StatsSettings.of(eps).withKeys(List.of("A")).withBounds(0, 10).withRandomness(Randomness.seeded(3));
        // grid points j·10/1000: below 2.5 (j < 250), at 2.5, between, at 5.0, between, at 7.5, above 7.5
        double[] grid = new double[1001];
        for (int j = 0; j <= 1000; j++) {
            grid[j] = j * 10.0 / 1000;
        }
        double[] weight = new double[grid.length];
        double z = 0;
        for (int j = 0; j < grid.length; j++) {
            int below = 0;
            int above = 0;
            for (double v : x) {
                below += v < grid[j] ? 1 : 0;
                above += v > grid[j] ? 1 : 0;
            }
            double score = -Math.abs((1 - p) * below - p * above);
            weight[j] = Math.exp(eps * score / (2 * Math.max(p, 1 - p)));
            z += weight[j];
        }
        double[] cuts = {2.5, 5.0, 7.5};
        double[] expected = new double[7]; // <2.5, =2.5, (2.5,5), =5, (5,7.5), =7.5, >7.5
        for (int j = 0; j < grid.length; j++) {
            expected[bucket(grid[j], cuts)] += weight[j] / z;
        }
        int reps = 6000;
        long[] seen = new long[7];
        for (int r = 0; r < reps; r++) {
            double v = PrivateStats.quantiles(f, "g", "x", new double[] {p}, s).group("A").quantiles().get(0).value();
            seen[bucket(v, cuts)]++;
        }
        double chi2 = 0;
        int df = -1;
        for (int b = 0; b < 7; b++) {
            double e = expected[b] * reps;
            if (e > 0) {
                chi2 += (seen[b] - e) * (seen[b] - e) / e;
                df++;
            } else {
                assertThat(seen[b]).isZero();
            }
        }
        // 6 degrees of freedom: P[chi2 > 22.46] = 0.001
        assertThat(df).isEqualTo(6);
        assertThat(chi2).as("chi-square of %s vs %s", Arrays.toString(seen), Arrays.toString(expected)).isLessThan(22.46);
    }

    private static int bucket(double v, double[] cuts) {
        if (v < cuts[0]) {
            return 0;
        }
        if (v == cuts[0]) {
            return 1;
        }
        if (v < cuts[1]) {
            return 2;
        }
        if (v == cuts[1]) {
            return 3;
        }
        if (v < cuts[2]) {
            return 4;
        }
        return v == cuts[2] ? 5 : 6;
    }

    /**
     * 20,000 rows of (i·7919 mod 10,007)/100.07, nearly uniform on [0, 100): the released quartiles and median lie
     * within their rank-error bound of the exact ones (plus one grid step) in at least the bound's level of 200 runs,
     * and they are sorted even when asked out of order.
     */
    @Test
    void quartilesMeetTheirRankErrorBoundAtItsLevel() {
        int n = 20_000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (i * 7919L % 10_007) / 100.07;
        }
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        Frame f = frame(same(n, "all"), x, null);
        StatsSettings s = StatsSettings.of(0.3).withKeys(List.of("all")).withBounds(0, 100).withRandomness(Randomness.seeded(17));
        double[] probs = {0.75, 0.25, 0.5};
        int reps = 200;
        int within = 0;
        int total = 0;
        for (int r = 0; r < reps; r++) {
            List<NoisyQuantile> q = PrivateStats.quantiles(f, "g", "x", probs, s).group("all").quantiles();
            assertThat(q.get(1).value()).isLessThanOrEqualTo(q.get(2).value());
            assertThat(q.get(2).value()).isLessThanOrEqualTo(q.get(0).value());
            for (int k = 0; k < probs.length; k++) {
                NoisyQuantile nq = q.get(k);
                assertThat(nq.probability()).isEqualTo(probs[k]);
                assertThat(nq.epsilon()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-15));
                assertThat(nq.privateNoise()).isFalse();
                // rows per grid step here: about n·step/100 = 20; the best grid point is within half of that
                double slack = nq.rankError() + n * nq.resolution() / 100;
                double rankGap = Math.abs(empiricalCdf(sorted, nq.value()) - probs[k]) * n;
                within += rankGap <= slack ? 1 : 0;
                total++;
            }
        }
        assertThat((double) within / total).isGreaterThanOrEqualTo(0.95);
        // the bound says something: (2·0.75/0.3)·ln(1001/0.05) = 49.5 rows of 20,000
        NoisyQuantile one = PrivateStats.quantiles(f, "g", "x", new double[] {0.25}, s).group("all").quantiles().get(0);
        assertThat(one.rankError()).isCloseTo(2 * 0.75 / 0.3 * Math.log(1001 / 0.05), org.assertj.core.data.Offset.offset(1e-9));
    }

    /** A unit's rows beyond the L∞ bound are left out, and the sensitivity (so the rank error) scales with the bounds. */
    @Test
    void contributionBoundingLimitsAUnitsPull() {
        // 100 people with one value each at 10, and one person with 1,000 rows at 90: unbounded, the median is 90
        int n = 1100;
        double[] x = new double[n];
        String[] units = new String[n];
        for (int i = 0; i < n; i++) {
            x[i] = i < 100 ? 10 : 90;
            units[i] = i < 100 ? "p" + i : "heavy";
        }
        Frame f = frame(same(n, "A"), x, units);
        StatsSettings s = StatsSettings.of(5).withKeys(List.of("A")).withBounds(0, 100).withUnit("unit", 1, 1)
                .withRandomness(Randomness.seeded(2));
        NoisyQuantile median = PrivateStats.quantiles(f, "g", "x", new double[] {0.5}, s).group("A").quantiles().get(0);
        assertThat(median.value()).isLessThan(50);
        NoisyQuantile wider = PrivateStats.quantiles(f, "g", "x", new double[] {0.5}, s.withUnit("unit", 2, 3))
                .group("A").quantiles().get(0);
        assertThat(wider.rankError()).isCloseTo(6 * median.rankError(), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void privateKeysAreSelectedAndSmallGroupsNotReleased() {
        int n = 2001;
        String[] g = new String[n];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = i == 0 ? "lonely" : "big";
            x[i] = i % 100;
        }
        Frame f = frame(g, x, null);
        StatsSettings s = StatsSettings.of(1).withDelta(1e-6).withBounds(0, 100).withRandomness(Randomness.seeded(8));
        PrivateStatsResult r = PrivateStats.quantiles(f, "g", "x", new double[] {0.5}, s);
        assertThat(r.has("big")).isTrue();
        assertThat(r.has("lonely")).isFalse();
        assertThat(r.keysSelected()).isTrue();
        assertThat(r.epsilonEach()).isEqualTo(0.5);
    }

    @Test
    void wrongArgumentsAreNamed() {
        Frame f = frame(same(3, "A"), new double[] {1, 2, 3}, null);
        StatsSettings s = StatsSettings.of(1).withKeys(List.of("A")).withBounds(0, 10);
        assertThatThrownBy(() -> PrivateStats.quantiles(f, "g", "x", new double[] {1.5}, s)).isInstanceOf(InputException.class)
                .hasMessageContaining("probability").hasMessageContaining("1.5");
        assertThatThrownBy(() -> PrivateStats.quantiles(f, "g", "x", new double[0], s)).isInstanceOf(InputException.class)
                .hasMessageContaining("no quantiles");
        assertThatThrownBy(() -> PrivateStats.quantiles(f, "g", "x", new double[] {0.5}, StatsSettings.of(1).withKeys(List.of("A"))))
                .isInstanceOf(InputException.class).hasMessageContaining("quantiles need clamping bounds");
        assertThatThrownBy(() -> PrivateStats.quantiles(f, "g", "x", new double[] {Double.NaN}, s)).isInstanceOf(InputException.class)
                .hasMessageContaining("NaN");
    }

    /** Statistics and quantiles in one release: one choice of groups, ε split over every noisy quantity, a budget debit. */
    @Test
    void describeSplitsEpsilonOverEveryQuantityAndIsPaidForFirst(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        int n = 3001;
        String[] g = new String[n];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = i == 0 ? "lonely" : i % 2 == 0 ? "even" : "odd";
            x[i] = i % 100;
        }
        Frame f = frame(g, x, null);
        StatsSettings s = StatsSettings.of(1).withDelta(1e-6).withBounds(0, 100).withRandomness(Randomness.seeded(4));
        var stats = java.util.EnumSet.of(Statistic.COUNT, Statistic.MEAN);
        PrivateStatsResult r = PrivateStats.describe(f, "g", "x", stats, new double[] {0.5, 0.9}, s);
        // count, centred sum, selection, two quantiles: 1/5 each
        assertThat(r.epsilonEach()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.groups()).extracting(GroupStatistics::key).containsExactly("even", "odd");
        for (GroupStatistics gs : r.groups()) {
            assertThat(gs.count()).isNotNull();
            assertThat(gs.mean()).isNotNull();
            assertThat(gs.quantiles()).hasSize(2);
            assertThat(gs.quantiles().get(0).epsilon()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(gs.quantiles().get(0).value()).isBetween(40.0, 60.0);
            assertThat(gs.quantiles().get(1).value()).isBetween(80.0, 100.0);
        }
        assertThat(r.epsilon()).isEqualTo(1);
        var budget = dev.probity.privacy.budget.PrivacyBudget.create(dir.resolve("b.budget"), "x", new java.math.BigDecimal("1.5"),
                new java.math.BigDecimal("1e-5"));
        var released = PrivateStats.describe(f, "g", "x", stats, new double[] {0.5}, s, budget, "analyst");
        assertThat(released.entry().charge().epsilon()).isEqualByComparingTo("1");
        assertThat(released.entry().charge().parameters()).containsEntry("by", "g").containsEntry("bounds", "[0.0, 100.0]");
        assertThat(released.result().groups()).hasSize(2);
        // refused before the debit: a missing column, a quantile without a value column; refused by the budget: too much
        assertThatThrownBy(() -> PrivateStats.describe(f, "nope", "x", stats, new double[0], s, budget, "a")).isInstanceOf(InputException.class);
        assertThatThrownBy(() -> PrivateStats.describe(f, "g", null, java.util.EnumSet.noneOf(Statistic.class), new double[] {0.5}, s, budget, "a"))
                .isInstanceOf(InputException.class).hasMessageContaining("need a value column");
        assertThatThrownBy(() -> PrivateStats.describe(f, "g", "x", stats, new double[0], s, budget, "a"))
                .isInstanceOf(dev.probity.privacy.budget.BudgetExceededException.class);
        assertThat(budget.balance().releases()).isEqualTo(1);
    }
}
