package dev.probity.privacy.stats;

import dev.probity.core.InputException;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import dev.probity.privacy.budget.BudgetExceededException;
import dev.probity.privacy.budget.PrivacyBudget;
import dev.probity.privacy.mechanism.Randomness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Aggregates of a frame cut in parts, merged and released once, against the release of the whole frame. */
class PrivateStatsAggregatesTest {
    private static final Set<Statistic> ALL = EnumSet.allOf(Statistic.class);
    private static final double[] PS = {0.1, 0.5, 0.9};

    /**
     * 900 rows: group "g" + (i mod 4) except every 31st row missing its group; value (i·13 mod 120) − 10, so some fall
     * outside the bounds [0, 100], and every 17th missing; unit "u" + (i mod 300): rows i, i + 300 and i + 600, all in
     * group i mod 4 (300 ≡ 0 mod 4), so a unit has at most three rows in one group.
     */
    private static Frame frame() {
        int n = 900;
        String[] g = new String[n];
        double[] x = new double[n];
        String[] u = new String[n];
        long[] first = new long[n];
        for (int i = 0; i < n; i++) {
            g[i] = i % 31 == 0 ? null : "g" + (i % 4);
            x[i] = i % 17 == 0 ? Double.NaN : (i * 13) % 120 - 10;
            u[i] = "u" + (i % 300);
        }
        return Frame.of(StringColumn.of("group", g), DoubleColumn.of("x", x), StringColumn.of("unit", u),
                LongColumn.of("first", first));
    }

    private static Frame part(Frame f, int from, int to) {
        return f.select(IntStream.range(from, to).toArray());
    }

