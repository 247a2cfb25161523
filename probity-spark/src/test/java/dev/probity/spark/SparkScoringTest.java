package dev.probity.spark;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;
import dev.probity.explain.ExplainMethod;
import dev.probity.explain.ExplainResult;
import dev.probity.explain.ExplainSettings;
import dev.probity.explain.Explainers;
import dev.probity.models.io.ModelFiles;
import dev.probity.models.pipeline.PipelineModel;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.models.tree.TreeTrainer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scoring and TreeSHAP on the executors equal the model and Explainers on the same rows in memory. */
class SparkScoringTest {
    static SparkSession spark;
    static Frame compas;
    static PipelineModel model;
    static byte[] file;
    static final List<String> FEATURES = List.of("age", "priors_count", "juv_fel_count", "sex", "c_charge_degree");

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = SparkTables.local("SparkScoringTest");
        compas = Datasets.load("compas");
        model = new PipelineTrainer(TreeTrainer.defaults().maxDepth(5).minSamplesLeaf(20))
                .fit(new TrainingSet(compas, FEATURES, Labels.fromColumn(compas, "two_year_recid", "1"), null, 0));
        file = ModelFiles.toBytes(new ModelFiles.Content(model, Map.of()));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void predictionsScoresAndTreeShapEqualTheLibrarysInMemory() {
        Dataset<Row> scored = SparkScoring.score(SparkTables.dataset(spark, compas, 7), file, true);
        Path out = dir.resolve("scored.parquet");
        scored.select("id", "prediction", "score", "shap_base", "shap_age", "shap_priors_count", "shap_juv_fel_count",
                "shap_sex", "shap_c_charge_degree").write().parquet(out.toString());
        List<Row> back = spark.read().parquet(out.toString()).orderBy("id").collectAsList();
        double[] pred = model.predict(compas);
        double[] score = model.score(compas);
        ExplainResult shap = Explainers.explain(model, compas, null, IntStream.range(0, compas.rowCount()).boxed().toList(),
                ExplainMethod.TREE_SHAP, ExplainSettings.defaults());
        assertThat(back).hasSize(compas.rowCount());
        // the frame's rows are in id order
        for (int i = 0; i < compas.rowCount(); i++) {
            Row r = back.get(i);
            assertThat(r.getLong(0)).isEqualTo(((Number) compas.column("id").get(i)).longValue());
            assertThat(r.getString(1)).isEqualTo(model.info().classes().get((int) pred[i]));
            assertThat(r.getDouble(2)).isEqualTo(score[i]);
            var e = shap.rows().get(i).explanation();
            assertThat(r.getDouble(3)).isEqualTo(e.base());
            for (int j = 0; j < FEATURES.size(); j++) {
                assertThat(r.getDouble(4 + j)).as("row %d, %s", i, FEATURES.get(j))
                        .isEqualTo(e.values()[e.features().indexOf(FEATURES.get(j))]);
            }
        }
    }

    @Test
    void aModelReadingAColumnTheDataLackIsRefusedOnTheDriver() {
        Dataset<Row> d = SparkTables.dataset(spark, compas, 2).drop("priors_count");
        assertThatThrownBy(() -> SparkScoring.score(d, file, false)).isInstanceOf(InputException.class)
                .hasMessageContaining("'priors_count'");
    }
}
