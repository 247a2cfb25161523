package dev.probity.explain.shap;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.MatrixTrainer;
import dev.probity.models.pipeline.PipelineModel;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.models.tree.TreeTrainer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The fast predictors give exactly what the model gives through its own frame path. */
class PredictorsTest {
    static final List<String> FEATURES = List.of("age", "workclass", "education", "education_num", "marital_status", "occupation",
            "relationship", "race", "sex", "capital_gain", "capital_loss", "hours_per_week", "native_country");

    @ParameterizedTest
    @ValueSource(strings = {"logistic", "tree"})
    void fastPathEqualsTheModel(String kind) {
        Frame train = Datasets.load("adult");
        MatrixTrainer t = kind.equals("logistic") ? LinearTrainer.logistic() : TreeTrainer.defaults();
        PipelineModel m = new PipelineTrainer(t).fit(new TrainingSet(train, FEATURES, Labels.fromColumn(train, "income", ">50K"), null, 1));
        Frame test = Datasets.load("adult-test").head(500);
        FeatureSpace space = FeatureSpace.of(FEATURES, train, test);
        double[] rows = space.encode(test);
        double[] fast = new double[500];
        Predictors.of(m, space).predict(rows, 500, fast);
        double[] direct = m.score(test);
        for (int i = 0; i < 500; i++) {
            assertThat(fast[i]).as("row %d", i).isCloseTo(direct[i], within(1e-12));
        }
        // and the space round-trips through frames
        double[] again = m.score(space.toFrame(rows, 500));
        assertThat(again).containsExactly(direct);
    }
}
