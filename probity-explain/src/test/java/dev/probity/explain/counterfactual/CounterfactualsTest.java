package dev.probity.explain.counterfactual;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;
import dev.probity.explain.shap.FeatureSpace;
import dev.probity.explain.shap.Predictor;
import dev.probity.explain.shap.Predictors;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineModel;
import dev.probity.models.pipeline.PipelineTrainer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CounterfactualsTest {
    static final List<String> FEATURES = List.of("age", "workclass", "education", "education_num", "marital_status", "occupation",
            "relationship", "race", "sex", "capital_gain", "capital_loss", "hours_per_week", "native_country");

    /** On the Adult logistic regression every counterfactual flips the decision, as the model itself scores it, and keeps the immutables. */
    @Test
    void adultCounterfactualsFlipAndRespectImmutables() {
        Frame train = Datasets.load("adult");
        PipelineModel model = new PipelineTrainer(LinearTrainer.logistic())
                .fit(new TrainingSet(train, FEATURES, Labels.fromColumn(train, "income", ">50K"), null, 1));
        Frame test = Datasets.load("adult-test").head(300);
        FeatureSpace space = FeatureSpace.of(FEATURES, train, test);
        double[] trainRows = space.encode(train);
        double[] rows = space.encode(test);
        Predictor f = Predictors.of(model, space);
        Counterfactuals search = new Counterfactuals(space, trainRows, train.rowCount(), 20, 0.5);
        Constraints c = new Constraints(space).immutable("race").immutable("sex").immutable("age").immutable("native_country")
                .monotone("education_num", "increase");
        int m = space.size();
        int explained = 0;
        int found = 0;
        double[] scores = model.score(test);
        for (int r = 0; r < 300 && explained < 25; r++) {
            if (scores[r] >= 0.5) {
                continue;
            }
            explained++;
            double[] x = java.util.Arrays.copyOfRange(rows, r * m, r * m + m);
            List<Counterfactuals.Counterfactual> cfs = search.find(f, x, c, 3);
            for (Counterfactuals.Counterfactual cf : cfs) {
                found++;
                // re-score through the model's own frame path, independent of the explainer's fast path
                double p = model.score(space.toFrame(cf.row(), 1))[0];
                assertThat(p).as("row %d counterfactual %s", r, cf.changed()).isGreaterThanOrEqualTo(0.5);
                for (String immutable : List.of("race", "sex", "age", "native_country")) {
                    int j = space.names().indexOf(immutable);
                    assertThat(cf.row()[j]).isEqualTo(x[j]);
                }
                int edu = space.names().indexOf("education_num");
                assertThat(cf.row()[edu]).isGreaterThanOrEqualTo(x[edu]);
            }
            if (cfs.size() > 1) {
                assertThat(cfs.get(0).changed().get(0)).isNotEqualTo(cfs.get(1).changed().get(0));
            }
        }
        assertThat(explained).isEqualTo(25);
        assertThat(found).isGreaterThanOrEqualTo(25);
    }

    @Test
    void constraintsNameUnknownFeaturesAndBadRanges() {
        Frame train = Datasets.load("german");
        FeatureSpace space = FeatureSpace.of(List.of("age", "purpose"), train);
        assertThatThrownBy(() -> new Constraints(space).immutable("salary")).isInstanceOf(InputException.class)
                .hasMessageContaining("no feature 'salary'");
        assertThatThrownBy(() -> new Constraints(space).range("purpose", 0, 1)).isInstanceOf(InputException.class)
                .hasMessageContaining("text");
        assertThatThrownBy(() -> new Constraints(space).range("age", 50, 20)).isInstanceOf(InputException.class)
                .hasMessageContaining("empty");
    }
}
