package dev.probity.spark;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.model.TaskKind;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit on Spark ({@code local[2]}) equals the in-memory audit of the same rows: counts exactly, every metric,
 * interval and finding to 1e-12, whatever the partitioning.
 */
class SparkAuditTest {
    static SparkSession spark;
    static Frame compas;

    static final AuditSpec COMPAS = AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5")
            .score("decile_score").threshold(5.0).protectedAttributes("race", "sex").intersections(true)
            .where(Datasets.PROPUBLICA_FILTER).bootstrap(200).seed(11).build();

    @BeforeAll
    static void start() {
        spark = SparkTables.local("SparkAuditTest");
        compas = Datasets.load("compas");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static void agree(Frame f, Dataset<Row> d, AuditSpec spec) {
        AuditResult memory = Audit.run(f, spec);
        AuditResult onSpark = ProbitySpark.audit(d, spec);
        assertThat(onSpark.input().engine()).isEqualTo("spark");
        assertThat(onSpark.input().rowsRead()).isEqualTo(f.rowCount());
        assertThat(memory.differenceFrom(onSpark, 1e-12)).isNull();
    }

    @Test
    void compasEqualsTheInMemoryAudit() {
        AuditResult memory = Audit.run(compas, COMPAS);
        AuditResult onSpark = ProbitySpark.audit(SparkTables.dataset(spark, compas, 2), COMPAS);
        assertThat(memory.differenceFrom(onSpark, 1e-12)).isNull();
        // ProPublica's table: 6,172 defendants after the filter
        assertThat(onSpark.input().rowsAfterFilter()).isEqualTo(6172);
        assertThat(onSpark.input().rowsAfterFilter()).isEqualTo(memory.input().rowsAfterFilter());
        assertThat(onSpark.attribute("race").group("African-American").metric("fpr").number())
                .isEqualTo(memory.attribute("race").group("African-American").metric("fpr").number());
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {1, 2, 7, 64})
    void everyPartitioningGivesTheSameResult(int partitions) {
        Dataset<Row> d = SparkTables.dataset(spark, compas, partitions);
        assertThat(d.javaRDD().getNumPartitions()).isEqualTo(partitions);
        agree(compas, d, COMPAS);
    }

    @Test
    void sparkReadingTheCsvItselfGivesTheSameResult() {
        Dataset<Row> d = spark.read().option("header", "true").option("inferSchema", "true")
                .csv(Path.of("../data/compas/compas-scores-two-years-extract.csv").toAbsolutePath().toString())
                // Spark and Probity rename the file's second decile_score differently; the names of the frame
                .toDF(compas.columnNames().toArray(String[]::new));
        AuditSpec spec = AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5")
                .protectedAttributes("race").where(Datasets.PROPUBLICA_FILTER).build();
        assertThat(Audit.run(compas, spec).differenceFrom(ProbitySpark.audit(d, spec), 1e-12)).isNull();
    }

    @Test
    void emptyPartitionsAndPartitionsTheFilterEmptiesCountAsTheyShould() {
        Dataset<Row> rows = SparkTables.dataset(spark, compas, 5);
        Dataset<Row> empty = SparkTables.dataset(spark, compas.head(0), 3);
        Dataset<Row> d = empty.union(rows);
        assertThat(d.javaRDD().getNumPartitions()).isEqualTo(8);
        agree(compas, d, COMPAS);
        // the first rows of the file are all men: a filter on women empties the first partitions
        AuditSpec women = AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5")
                .protectedAttributes("race").where("sex = 'Female' AND decile_score > 3").build();
        agree(compas, SparkTables.dataset(spark, compas, 64), women);
    }

    @Test
    void aTinyGroupInOnePartitionIsFlaggedAsInMemory() {
        int n = 20_000;
        SplittableRandom r = new SplittableRandom(3);
        String[] g = new String[n];
        long[] y = new long[n];
        long[] p = new long[n];
        for (int i = 0; i < n; i++) {
            g[i] = i == 17_000 || i == 17_001 || i == 17_500 ? "tiny" : r.nextDouble() < 0.95 ? "large" : "small";
            y[i] = r.nextDouble() < 0.4 ? 1 : 0;
            p[i] = r.nextDouble() < (y[i] == 1 ? 0.7 : 0.2) ? 1 : 0;
        }
        Frame f = new Frame("skewed", List.of(StringColumn.of("g", g), LongColumn.of("y", y), LongColumn.of("p", p)));
        AuditSpec spec = AuditSpec.builder().label("y").prediction("p").protectedAttributes("g").bootstrap(100).seed(5)
                .build();
        AuditResult memory = Audit.run(f, spec);
        assertThat(memory.attribute("g").group("tiny").rows()).isEqualTo(3);
        assertThat(memory.attribute("g").group("tiny").flags()).isNotEmpty();
        agree(f, SparkTables.dataset(spark, f, 7), spec);
    }

    @Test
    void multiclassWithClassesSomePartitionsNeverSee() {
        int n = 5_000;
        SplittableRandom r = new SplittableRandom(9);
        String[] g = new String[n];
        String[] y = new String[n];
        String[] p = new String[n];
        String[] classes = {"low", "medium", "high"};
        for (int i = 0; i < n; i++) {
            g[i] = r.nextDouble() < 0.6 ? "a" : "b";
            // the class "rare" occurs only near the end, in the last partition
            y[i] = i > 4_900 && r.nextDouble() < 0.3 ? "rare" : classes[r.nextInt(3)];
            p[i] = r.nextDouble() < 0.7 ? y[i] : classes[r.nextInt(3)];
        }
        Frame f = new Frame("classes", List.of(StringColumn.of("g", g), StringColumn.of("y", y), StringColumn.of("p", p)));
        AuditSpec spec = AuditSpec.builder().label("y").prediction("p").protectedAttributes("g").task(TaskKind.MULTICLASS)
                .minGroupSize(5).bootstrap(50).seed(2).build();
        agree(f, SparkTables.dataset(spark, f, 7), spec);
    }

    @Test
    void weightedRegressionEqualsToRounding() {
        int n = 8_000;
        SplittableRandom r = new SplittableRandom(4);
        double[] y = new double[n];
        double[] p = new double[n];
        double[] w = new double[n];
        String[] g = new String[n];
        for (int i = 0; i < n; i++) {
            g[i] = r.nextDouble() < 0.7 ? "x" : "y";
            y[i] = 1000 + r.nextGaussian() * 200;
            p[i] = y[i] + r.nextGaussian() * (g[i].equals("x") ? 50 : 90);
            w[i] = 0.25 + r.nextDouble() * 3;
        }
        Frame f = new Frame("incomes", List.of(StringColumn.of("g", g), DoubleColumn.of("y", y), DoubleColumn.of("p", p),
                DoubleColumn.of("w", w)));
        AuditSpec spec = AuditSpec.builder().label("y").prediction("p").weight("w").protectedAttributes("g")
                .task(TaskKind.REGRESSION).derive("err", "abs(p - y)").where("err < 250").build();
        agree(f, SparkTables.dataset(spark, f, 7), spec);
    }

    @Test
    void theLibrarysErrorComesBackFromTheExecutors() {
        AuditSpec spec = AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5")
                .protectedAttributes("race").where("no_such_column > 1").build();
        assertThatThrownBy(() -> ProbitySpark.audit(SparkTables.dataset(spark, compas, 2), spec))
                .isInstanceOf(InputException.class).hasMessageContaining("no_such_column");
        AuditSpec text = AuditSpec.builder().label("race").prediction("decile_score >= 5").protectedAttributes("sex").build();
        assertThatThrownBy(() -> ProbitySpark.audit(SparkTables.dataset(spark, compas, 2), text))
                .isInstanceOf(InputException.class).hasMessageContaining("say which value is positive");
    }

    @Test
    void theSyntheticTableEqualsTheInMemoryAudit() {
        int rows = Integer.getInteger("probity.spark.rows", 10_000_000);
        int partitions = 8;
        Frame f = SyntheticRows.frame(rows);
        Dataset<Row> d = SyntheticRows.dataset(spark, rows, partitions);
        AuditSpec spec = AuditSpec.builder().label("y_true").prediction("y_pred").protectedAttributes("group")
                .bootstrap(100).seed(1).build();
        agree(f, d, spec);
    }
}
