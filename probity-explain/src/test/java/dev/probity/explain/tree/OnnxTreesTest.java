package dev.probity.explain.tree;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** scikit-learn forests and boosting exported to ONNX (probity-models' committed fixtures), explained by TreeSHAP. */
class OnnxTreesTest {
    static final List<String> NUMERIC = List.of("age", "education_num", "capital_gain", "capital_loss", "hours_per_week");
    static final Path FIXTURES = Path.of(System.getProperty("probity.repo", "..")).resolve("probity-models/src/test/resources/fixtures/onnx");

    static double[] dense(Frame f) {
        int n = f.rowCount();
        double[] out = new double[n * NUMERIC.size()];
        for (int j = 0; j < NUMERIC.size(); j++) {
            for (int i = 0; i < n; i++) {
                out[i * NUMERIC.size() + j] = ((Number) f.column(NUMERIC.get(j)).get(i)).doubleValue();
            }
        }
        return out;
    }

    static double[][] expected(String name) throws Exception {
        List<String> lines = Files.readAllLines(FIXTURES.resolve(name));
        double[][] out = new double[lines.size() - 1][];
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            out[i - 1] = new double[f.length];
            for (int j = 0; j < f.length; j++) {
                out[i - 1][j] = Double.parseDouble(f[j]);
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"forest-tensor", "boosting-regressor"})
    void treesReproduceScikitLearnAndTreeShapAddsUpAndMatchesBruteForce(String name) throws Exception {
        Frame train = Datasets.load("adult").head(5000);
        double[] cover = dense(train);
        TreeEnsemble e = OnnxTrees.parse(name, Files.readAllBytes(FIXTURES.resolve(name + ".onnx")), NUMERIC, cover, train.rowCount());
        double[] x = dense(Datasets.load("adult-test").head(200));
        double[][] expected = expected(name + "-expected.csv");
        int column = name.startsWith("forest") ? 1 : 0;
        int p = NUMERIC.size();
        for (int i = 0; i < 200; i++) {
            double[] row = java.util.Arrays.copyOfRange(x, i * p, i * p + p);
            assertThat(e.margin(row)[0]).as("row %d", i).isCloseTo(expected[i][column], within(1e-5));
        }
        Attributions a = new TreeShap(e, 2).explain(x, 200);
        for (int i = 0; i < 5; i++) {
            double[] row = java.util.Arrays.copyOfRange(x, i * p, i * p + p);
            double[] bf = BruteForce.shapley(p, s -> {
                double v = 0;
                for (int t = 0; t < e.trees(); t++) {
                    v += BruteForce.pathDependent(e, t, row, s);
                }
                return v;
            });
            for (int j = 0; j < p; j++) {
                assertThat(a.get(i, 0, j)).isCloseTo(bf[j], within(1e-9));
            }
        }
    }

    @Test
    void aGraphWithoutTreesAndMissingCoverDataAreNamed() throws Exception {
        Path logistic = FIXTURES.resolve("logistic-zipmap.onnx");
        assertThatThrownBy(() -> OnnxTrees.parse("logistic", Files.readAllBytes(logistic), NUMERIC, new double[0], 0))
                .isInstanceOf(InputException.class).hasMessageContaining("unsupported tree format");
        Path forest = FIXTURES.resolve("forest-tensor.onnx");
        assertThatThrownBy(() -> OnnxTrees.parse("forest", Files.readAllBytes(forest), NUMERIC, new double[0], 0))
                .isInstanceOf(InputException.class).hasMessageContaining("no training cover");
    }
}
