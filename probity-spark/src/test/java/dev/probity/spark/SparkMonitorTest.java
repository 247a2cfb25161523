package dev.probity.spark;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.monitor.window.Monitor;
import dev.probity.monitor.window.MonitorResult;
import dev.probity.monitor.window.Period;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drift over time windows on Spark equals Monitor.run over the same rows, whatever the partitioning. */
class SparkMonitorTest {
    static SparkSession spark;
    static Frame compas;
    static final Monitor.Spec SPEC = Monitor.Spec.of("compas_screening_date", Period.parse("1M"),
            List.of("decile_score", "age", "race", "priors_count", "c_charge_degree", "days_b_screening_arrest"), null);

    @BeforeAll
    static void start() {
        spark = SparkTables.local("SparkMonitorTest");
        compas = Datasets.load("compas");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {1, 7, 64})
    void compasMonthByMonthEqualsTheInMemoryMonitor(int partitions) {
        Frame reference = compas.head(1500);
        MonitorResult memory = Monitor.run(reference, compas, SPEC);
        MonitorResult onSpark = ProbitySpark.monitor(reference, SparkTables.dataset(spark, compas, partitions), SPEC, compas.source());
        assertThat(memory.windows()).hasSizeGreaterThan(12);
        assertThat(memory.alerts()).isNotEmpty();
        assertThat(onSpark).usingRecursiveComparison().withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class)
                .isEqualTo(memory);
    }

    @Test
    void timesAsSparkTimestampsAndDatesFallInTheSameWindows() {
        Frame reference = compas.head(1500);
        MonitorResult memory = Monitor.run(reference, compas, SPEC);
        spark.conf().set("spark.sql.session.timeZone", "UTC");
        var rows = SparkTables.dataset(spark, compas, 5);
        for (String f : List.of("to_timestamp", "to_date")) {
            var typed = rows.withColumn("compas_screening_date",
                    org.apache.spark.sql.functions.expr(f + "(compas_screening_date)"));
            assertThat(typed.schema().apply("compas_screening_date").dataType().typeName()).isIn("timestamp", "date");
            MonitorResult onSpark = ProbitySpark.monitor(reference, typed, SPEC, compas.source());
            assertThat(onSpark).usingRecursiveComparison().withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class)
                    .isEqualTo(memory);
        }
    }

    @Test
    void aBadTimeComesBackAsTheLibrarysError() {
        Monitor.Spec spec = Monitor.Spec.of("c_charge_degree", Period.parse("1M"), List.of("age"), null);
        assertThatThrownBy(() -> ProbitySpark.monitor(compas.head(100), SparkTables.dataset(spark, compas, 3), spec, "x"))
                .isInstanceOf(InputException.class).hasMessageContaining("not an ISO-8601 date");
    }
}
