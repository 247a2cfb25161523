package dev.probity.privacy.stats;

import dev.probity.core.InputException;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;
import dev.probity.privacy.mechanism.Randomness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrivateStatsTest {
    private static final List<String> KEYS = List.of("A", "B", "C");

    /** Groups A, B, C of 500, 200 and 50 rows, each row its own unit, values (i·7 mod 13) in [0, 12]. */
    private static Frame synthetic() {
        int[] sizes = {500, 200, 50};
        List<String> g = new ArrayList<>();
        List<Double> x = new ArrayList<>();
        List<String> u = new ArrayList<>();
        int row = 0;
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < sizes[k]; i++) {
                g.add(KEYS.get(k));
                x.add((double) ((row * 7) % 13));
                u.add("u" + row);
                row++;
            }
        }
        return Frame.of(StringColumn.of("group", g.toArray(String[]::new)),
                DoubleColumn.of("x", x.stream().mapToDouble(Double::doubleValue).toArray()),
                StringColumn.of("unit", u.toArray(String[]::new)));
    }

    private static double exactMean(Frame f, String key, double lo, double hi) {
        StringColumn g = (StringColumn) f.column("group");
        double[] x = ((DoubleColumn) f.column("x")).values();
        double s = 0;
        int n = 0;
        for (int i = 0; i < f.rowCount(); i++) {
            if (g.getString(i).equals(key)) {
                s += Math.min(hi, Math.max(lo, x[i]));
                n++;
            }
        }
        return s / n;
    }

    @Test
    void countsAreUnbiasedAndTheirIntervalsCoverAtTheirLevel() {
        Frame f = synthetic();
        StatsSettings s = StatsSettings.of(0.1).withKeys(KEYS).withRandomness(Randomness.seeded(11));
        int reps = 400;
        double total = 0;
        int covered = 0;
        for (int r = 0; r < reps; r++) {
            PrivateStatsResult res = PrivateStats.count(f, "group", s);
            NoisyValue a = res.group("A").count();
            total += a.value();
            covered += a.covers(500) ? 1 : 0;
            assertThat(res.groups()).hasSize(3);
            assertThat(a.epsilon()).isEqualTo(0.1);
            assertThat(a.privateNoise()).isFalse();
        }
        double sd = Math.sqrt(PrivateStats.variance(10));
        assertThat(total / reps).isCloseTo(500, org.assertj.core.data.Offset.offset(4 * sd / Math.sqrt(reps)));
        assertThat(covered / (double) reps).isBetween(0.92, 0.98);
    }

    @Test
    void sumAndMeanIntervalsCoverTheBoundedTruth() {
        Frame f = synthetic();
        StatsSettings s = StatsSettings.of(1).withKeys(KEYS).withBounds(0, 10).withRandomness(Randomness.seeded(5));
        double trueMeanB = exactMean(f, "B", 0, 10);
        double trueSumB = trueMeanB * 200;
        int reps = 400;
        int sumCovered = 0;
        int meanCovered = 0;
        double meanTotal = 0;
        for (int r = 0; r < reps; r++) {
            PrivateStatsResult res = PrivateStats.compute(f, "group", "x",
                    EnumSet.of(Statistic.SUM, Statistic.MEAN), s);
            GroupStatistics b = res.group("B");
            assertThat(b.count()).isNull();
            sumCovered += b.sum().covers(trueSumB) ? 1 : 0;
            meanCovered += b.mean().covers(trueMeanB) ? 1 : 0;
            meanTotal += b.mean().value();
            assertThat(res.epsilonEach()).isEqualTo(1.0 / 3);
        }
        assertThat(sumCovered / (double) reps).isBetween(0.92, 0.98);
        assertThat(meanCovered / (double) reps).isBetween(0.92, 0.98);
        assertThat(meanTotal / reps).isCloseTo(trueMeanB, org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void contributionBoundingLimitsRowsPerGroupAndGroupsPerUnit() {
        // unit "heavy" has 100 rows in A, 100 in B and 100 in C; everyone else one row
        Frame base = synthetic();
        List<String> g = new ArrayList<>();
        List<String> u = new ArrayList<>();
        List<Double> x = new ArrayList<>();
        StringColumn bg = (StringColumn) base.column("group");
        for (int i = 0; i < base.rowCount(); i++) {
            g.add(bg.getString(i));
            u.add("u" + i);
            x.add(1.0);
        }
        for (String k : KEYS) {
            for (int i = 0; i < 100; i++) {
                g.add(k);
                u.add("heavy");
                x.add(1.0);
            }
        }
        Frame f = Frame.of(StringColumn.of("group", g.toArray(String[]::new)),
                DoubleColumn.of("x", x.stream().mapToDouble(Double::doubleValue).toArray()),
                StringColumn.of("unit", u.toArray(String[]::new)));
        for (int seed = 0; seed < 20; seed++) {
            StatsSettings s = StatsSettings.of(1000).withKeys(KEYS).withUnit("unit", 2, 3).withBounds(0, 1)
                    .withRandomness(Randomness.seeded(seed));
            PrivateStatsResult res = PrivateStats.compute(f, "group", "x", EnumSet.of(Statistic.COUNT, Statistic.SUM), s);
            long extraA = Math.round(res.group("A").count().value()) - 500;
            long extraB = Math.round(res.group("B").count().value()) - 200;
            long extraC = Math.round(res.group("C").count().value()) - 50;
            assertThat(List.of(extraA, extraB, extraC)).allMatch(e -> e == 0 || e == 3);
            assertThat(extraA + extraB + extraC).isEqualTo(6);
            assertThat(res.group("A").sum().value()).isCloseTo(500 + extraA, org.assertj.core.data.Offset.offset(0.2));
        }
    }

    @Test
    void partitionSelectionKeepsAGroupOfOneUnitWithProbabilityAtMostDelta() {
        String[] g = new String[301];
        String[] u = new String[301];
        for (int i = 0; i < 300; i++) {
            g[i] = "big";
            u[i] = "p" + i;
        }
        g[300] = "lonely";
        u[300] = "p300";
        Frame f = Frame.of(StringColumn.of("group", g), StringColumn.of("unit", u));
        double delta = 0.05;
        for (int d0 : new int[]{1, 2}) {
            StatsSettings s = StatsSettings.of(1).withDelta(delta).withUnit("unit", d0, 1)
                    .withRandomness(Randomness.seeded(100 + d0));
            int reps = 2000;
            int lonely = 0;
            int big = 0;
            for (int r = 0; r < reps; r++) {
                PrivateStatsResult res = PrivateStats.count(f, "group", s);
                assertThat(res.keysSelected()).isTrue();
                lonely += res.has("lonely") ? 1 : 0;
                big += res.has("big") ? 1 : 0;
            }
            double adjusted = 1 - Math.pow(1 - delta, 1.0 / d0);
            double margin = 3 * Math.sqrt(adjusted * (1 - adjusted) / reps);
            assertThat(lonely / (double) reps).isLessThanOrEqualTo(adjusted + margin);
            assertThat(big).isEqualTo(reps);
        }
    }

    @Test
    void selectionThresholdIsTheDiscreteLaplaceTail() {
        // b = 2, δ′ = 0.05: smallest k with e^(−k/2)/(1 + e^(−1/2)) ≤ 0.05 is 6 (Google's continuous τ − 1 = 4.6)
        long k = PrivateStats.selectionTail(2, 0.05);
        assertThat(k).isEqualTo(6);
        assertThat(Math.exp(-k / 2.0) / (1 + Math.exp(-0.5))).isLessThanOrEqualTo(0.05);
        assertThat(Math.exp(-(k - 1) / 2.0) / (1 + Math.exp(-0.5))).isGreaterThan(0.05);
        // the two-sided interval: P[|Z| > q] ≤ 0.05 < P[|Z| > q − 1]
        long q = PrivateStats.halfWidth(10, 0.95);
        assertThat(PrivateStats.twoSidedTail(10, q + 1)).isLessThanOrEqualTo(0.05);
        assertThat(PrivateStats.twoSidedTail(10, q)).isGreaterThan(0.05);
    }

    @Test
    void theSameSeedGivesTheSameRelease() {
        Frame f = synthetic();
        StatsSettings s = StatsSettings.of(1).withKeys(KEYS).withBounds(0, 10);
        var a = PrivateStats.mean(f, "group", "x", s.withRandomness(Randomness.seeded(3)));
        var b = PrivateStats.mean(f, "group", "x", s.withRandomness(Randomness.seeded(3)));
        assertThat(a).isEqualTo(b);
        assertThat(a.privacyNote()).contains("not private");
    }

    @Test
    void badSettingsNameTheSettingAndValue() {
        Frame f = synthetic();
        assertThatThrownBy(() -> StatsSettings.of(-1)).isInstanceOf(InputException.class)
                .hasMessageContaining("epsilon").hasMessageContaining("-1.0").hasMessageNotContaining("--");
        assertThatThrownBy(() -> StatsSettings.of(1).withDelta(1.5)).isInstanceOf(InputException.class)
                .hasMessageContaining("delta").hasMessageContaining("1.5");
        assertThatThrownBy(() -> StatsSettings.of(1).withUnit("unit", 0, 1)).isInstanceOf(InputException.class)
                .hasMessageContaining("maxGroupsPerUnit").hasMessageContaining("0");
        assertThatThrownBy(() -> StatsSettings.of(1).withUnit("unit", 1, -2)).isInstanceOf(InputException.class)
                .hasMessageContaining("maxRowsPerGroup").hasMessageContaining("-2");
        assertThatThrownBy(() -> StatsSettings.of(1).withBounds(5, 1)).isInstanceOf(InputException.class)
                .hasMessageContaining("lower = 5.0").hasMessageContaining("upper = 1.0");
        assertThatThrownBy(() -> StatsSettings.of(1).withLevel(1)).isInstanceOf(InputException.class)
                .hasMessageContaining("level").hasMessageContaining("1.0");
        assertThatThrownBy(() -> PrivateStats.count(f, "group", StatsSettings.of(1)))
                .isInstanceOf(InputException.class).hasMessageContaining("delta = 0.0");
        assertThatThrownBy(() -> PrivateStats.sum(f, "group", "x", StatsSettings.of(1).withKeys(KEYS)))
                .isInstanceOf(InputException.class).hasMessageContaining("clamping bounds").hasMessageContaining("NaN");
        assertThatThrownBy(() -> PrivateStats.sum(f, "group", "unit", StatsSettings.of(1).withKeys(KEYS).withBounds(0, 1)))
                .isInstanceOf(InputException.class).hasMessageContaining("'unit' is not numeric");
        assertThatThrownBy(() -> PrivateStats.count(f, "nope", StatsSettings.of(1).withKeys(KEYS)))
                .isInstanceOf(InputException.class).hasMessageContaining("nope");
    }

    @Test
    void varianceIntervalsCoverTheBoundedTruth() {
        Frame f = synthetic();
        StatsSettings s = StatsSettings.of(3).withKeys(KEYS).withBounds(0, 12).withRandomness(Randomness.seeded(8));
        StringColumn g = (StringColumn) f.column("group");
        double[] x = ((DoubleColumn) f.column("x")).values();
        double m = exactMean(f, "A", 0, 12);
        double ss = 0;
        for (int i = 0; i < f.rowCount(); i++) {
            if (g.getString(i).equals("A")) {
                ss += (x[i] - m) * (x[i] - m);
            }
        }
        double truth = ss / 500;
        int reps = 400;
        int covered = 0;
        double total = 0;
        for (int r = 0; r < reps; r++) {
            NoisyValue v = PrivateStats.compute(f, "group", "x", EnumSet.of(Statistic.VARIANCE), s).group("A").variance();
            covered += v.covers(truth) ? 1 : 0;
            total += v.value();
            assertThat(v.epsilon()).isEqualTo(3.0);
        }
        assertThat(covered / (double) reps).isBetween(0.92, 0.98);
        assertThat(total / reps).isCloseTo(truth, org.assertj.core.data.Offset.offset(0.05 * truth));
    }

    @Test
    void histogramCountsEveryDeclaredBin() {
        Frame f = synthetic();
        StatsSettings s = StatsSettings.of(1000).withRandomness(Randomness.seeded(4));
        PrivateStatsResult h = PrivateStats.histogram(f, "x", new double[]{0, 4, 8, 12, 20}, s);
        assertThat(h.groups()).extracting(GroupStatistics::key)
                .containsExactly("[0.0, 4.0)", "[4.0, 8.0)", "[8.0, 12.0)", "[12.0, 20.0]");
        double[] x = ((DoubleColumn) f.column("x")).values();
        long[] truth = new long[4];
        for (double v : x) {
            truth[v < 4 ? 0 : v < 8 ? 1 : v < 12 ? 2 : 3]++;
        }
        for (int b = 0; b < 4; b++) {
            assertThat(h.groups().get(b).count().value()).isEqualTo((double) truth[b]);
        }
        assertThat(h.keysSelected()).isFalse();
        assertThatThrownBy(() -> PrivateStats.histogram(f, "x", new double[]{0, 0}, s))
                .isInstanceOf(InputException.class).hasMessageContaining("[0.0, 0.0]");
    }

    @Test
    void aGroupOnlyBoundingDroppedIsNeverSelected() {
        // unit "p" has rows in 20 groups but may reach 1: the other 19 keys must never appear
        String[] g = new String[20];
        String[] u = new String[20];
        for (int i = 0; i < 20; i++) {
            g[i] = "k" + i;
            u[i] = "p";
        }
        Frame f = Frame.of(StringColumn.of("group", g), StringColumn.of("unit", u));
        StatsSettings s = StatsSettings.of(0.1).withDelta(0.5).withUnit("unit", 1, 1).withRandomness(Randomness.seeded(2));
        for (int r = 0; r < 200; r++) {
            assertThat(PrivateStats.count(f, "group", s).groups()).hasSizeLessThanOrEqualTo(1);
        }
    }

    @Test
    void contingencyTablesCountEveryDeclaredCellOrSelectCellsPrivately() {
        String[] a = {"x", "x", "x", "y", "y", "x"};
        String[] b = {"1", "1", "2", "1", "1", "1"};
        Frame f = Frame.of(StringColumn.of("a", a), StringColumn.of("b", b));
        StatsSettings s = StatsSettings.of(1000).withRandomness(Randomness.seeded(6));
        PrivateStatsResult t = PrivateStats.table(f, List.of("a", "b"),
                java.util.Map.of("a", List.of("x", "y"), "b", List.of("1", "2")), s);
        assertThat(t.groups()).extracting(GroupStatistics::key).containsExactly("x × 1", "x × 2", "y × 1", "y × 2");
        assertThat(t.groups()).extracting(g -> g.count().value()).containsExactly(3.0, 1.0, 2.0, 0.0);
        PrivateStatsResult p = PrivateStats.table(f, List.of("a", "b"), null, s.withDelta(1e-6));
        assertThat(p.keysSelected()).isTrue();
        assertThat(p.groups()).allMatch(g -> List.of("x × 1", "x × 2", "y × 1").contains(g.key()));
        assertThatThrownBy(() -> PrivateStats.table(f, List.of("a"), null, s))
                .isInstanceOf(InputException.class).hasMessageContaining("[a]");
    }
}
