package dev.probity.models;

import dev.probity.core.InputException;
import dev.probity.core.model.Model;
import dev.probity.models.eval.ClassificationReport;
import dev.probity.models.io.ModelFiles;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.MatrixTrainer;
import dev.probity.models.pipeline.PipelineModel;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.models.tree.TreeTrainer;
import dev.probity.models.xgboost.XgbTrainer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelFilesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"logistic", "tree", "xgboost"})
    void savedModelsPredictTheSameAndSaveToTheSameBytes(String algorithm) throws Exception {
        MatrixTrainer t = switch (algorithm) {
            case "logistic" -> LinearTrainer.logistic();
            case "tree" -> TreeTrainer.defaults();
            default -> XgbTrainer.defaults().rounds(20);
        };
        PipelineModel m = new PipelineTrainer(t).fit(AdultFixture.training());
        ModelFiles.Provenance prov = new ModelFiles.Provenance("adult", ModelFiles.contentHash(AdultFixture.TRAIN),
                AdultFixture.TRAIN.rowCount(), AdultFixture.FEATURES, "income", m.info().parameters(), 42,
                ModelFiles.libraries(), Map.of("train", Map.of("accuracy", 0.85)));
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        ModelFiles.save(m, prov, a);
        ModelFiles.save(m, prov, b);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        Model loaded = ModelFiles.load(a, null);
        assertThat(loaded.score(AdultFixture.TEST)).containsExactly(m.score(AdultFixture.TEST));
        assertThat(ModelFiles.provenance(a).dataSha256()).hasSize(64);
        assertThat(loaded.info().classes()).containsExactly("not >50K", ">50K");
    }

    @Test
    void aFileOfAnotherKindIsNamed() throws Exception {
        Path f = dir.resolve("x.json");
        Files.writeString(f, "{\"hello\": 1}");
        assertThatThrownBy(() -> ModelFiles.load(f, null)).isInstanceOf(InputException.class)
                .hasMessageContaining("neither a Probity model");
        assertThatThrownBy(() -> ModelFiles.load(dir.resolve("missing.json"), null)).isInstanceOf(InputException.class)
                .hasMessageContaining("no such model file");
    }

    @Test
    void treeLearnsAnInteractionAndReportsMatchHandCounts() {
        // label = 1 exactly when x > 5 and z = "b": a depth-2 tree separates it
        int n = 200;
        double[] x = new double[n];
        String[] z = new String[n];
        String[] y = new String[n];
        for (int i = 0; i < n; i++) {
            x[i] = i % 10;
            z[i] = i % 3 == 0 ? "b" : "a";
            y[i] = x[i] > 5 && z[i].equals("b") ? "1" : "0";
        }
        var f = dev.probity.core.frame.Frame.of(dev.probity.core.frame.DoubleColumn.of("x", x),
                dev.probity.core.frame.StringColumn.of("z", z), dev.probity.core.frame.StringColumn.of("y", y));
        var labels = dev.probity.core.model.Labels.fromColumn(f, "y", "1");
        PipelineModel m = new PipelineTrainer(TreeTrainer.defaults().maxDepth(2).minSamplesLeaf(1))
                .fit(new dev.probity.core.model.TrainingSet(f, List.of("x", "z"), labels, null, 0));
        var tree = (dev.probity.models.tree.TreeEstimator) m.estimator();
        assertThat(tree.depth()).isEqualTo(2);
        ClassificationReport r = ClassificationReport.of("toy", labels.classes(), labels.codes(), m.predictProba(f));
        assertThat(r.accuracy()).isEqualTo(1.0);
        assertThat(r.rocAuc()).isEqualTo(1.0);
        assertThat(r.confusion()[1][1]).isEqualTo(r.rows().get(1).support());
    }

    @Test
    void aucCountsTiesAsHalf() {
        // positives 0.8, 0.5; negatives 0.5, 0.2: pairs (0.8>0.5)(0.8>0.2)(0.5=0.5)(0.5>0.2) = 3.5 / 4
        assertThat(ClassificationReport.auc(new double[] {0.8, 0.5, 0.5, 0.2}, new int[] {1, 1, 0, 0}, 1)).isEqualTo(0.875);
    }
}
