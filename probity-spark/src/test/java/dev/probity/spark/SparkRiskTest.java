package dev.probity.spark;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.privacy.anonymize.risk.ReidentificationRisk;
import dev.probity.privacy.anonymize.risk.RiskReport;
import dev.probity.privacy.anonymize.risk.RiskSettings;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Re-identification risk from Spark's grouped count equals the risk of the rows in memory. */
class SparkRiskTest {
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTables.local("SparkRiskTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static void same(RiskReport memory, RiskReport onSpark) {
        assertThat(onSpark.rows()).isEqualTo(memory.rows());
        assertThat(onSpark.classes()).isEqualTo(memory.classes());
        assertThat(onSpark).usingRecursiveComparison()
                .withEqualsForType((a, b) -> Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a)) || a.equals(b), Double.class)
                .isEqualTo(memory);
    }

    @Test
    void compasQuasiIdentifiersWithMissingValuesEqualTheInMemoryReport() {
        Frame compas = Datasets.load("compas");
        // days_b_screening_arrest has missing values: a class of its own, written as the empty text by both
        List<String> qis = List.of("sex", "age", "race", "days_b_screening_arrest");
        RiskSettings settings = new RiskSettings(0.2, 0.05, null);
        RiskReport memory = ReidentificationRisk.of(compas, qis, settings);
        RiskReport onSpark = ProbitySpark.risk(SparkTables.dataset(spark, compas, 7), qis, settings);
        same(memory, onSpark);
        assertThat(memory.populationUniques()).hasSize(3);
        assertThat(memory.sampleUniques()).isPositive();
    }

    @Test
    void aPopulationInMemoryServesTheJournalistModel() {
        Frame compas = Datasets.load("compas");
        Frame sample = compas.head(2000);
        List<String> qis = List.of("sex", "age_cat", "days_b_screening_arrest");
        RiskSettings settings = new RiskSettings(0.1, Double.NaN, compas);
        same(ReidentificationRisk.of(sample, qis, settings), ProbitySpark.risk(SparkTables.dataset(spark, sample, 3), qis, settings));
    }

    @Test
    void anUnknownColumnIsNamed() {
        assertThatThrownBy(() -> ProbitySpark.risk(SparkTables.dataset(spark, Datasets.load("compas").head(10), 1),
                List.of("zip"), RiskSettings.defaults())).isInstanceOf(InputException.class).hasMessageContaining("'zip'");
    }
}
