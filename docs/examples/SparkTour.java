import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.io.DataReader;
import dev.probity.core.io.ReadOptions;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.privacy.budget.PrivacyBudget;
import dev.probity.privacy.mechanism.Randomness;
import dev.probity.privacy.stats.PrivateStatsResult;
import dev.probity.privacy.stats.Statistic;
import dev.probity.privacy.stats.StatsSettings;
import dev.probity.spark.ProbitySpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * Probity on Spark, from plain Java: the fairness audit of COMPAS computed per partition and merged on the driver — the
 * same numbers as on a laptop — and private statistics paid from a persistent privacy budget.
 * Run with the repository's folder and a scratch folder: {@code java SparkTour REPO SCRATCH}.
 */
public final class SparkTour {
    private SparkTour() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        Path scratch = Path.of(args[1]);
        Path compas = repo.resolve("data/compas/compas-scores-two-years-extract.csv");
        // two local cores, on the loopback address, without the web UI; on a cluster: spark-submit (docs/spark.md)
        SparkSession spark = SparkSession.builder().appName("probity-tour").master("local[2]")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            // the decisions as a data lake would hold them: here the CSV, in 7 partitions. COMPAS repeats a header
            // (decile_score): Spark names the two decile_score7 and decile_score45, Probity and DuckDB decile_score and
            // decile_score_1; give Spark the same names as the laptop, so that the same spec reads the same columns
            Frame local = DataReader.read(compas, ReadOptions.defaults());
            Dataset<Row> decisions = spark.read().option("header", "true").option("inferSchema", "true")
                    .csv(compas.toString()).toDF(local.columnNames().toArray(new String[0])).repartition(7);

            // 1. the audit: each partition's statistics computed by the library, merged in Spark's tree
            AuditSpec spec = AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5")
                    .protectedAttributes("race").where(Datasets.PROPUBLICA_FILTER).build();
            AuditResult onSpark = ProbitySpark.audit(decisions, spec, "compas on spark", w -> { });
            System.out.printf(Locale.ROOT, "audited on Spark: %d of %d rows%n", onSpark.input().rows(), onSpark.input().rowsRead());
            System.out.printf(Locale.ROOT, "false positive rate, African-American: %.4f; Caucasian: %.4f%n",
                    onSpark.attribute("race").group("African-American").metric("fpr").number(),
                    onSpark.attribute("race").group("Caucasian").metric("fpr").number());

            // the same audit on one machine: equal counts and metrics (a repartition changes the order of the groups,
            // which only the bootstrap would see; this audit has none)
            AuditResult onLaptop = Audit.run(local, spec);
            System.out.println("the same as on a laptop: " + (onLaptop.differenceFrom(onSpark, 1e-12) == null));

            // 2. private statistics: mean prior offences per race, ε = 1, debited from a budget before any noise
            PrivacyBudget budget = PrivacyBudget.create(Files.createDirectories(scratch).resolve("compas.budget"), "compas",
                    new BigDecimal("3"), new BigDecimal("1e-5"));
            // seeded noise, so the tour prints the same each time: a demonstration, never a release (Randomness.secure())
            // the race categories are public knowledge, so they are declared rather than selected privately (which needs δ)
            StatsSettings settings = StatsSettings.of(1.0).withBounds(0, 40).withRandomness(Randomness.seeded(7))
                    .withKeys(List.of("African-American", "Asian", "Caucasian", "Hispanic", "Native American", "Other"));
            PrivacyBudget.Released<PrivateStatsResult> released = ProbitySpark.privateStatistics(decisions, "race", "priors_count",
                    EnumSet.of(Statistic.COUNT, Statistic.MEAN), null, settings, budget, "tour", "compas on spark");
            System.out.printf(Locale.ROOT, "private mean priors, African-American: %.2f%n",
                    released.result().group("African-American").mean().value());
            System.out.println("budget spent: ε " + released.after().epsilonSpent().stripTrailingZeros().toPlainString() + " of "
                    + budget.totalEpsilon().stripTrailingZeros().toPlainString());
        } finally {
            spark.stop();
        }
        System.out.println("tour complete");
    }
}
