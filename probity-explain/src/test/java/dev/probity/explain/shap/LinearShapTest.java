package dev.probity.explain.shap;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineModel;
import dev.probity.models.pipeline.PipelineTrainer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LinearShapTest {
    /** The closed form equals exact enumeration of the interventional game on the model's log-odds. */
    @Test
    void closedFormEqualsExactEnumerationOnTheLogOdds() {
        List<String> features = List.of("age", "workclass", "education_num", "sex", "hours_per_week", "marital_status");
        Frame train = Datasets.load("adult");
        PipelineModel m = new PipelineTrainer(LinearTrainer.logistic())
                .fit(new TrainingSet(train, features, Labels.fromColumn(train, "income", ">50K"), null, 1));
        Frame background = train.head(15);
        Frame rows = Datasets.load("adult-test").head(5);
        List<Explanation> linear = new LinearShap(m, background).explain(rows);
        FeatureSpace space = FeatureSpace.of(features, train, rows);
        Predictor p = Predictors.of(m, space);
        Predictor logOdds = (r, n, out) -> {
            p.predict(r, n, out);
            for (int i = 0; i < n; i++) {
                out[i] = Math.log(out[i] / (1 - out[i]));
            }
        };
        Background bg = Background.all(space.encode(background), 15, features.size());
        double[] x = space.encode(rows);
        for (int r = 0; r < 5; r++) {
            double[] xr = java.util.Arrays.copyOfRange(x, r * 6, r * 6 + 6);
            double[] exact = ExactShap.values(logOdds, bg, xr, Coalitions.singletons(6), null);
            for (int j = 0; j < 6; j++) {
                assertThat(linear.get(r).values()[j]).isCloseTo(exact[j], within(1e-9));
            }
            double sum = linear.get(r).base();
            for (double v : linear.get(r).values()) {
                sum += v;
            }
            assertThat(sum).isCloseTo(linear.get(r).prediction(), within(1e-12));
        }
    }
}