    @Test
    void partsMergedAndReleasedOnceEqualTheWholeFramesRelease() {
        Frame f = frame();
        StatsSettings s = StatsSettings.of(2).withDelta(1e-6).withBounds(0, 100);
        StatsAggregates a = PrivateStats.aggregate(part(f, 0, 250), "group", "x", ALL, true, s);
        StatsAggregates b = PrivateStats.aggregate(part(f, 250, 251), "group", "x", ALL, true, s);
        StatsAggregates c = PrivateStats.aggregate(part(f, 251, 900), "group", "x", ALL, true, s);
        StatsAggregates merged = c.merge(a).merge(b);
        StatsAggregates whole = PrivateStats.aggregate(f, "group", "x", ALL, true, s);

        // exact rows per group: rows with a group and a value
        Map<String, Long> expected = new java.util.TreeMap<>();
        for (int i = 0; i < 900; i++) {
            if (i % 31 != 0 && i % 17 != 0) {
                expected.merge("g" + (i % 4), 1L, Long::sum);
            }
        }
        assertThat(merged.rows()).isEqualTo(expected).isEqualTo(whole.rows());
        assertThat(expected.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(900 - 30 - 53 + 2);

        for (long seed : new long[] {1, 2, 3}) {
            PrivateStatsResult released = PrivateStats.fromAggregates(merged, ALL, PS, s.withRandomness(Randomness.seeded(seed)));
            PrivateStatsResult direct = PrivateStats.describe(f, "group", "x", ALL, PS, s.withRandomness(Randomness.seeded(seed)));
            assertThat(released).isEqualTo(direct);
            assertThat(released.groups()).isNotEmpty();
            assertThat(released.group(released.groups().get(0).key()).quantiles()).hasSize(3);
        }
        // declared keys, counts only (the value is not read: rows missing it count)
        StatsSettings declared = StatsSettings.of(1).withKeys(List.of("g0", "g1", "g2", "g3", "none"));
        StatsAggregates counts = PrivateStats.aggregate(part(f, 0, 400), "group", "x", EnumSet.of(Statistic.COUNT), false, declared)
                .merge(PrivateStats.aggregate(part(f, 400, 900), "group", "x", EnumSet.of(Statistic.COUNT), false, declared));
        assertThat(counts.rows()).containsEntry("g0", 217L).doesNotContainKey("none");
        assertThat(PrivateStats.fromAggregates(counts, EnumSet.of(Statistic.COUNT), null, declared.withRandomness(Randomness.seeded(7))))
                .isEqualTo(PrivateStats.count(f, "group", declared.withRandomness(Randomness.seeded(7))));
    }

    @Test
    void rowsBoundedElsewhereAggregateInPartsWithTheirUnitsCountedOnce() {
        // a unit has at most three rows, in one group: bounds (1 group, 3 rows) drop nothing and draw nothing, so the
        // frame is bounded as it is; "first" marks each unit's first row with a group and a value
        Frame f = frame();
        long[] first = new long[900];
        for (int unit = 0; unit < 300; unit++) {
            for (int i = unit; i < 900; i += 300) {
                if (i % 31 != 0 && i % 17 != 0) {
                    first[i] = 1;
                    break;
                }
            }
        }
        Frame bounded = f.withColumn(LongColumn.of("first", first));
        StatsSettings s = StatsSettings.of(3).withDelta(1e-6).withBounds(0, 100).withUnit("unit", 1, 3);
        StatsAggregates parts = PrivateStats.aggregateBounded(part(bounded, 0, 500), "group", "x", ALL, true, "first", s)
                .merge(PrivateStats.aggregateBounded(part(bounded, 500, 900), "group", "x", ALL, true, "first", s));
        for (long seed : new long[] {4, 5}) {
            PrivateStatsResult released = PrivateStats.fromAggregates(parts, ALL, PS, s.withRandomness(Randomness.seeded(seed)));
            assertThat(released).isEqualTo(PrivateStats.describe(f, "group", "x", ALL, PS, s.withRandomness(Randomness.seeded(seed))));
            assertThat(released.groups()).extracting(GroupStatistics::key).containsExactly("g0", "g1", "g2", "g3");
        }
        assertThatThrownBy(() -> PrivateStats.aggregateBounded(bounded, "group", "x", ALL, true, null, s))
                .isInstanceOf(InputException.class).hasMessageContaining("first row");
        // released under smaller bounds than the rows had: refused (the noise would be too small)
        assertThatThrownBy(() -> PrivateStats.fromAggregates(parts, ALL, PS, s.withUnit("unit", 1, 1)))
                .isInstanceOf(InputException.class).hasMessageContaining("bounded to 1 groups per unit and 3 rows");
    }

    @Test
    void theBudgetIsDebitedOnceBeforeTheReleaseAndRefusesWhenSpent(@TempDir Path dir) {
        Frame f = frame();
        StatsSettings s = StatsSettings.of(1).withDelta(1e-6).withBounds(0, 100).withRandomness(Randomness.seeded(9));
        StatsAggregates a = PrivateStats.aggregate(f, "group", "x", EnumSet.of(Statistic.MEAN), false, s);
        PrivacyBudget budget = PrivacyBudget.create(dir.resolve("s.budget"), "frame", new BigDecimal("1.5"), new BigDecimal("1e-5"));
        var released = PrivateStats.fromAggregates(a, EnumSet.of(Statistic.MEAN), null, s, budget, "tester", "frame");
        assertThat(released.result().groups()).isNotEmpty();
        assertThat(budget.balance().epsilonSpent()).isEqualByComparingTo("1");
        assertThat(budget.balance().deltaSpent()).isEqualByComparingTo("0.000001");
        assertThatThrownBy(() -> PrivateStats.fromAggregates(a, EnumSet.of(Statistic.MEAN), null, s, budget, "tester", "frame"))
                .isInstanceOf(BudgetExceededException.class);
        assertThat(budget.balance().epsilonSpent()).isEqualByComparingTo("1");
        assertThat(budget.balance().releases()).isEqualTo(1);
    }

    @Test
    void aggregatesRefuseWhatTheyWereNotMadeFor() {
        Frame f = frame();
        StatsSettings s = StatsSettings.of(1).withDelta(1e-6).withBounds(0, 100);
        StatsAggregates counts = PrivateStats.aggregate(f, "group", "x", EnumSet.of(Statistic.COUNT), false, s);
        assertThatThrownBy(() -> PrivateStats.fromAggregates(counts, EnumSet.of(Statistic.SUM), null, s))
                .isInstanceOf(InputException.class).hasMessageContaining("hold no sums");
        assertThatThrownBy(() -> PrivateStats.fromAggregates(counts, Set.of(), PS, s))
                .isInstanceOf(InputException.class).hasMessageContaining("quantile grid");
        StatsAggregates sums = PrivateStats.aggregate(f, "group", "x", EnumSet.of(Statistic.SUM), false, s);
        assertThatThrownBy(() -> PrivateStats.fromAggregates(sums, EnumSet.of(Statistic.SUM), null, s.withBounds(0, 50)))
                .isInstanceOf(InputException.class).hasMessageContaining("[0.0, 100.0]").hasMessageContaining("[0.0, 50.0]");
        assertThatThrownBy(() -> sums.merge(PrivateStats.aggregate(f, "group", "x", EnumSet.of(Statistic.SUM), false, s.withBounds(0, 50))))
                .isInstanceOf(InputException.class).hasMessageContaining("do not merge");
        assertThatThrownBy(() -> PrivateStats.fromAggregates(sums, EnumSet.of(Statistic.SUM), null, s.withKeys(List.of("g0"))))
                .isInstanceOf(InputException.class).hasMessageContaining("private keys");
        assertThatThrownBy(() -> PrivateStats.aggregate(f, "group", "x", EnumSet.of(Statistic.MEAN), false, StatsSettings.of(1).withDelta(1e-6)))
                .isInstanceOf(InputException.class).hasMessageContaining("clamping bounds");
        assertThatThrownBy(() -> PrivateStats.aggregate(f, "nope", null, EnumSet.of(Statistic.COUNT), false, s))
                .isInstanceOf(InputException.class).hasMessageContaining("nope");
        assertThat(new HashSet<>(counts.rows().keySet())).containsExactlyInAnyOrder("g0", "g1", "g2", "g3");
    }
}
