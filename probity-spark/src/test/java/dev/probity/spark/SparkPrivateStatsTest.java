package dev.probity.spark;

import dev.probity.core.InputException;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;
import dev.probity.privacy.budget.BudgetExceededException;
import dev.probity.privacy.budget.PrivacyBudget;
import dev.probity.privacy.mechanism.Randomness;
import dev.probity.privacy.stats.GroupStatistics;
import dev.probity.privacy.stats.PrivateStats;
import dev.probity.privacy.stats.PrivateStatsResult;
import dev.probity.privacy.stats.Statistic;
import dev.probity.privacy.stats.StatsAggregates;
import dev.probity.privacy.stats.StatsSettings;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Private statistics on Spark: the rows bounded in the cluster, aggregated per partition by the library, merged, and
 * noised once on the driver after the budget is debited; a seeded release equals the in-memory one on the same rows
 * whatever the partition count.
 */
class SparkPrivateStatsTest {
    static SparkSession spark;
    static final Set<Statistic> ALL = EnumSet.allOf(Statistic.class);
    static final double[] PS = {0.25, 0.5, 0.9};

    @BeforeAll
    static void start() {
        spark = SparkTables.local("SparkPrivateStatsTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /**
     * {@code persons} people with {@code rowsEach} rows each, all in one group ("g" + person mod 3, every 29th row's
     * group missing); value (i·37 mod 130) − 15, so some fall outside [0, 100], every 23rd missing.
     */
    static Frame people(int persons, int rowsEach) {
        int n = persons * rowsEach;
        String[] person = new String[n];
        String[] g = new String[n];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            int who = i / rowsEach;
            person[i] = "p" + who;
            g[i] = i % 29 == 0 ? null : "g" + (who % 3);
            x[i] = i % 23 == 0 ? Double.NaN : (i * 37) % 130 - 15;
        }
        return Frame.of(StringColumn.of("person", person), StringColumn.of("group", g), DoubleColumn.of("x", x));
    }

    static PrivacyBudget budget(Path dir, String name, String epsilon) {
        return PrivacyBudget.create(dir.resolve(name + ".budget"), "people", new BigDecimal(epsilon), new BigDecimal("0.001"));
    }

    @Test
    void withoutAUnitASeededReleaseEqualsTheInMemoryReleaseForAnyPartitionCount(@TempDir Path dir) {
        Frame f = people(2400, 1);
        StatsSettings s = StatsSettings.of(1).withDelta(1e-6).withBounds(0, 100);
        PrivacyBudget budget = budget(dir, "a", "10");
        PrivateStatsResult inMemory = PrivateStats.describe(f, "group", "x", ALL, PS, s.withRandomness(Randomness.seeded(21)));
        assertThat(inMemory.groups()).extracting(GroupStatistics::key).containsExactly("g0", "g1", "g2");
        for (int partitions : new int[] {1, 2, 7}) {
            var released = ProbitySpark.privateStatistics(SparkTables.dataset(spark, f, partitions), "group", "x", ALL, PS,
                    s.withRandomness(Randomness.seeded(21)), budget, "analyst", f.source());
            assertThat(released.result()).as("%d partitions", partitions).isEqualTo(inMemory);
        }
        assertThat(budget.balance().releases()).isEqualTo(3);
        assertThat(budget.balance().epsilonSpent()).isEqualByComparingTo("3");

        // declared keys, counts only: the value is not read, so rows missing it count; a declared key without rows too
        StatsSettings declared = StatsSettings.of(0.5).withKeys(List.of("g2", "g0", "none"));
        PrivateStatsResult counts = PrivateStats.count(f, "group", declared.withRandomness(Randomness.seeded(5)));
        var sparkCounts = ProbitySpark.privateStatistics(SparkTables.dataset(spark, f, 7), "group", null,
                EnumSet.of(Statistic.COUNT), null, declared.withRandomness(Randomness.seeded(5)), budget, "analyst", f.source());
        assertThat(sparkCounts.result()).isEqualTo(counts);
        assertThat(sparkCounts.result().groups()).extracting(GroupStatistics::key).containsExactly("g2", "g0", "none");
        StatsAggregates exact = ProbitySpark.privateAggregates(SparkTables.dataset(spark, f, 2), "group", null,
                EnumSet.of(Statistic.COUNT), false, declared, f.source());
        // g0: persons ≡ 0 mod 3 (800), less rows i ≡ 0 mod 29 among them (i ≡ 0 mod 87: 28)
        assertThat(exact.rows()).containsExactly(java.util.Map.entry("g0", 772L), java.util.Map.entry("g2", 772L));
    }

    @Test
    void withAUnitWithinItsBoundsASeededReleaseEqualsTheInMemoryRelease(@TempDir Path dir) {
        // three rows per person in one group: bounds (1 group, 3 rows) keep every row, so Spark's bounding and the
        // library's agree; Spark draws its two seeds for bounding from the randomness first
        Frame f = people(900, 3);
        StatsSettings s = StatsSettings.of(2).withDelta(1e-6).withBounds(0, 100).withUnit("person", 1, 3);
        PrivacyBudget budget = budget(dir, "b", "10");
        Randomness afterSeeds = Randomness.seeded(8);
        afterSeeds.nextBits(62);
        afterSeeds.nextBits(62);
        PrivateStatsResult inMemory = PrivateStats.describe(f, "group", "x", ALL, PS, s.withRandomness(afterSeeds));
        assertThat(inMemory.groups()).hasSize(3);
        for (int partitions : new int[] {1, 2, 7}) {
            var released = ProbitySpark.privateStatistics(SparkTables.dataset(spark, f, partitions), "group", "x", ALL, PS,
                    s.withRandomness(Randomness.seeded(8)), budget, "analyst", f.source());
            assertThat(released.result()).as("%d partitions", partitions).isEqualTo(inMemory);
        }
        assertThat(budget.balance().releases()).isEqualTo(3);
    }

    @Test
    void aUnitKeepsAtMostItsBoundsInTheCluster() {
        // each person has 4 rows in each of 3 groups; bounds (2 groups, 3 rows): exactly 6 rows of 2 groups kept
        int persons = 500;
        int n = persons * 12;
        String[] person = new String[n];
        String[] g = new String[n];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            person[i] = "p" + (i / 12);
            g[i] = "g" + (i % 3);
            x[i] = i % 100;
        }
        Frame f = Frame.of(StringColumn.of("person", person), StringColumn.of("group", g), DoubleColumn.of("x", x));
        StatsSettings s = StatsSettings.of(1).withDelta(1e-6).withBounds(0, 100).withUnit("person", 2, 3)
                .withRandomness(Randomness.seeded(4));
        for (int partitions : new int[] {1, 7}) {
            StatsAggregates a = ProbitySpark.privateAggregates(SparkTables.dataset(spark, f, partitions), "group", "x",
                    EnumSet.of(Statistic.MEAN), false, s, f.source());
            assertThat(a.rows().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(6L * persons);
            assertThat(a.units().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2L * persons);
            for (String k : List.of("g0", "g1", "g2")) {
                assertThat(a.rows().get(k)).isEqualTo(3 * a.units().get(k));
                // each group is dropped by about a third of the persons, at random
                assertThat(a.units().get(k)).isBetween(250L, 420L);
            }
        }
    }

    @Test
    void theBudgetRefusesWhenSpentAndBadInputGetsTheLibrarysMessage(@TempDir Path dir) {
        Frame f = people(600, 1);
        PrivacyBudget budget = budget(dir, "c", "1.5");
        StatsSettings s = StatsSettings.of(1).withDelta(1e-6).withBounds(0, 100);
        var first = ProbitySpark.privateStatistics(SparkTables.dataset(spark, f, 2), "group", "x",
                EnumSet.of(Statistic.MEAN), null, s, budget, "analyst", f.source());
        assertThat(first.result().privateNoise()).isTrue();
        assertThat(first.after().epsilonLeft()).isEqualByComparingTo("0.5");
        assertThatThrownBy(() -> ProbitySpark.privateStatistics(SparkTables.dataset(spark, f, 2), "group", "x",
                EnumSet.of(Statistic.MEAN), null, s, budget, "analyst", f.source()))
                .isInstanceOf(BudgetExceededException.class);
        assertThat(budget.balance().releases()).isEqualTo(1);
        assertThat(budget.balance().epsilonSpent()).isEqualByComparingTo("1");

        StatsSettings cheap = StatsSettings.of(0.1).withDelta(1e-6).withBounds(0, 100);
        InputException inMemory = org.junit.jupiter.api.Assertions.assertThrows(InputException.class,
                () -> PrivateStats.mean(f, "nope", "x", cheap));
        assertThatThrownBy(() -> ProbitySpark.privateStatistics(SparkTables.dataset(spark, f, 2), "nope", "x",
                EnumSet.of(Statistic.MEAN), null, cheap, budget, "analyst", f.source()))
                .isInstanceOf(InputException.class).hasMessage(inMemory.getMessage());
        assertThatThrownBy(() -> ProbitySpark.privateStatistics(SparkTables.dataset(spark, f, 2), "group", "x",
                EnumSet.of(Statistic.MEAN), null, StatsSettings.of(0.1).withDelta(1e-6), budget, "analyst", f.source()))
                .isInstanceOf(InputException.class).hasMessageContaining("clamping bounds").hasMessageContaining("never inferred");
        assertThatThrownBy(() -> ProbitySpark.privateStatistics(SparkTables.dataset(spark, f, 2), "group", "person",
                EnumSet.of(Statistic.SUM), null, cheap, budget, "analyst", f.source()))
                .isInstanceOf(InputException.class).hasMessageContaining("'person' is not numeric");
        assertThatThrownBy(() -> ProbitySpark.privateStatistics(SparkTables.dataset(spark, f, 2), "group", "x",
                EnumSet.of(Statistic.MEAN), null, cheap.withUnit("household", 1, 1), budget, "analyst", f.source()))
                .isInstanceOf(InputException.class).hasMessageContaining("household");
        assertThat(budget.balance().releases()).isEqualTo(1);
    }
}
