package dev.probity.models;

import dev.probity.core.InputException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.model.DataFingerprint;
import dev.probity.core.model.Model;
import dev.probity.core.model.Provenance;
import dev.probity.models.onnx.OnnxModel;
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
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        Map<String, Map<String, Double>> evaluation = Map.of("train", Map.of("accuracy", 0.85));
        ModelFiles.save(m, evaluation, a);
        ModelFiles.save(m, evaluation, b);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        ModelFiles.Content read = ModelFiles.read(a);
        Model loaded = read.model();
        assertThat(loaded.score(AdultFixture.TEST)).containsExactly(m.score(AdultFixture.TEST));
        assertThat(loaded.info().classes()).containsExactly("not >50K", ">50K");
        assertThat(read.evaluation()).isEqualTo(evaluation);
        // read, then written again: the same bytes
        assertThat(ModelFiles.toBytes(read)).isEqualTo(Files.readAllBytes(a));
        // the provenance the trainer recorded travels with the model
        Provenance p = loaded.provenance();
        assertThat(p).isEqualTo(m.provenance());
        assertThat(p.step()).isEqualTo(Provenance.TRAIN);
        assertThat(p.method()).isEqualTo(t.algorithm());
        assertThat(p.data().sha256()).isEqualTo(DataFingerprint.of(AdultFixture.TRAIN).sha256());
        assertThat(p.data().rows()).isEqualTo(AdultFixture.TRAIN.rowCount());
        assertThat(p.features()).isEqualTo(AdultFixture.FEATURES);
        assertThat(p.label()).isEqualTo("income");
        assertThat(p.libraries()).containsKeys("probity", "java", "onnxruntime", "xgboost4j");
    }

    /** The fingerprint changes with any value, and not with how the table was read. */
    @Test
    void theDataFingerprintSeesEveryValue() {
        DataFingerprint a = DataFingerprint.of(AdultFixture.TRAIN);
        assertThat(DataFingerprint.of(AdultFixture.TRAIN.head(AdultFixture.TRAIN.rowCount()))).isEqualTo(a);
        assertThat(DataFingerprint.of(AdultFixture.TRAIN.head(100)).sha256()).isNotEqualTo(a.sha256());
        var f1 = dev.probity.core.frame.Frame.of(dev.probity.core.frame.LongColumn.of("x", 1, 2));
        var f2 = dev.probity.core.frame.Frame.of(dev.probity.core.frame.LongColumn.of("x", 1, 3));
        assertThat(DataFingerprint.of(f1).sha256()).isNotEqualTo(DataFingerprint.of(f2).sha256());
    }

    /** A file written before model kinds (no "kind", provenance with dataSha256 and metrics) still loads. */
    @Test
    void filesFromBeforeKindsStillLoad() throws Exception {
        PipelineModel m = new PipelineTrainer(LinearTrainer.logistic()).fit(AdultFixture.training());
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(ModelFiles.toBytes(new ModelFiles.Content(m, Map.of())));
        root.remove("kind");
        ObjectNode legacy = json.createObjectNode();
        legacy.put("data", "adult.data");
        legacy.put("dataSha256", m.provenance().data().sha256());
        legacy.put("rows", 32561);
        legacy.set("features", json.valueToTree(AdultFixture.FEATURES));
        legacy.put("label", "income");
        legacy.set("parameters", json.valueToTree(Map.of("C", 1.0)));
        legacy.put("seed", 42);
        legacy.set("libraries", json.valueToTree(Map.of("probity", "0.1.0")));
        legacy.set("metrics", json.valueToTree(Map.of("train", Map.of("accuracy", 0.85))));
        root.set("provenance", legacy);
        Path f = dir.resolve("legacy.json");
        Files.write(f, json.writeValueAsBytes(root));
        ModelFiles.Content c = ModelFiles.read(f);
        assertThat(c.model().score(AdultFixture.TEST)).containsExactly(m.score(AdultFixture.TEST));
        assertThat(c.evaluation()).containsEntry("train", Map.of("accuracy", 0.85));
        assertThat(c.model().provenance().data().sha256()).isEqualTo(m.provenance().data().sha256());
        assertThat(c.model().provenance().seed()).isEqualTo(42);
    }

    /** An ONNX model saved inside a Probity model file reloads to the same predictions. */
    @Test
    void onnxModelsTravelInsideTheModelFile() {
        List<String> numeric = List.of("age", "education_num", "capital_gain", "capital_loss", "hours_per_week");
        try (OnnxModel m = OnnxModel.load(Fixtures.path("onnx/forest-tensor.onnx"), numeric, null)) {
            Path f = dir.resolve("onnx.json");
            ModelFiles.save(m, f);
            Model back = ModelFiles.load(f, null);
            assertThat(back.score(AdultFixture.TEST.head(300))).containsExactly(m.score(AdultFixture.TEST.head(300)));
            assertThat(back.provenance().step()).isEqualTo(Provenance.LOAD);
            assertThat(back.provenance().parameters()).containsKey("file_sha256");
            assertThat(back.provenance()).isEqualTo(m.provenance());
            ((AutoCloseable) back).close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFileOfAnotherKindIsNamed() throws Exception {
        Path f = dir.resolve("x.json");
        Files.writeString(f, "{\"hello\": 1}");
        assertThatThrownBy(() -> ModelFiles.load(f, null)).isInstanceOf(InputException.class)
                .hasMessageContaining("neither a Probity model");
        Files.writeString(f, "{\"format\": \"probity.model/v1\", \"kind\": \"warp-drive\"}");
        assertThatThrownBy(() -> ModelFiles.load(f, null)).isInstanceOf(InputException.class)
                .hasMessageContaining("unknown model kind 'warp-drive'");
        Files.writeString(f, "{\"format\": \"probity.model/v1\", \"kind\": \"pipel");
        assertThatThrownBy(() -> ModelFiles.load(f, null)).isInstanceOf(InputException.class)
                .hasMessageContaining("the JSON ends before it is complete at line 1").hasMessageContaining("truncated");
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

    /** Found by fuzzing: a tree whose child points back to its parent sent the self-check round forever. */
    @Test
    void aTreeWithACycleIsRefusedNotFollowed() throws Exception {
        double[] x = new double[40];
        String[] y = new String[40];
        for (int i = 0; i < 40; i++) {
            x[i] = i;
            y[i] = i > 20 ? "1" : "0";
        }
        var f = dev.probity.core.frame.Frame.of(dev.probity.core.frame.DoubleColumn.of("x", x), dev.probity.core.frame.StringColumn.of("y", y));
        PipelineModel m = new PipelineTrainer(TreeTrainer.defaults().maxDepth(2))
                .fit(new dev.probity.core.model.TrainingSet(f, List.of("x"), dev.probity.core.model.Labels.fromColumn(f, "y", "1"), null, 0));
        String json = new String(ModelFiles.toBytes(new ModelFiles.Content(m, java.util.Map.of())), java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher left = java.util.regex.Pattern.compile("\"left\"\\s*:\\s*\\[\\s*(\\d+)").matcher(json);
        assertThat(left.find()).as(json).isTrue();
        String cyclic = json.substring(0, left.start(1)) + "0" + json.substring(left.end(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelFiles.fromBytes(cyclic.getBytes(java.nio.charset.StandardCharsets.UTF_8), "cyclic.json"))
                .isInstanceOf(dev.probity.core.InputException.class).hasMessageContaining("damaged");
    }
}
