package dev.probity.spark;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.report.json.AuditJson;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The spark-submit job: Parquet in, probity.audit/v1 JSON out, equal to the in-memory audit read back. */
class AuditJobTest {
    static SparkSession spark;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = SparkTables.local("AuditJobTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void auditsAParquetTableAndWritesItsJson() throws Exception {
        Frame compas = Datasets.load("compas");
        Path parquet = dir.resolve("compas.parquet");
        SparkTables.dataset(spark, compas, 3).write().parquet(parquet.toString());
        Path out = dir.resolve("audit.json");
        AuditJob.Options o = AuditJob.Options.parse(new String[] {"--input", parquet.toString(), "--label", "two_year_recid",
                "--prediction", "decile_score >= 5", "--protected", "race,sex", "--where", Datasets.PROPUBLICA_FILTER,
                "--reference", "race=Caucasian", "--bootstrap", "100", "--seed", "4", "--output", out.toString()});
        AuditJob.run(spark, o);
        AuditResult written = AuditJson.read(Files.readAllBytes(out), out.toString());
        AuditSpec spec = AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5")
                .protectedAttributes("race", "sex").where(Datasets.PROPUBLICA_FILTER).reference("race", "Caucasian")
                .bootstrap(100).seed(4).build();
        AuditResult memory = Audit.run(compas, spec);
        assertThat(written.input().engine()).isEqualTo("spark");
        // through the JSON, numbers keep every digit: the result read back is the in-memory one
        assertThat(memory.differenceFrom(written, 1e-12)).isNull();
        assertThat(written.attribute("race").reference()).isEqualTo("Caucasian");
    }

    @Test
    void readsTheCompasCsvWithItsRepeatedHeaderNamedAsProbityNamesIt() throws Exception {
        Path csv = Path.of("../data/compas/compas-scores-two-years-extract.csv").toAbsolutePath();
        Path out = dir.resolve("csv-audit.json");
        byte[] before = java.nio.file.Files.readAllBytes(csv);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuditJob.run(spark, AuditJob.Options.parse(new String[] {"--input",
                csv.toString(), "--label", "two_year_recid", "--prediction", "decile_score_1 >= 5", "--protected", "race", "--output",
                csv.getParent().resolve(".").resolve(csv.getFileName()).toString()}))).isInstanceOf(dev.probity.core.InputException.class)
                .hasMessageContaining("would destroy the input");
        org.assertj.core.api.Assertions.assertThat(java.nio.file.Files.readAllBytes(csv)).isEqualTo(before);
        AuditJob.run(spark, AuditJob.Options.parse(new String[] {"--input", csv.toString(), "--label", "two_year_recid",
                "--prediction", "decile_score_1 >= 5", "--protected", "race", "--output", out.toString()}));
        AuditResult written = AuditJson.read(Files.readAllBytes(out), out.toString());
        AuditResult memory = Audit.run(Datasets.load("compas"), AuditSpec.builder().label("two_year_recid")
                .prediction("decile_score_1 >= 5").protectedAttributes("race").build());
        assertThat(memory.differenceFrom(written, 1e-12)).isNull();
    }

    @Test
    void theRunIsRecordedInTheEvidenceLogWhenAsked() throws Exception {
        Path log = dir.resolve("log");
        dev.probity.ledger.Ledger.create(log, "probity.example/spark-test").close();
        Path csv = Path.of("../data/compas/compas-scores-two-years-extract.csv").toAbsolutePath();
        Path out = dir.resolve("recorded.json");
        AuditJob.run(spark, AuditJob.Options.parse(new String[] {"--input", csv.toString(), "--label", "two_year_recid",
                "--prediction", "decile_score_1 >= 5", "--protected", "sex", "--output", out.toString(),
                "--ledger", log.toString(), "--actor", "analyst@bank"}));
        try (var l = dev.probity.ledger.Ledger.open(log)) {
            assertThat(l.size()).isEqualTo(1);
            String event = new String(l.entry(0), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(event).contains("analyst@bank").contains("spark-audit")
                    .contains(dev.probity.ledger.Evidence.sha256(csv)).contains(dev.probity.ledger.Evidence.sha256(out));
        }
        assertThatThrownBy(() -> AuditJob.run(spark, AuditJob.Options.parse(new String[] {"--input", csv.toString(),
                "--label", "two_year_recid", "--prediction", "decile_score_1 >= 5", "--protected", "sex", "--output", "-",
                "--ledger", dir.resolve("nothing").toString()}))).isInstanceOf(InputException.class)
                .hasMessageContaining("is not an evidence log");
    }

    @Test
    void optionsAreCheckedBeforeSparkIsAsked() {
        assertThatThrownBy(() -> AuditJob.Options.parse(new String[] {"--label", "y", "--output", "-"}))
                .isInstanceOf(InputException.class).hasMessageContaining("--input PATH or --table NAME");
        assertThatThrownBy(() -> AuditJob.Options.parse(new String[] {"--input", "x", "--bootstrap", "many", "--output", "-"}))
                .isInstanceOf(InputException.class).hasMessageContaining("--bootstrap takes a whole number");
        assertThatThrownBy(() -> AuditJob.Options.parse(new String[] {"--input", "x", "--colour", "red"}))
                .isInstanceOf(InputException.class).hasMessageContaining("unknown option --colour");
    }
}
