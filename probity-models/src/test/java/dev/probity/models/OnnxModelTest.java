package dev.probity.models;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.TaskKind;
import dev.probity.core.model.Probabilities;
import dev.probity.models.onnx.OnnxModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The ONNX adapter against scikit-learn's own predictions (fixtures from make_fixtures.py). */
class OnnxModelTest {
    static final List<String> NUMERIC = List.of("age", "education_num", "capital_gain", "capital_loss", "hours_per_week");
    static final Frame ROWS = AdultFixture.TEST.head(200);

    @ParameterizedTest
    @ValueSource(strings = {"logistic-zipmap", "forest-tensor", "pipeline-columns"})
    void classifiersGiveScikitLearnsProbabilities(String name) {
        List<String> features = name.equals("pipeline-columns") ? null : NUMERIC;
        try (OnnxModel m = OnnxModel.load(Fixtures.path("onnx/" + name + ".onnx"), features, null)) {
            assertThat(m.info().output()).isEqualTo(TaskKind.BINARY);
            assertThat(m.info().classes()).containsExactly("0", "1");
            Probabilities p = m.predictProba(ROWS);
            double[][] expected = Fixtures.csv("onnx/" + name + "-expected.csv");
            for (int i = 0; i < expected.length; i++) {
                assertThat(p.get(i, 0)).as("row %d", i).isCloseTo(expected[i][0], within(1e-6));
                assertThat(p.get(i, 1)).as("row %d", i).isCloseTo(expected[i][1], within(1e-6));
            }
        }
    }

    @Test
    void regressorGivesScikitLearnsValues() {
        try (OnnxModel m = OnnxModel.load(Fixtures.path("onnx/boosting-regressor.onnx"), NUMERIC, null)) {
            assertThat(m.info().output()).isEqualTo(TaskKind.REGRESSION);
            double[] v = m.predict(ROWS);
            double[][] expected = Fixtures.csv("onnx/boosting-regressor-expected.csv");
            for (int i = 0; i < expected.length; i++) {
                assertThat(v[i]).as("row %d", i).isCloseTo(expected[i][0], within(1e-6));
            }
        }
    }

    @Test
    void aTensorModelWithoutFeatureNamesAsksForThem() {
        assertThatThrownBy(() -> OnnxModel.load(Fixtures.path("onnx/logistic-zipmap.onnx"), null, null))
                .isInstanceOf(InputException.class).hasMessageContaining("give them in order ('features')")
                .satisfies(e -> assertThat(((InputException) e).message(k -> "--" + k)).contains("(--features)")
                        .doesNotContain("{{"));
    }

    @Test
    void theWrongNumberOfFeaturesIsNamed() {
        assertThatThrownBy(() -> OnnxModel.load(Fixtures.path("onnx/logistic-zipmap.onnx"), List.of("age", "hours_per_week"), null))
                .isInstanceOf(InputException.class).hasMessageContaining("has 5 columns but 2 feature names");
    }

    @Test
    void dataWithoutAModelColumnIsRejectedByName() {
        try (OnnxModel m = OnnxModel.load(Fixtures.path("onnx/pipeline-columns.onnx"), null, null)) {
            Frame noSex = Frame.of(ROWS.column("age"), ROWS.column("education_num"), ROWS.column("capital_gain"),
                    ROWS.column("capital_loss"), ROWS.column("hours_per_week"));
            assertThatThrownBy(() -> m.predictProba(noSex)).isInstanceOf(InputException.class)
                    .hasMessageContaining("column 'sex'");
        }
    }

    @Test
    void aFileThatIsNotOnnxIsABadInput() {
        assertThatThrownBy(() -> OnnxModel.load(Fixtures.path("onnx/forest-tensor-expected.csv"), NUMERIC, null))
                .isInstanceOf(InputException.class).hasMessageContaining("ONNX Runtime cannot load");
    }
}
