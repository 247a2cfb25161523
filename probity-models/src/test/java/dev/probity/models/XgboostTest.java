package dev.probity.models;

import dev.probity.core.InputException;
import dev.probity.core.model.TaskKind;
import dev.probity.core.model.TrainingSet;
import dev.probity.models.pipeline.PipelineModel;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.models.xgboost.XgbModels;
import dev.probity.models.xgboost.XgbTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class XgboostTest {
    @ParameterizedTest
    @ValueSource(strings = {"adult-numeric.json", "adult-numeric.ubj"})
    void loadedModelsPredictAsXgboostDid(String file) {
        PipelineModel m = XgbModels.load(Fixtures.path("xgboost/" + file), null);
        assertThat(m.info().output()).isEqualTo(TaskKind.BINARY);
        assertThat(m.info().features()).extracting(f -> f.name())
                .containsExactly("age", "education_num", "capital_gain", "capital_loss", "hours_per_week");
        double[] p = m.score(AdultFixture.TEST.head(200));
        double[][] expected = Fixtures.csv("xgboost/adult-numeric-expected.csv");
        for (int i = 0; i < expected.length; i++) {
            assertThat(p[i]).as("row %d", i).isCloseTo(expected[i][0], within(1e-6));
        }
    }

    @Test
    void featureNamesMustMatchTheModelsWidth() {
        assertThatThrownBy(() -> XgbModels.load(Fixtures.path("xgboost/adult-numeric.json"), List.of("age")))
                .isInstanceOf(InputException.class).hasMessageContaining("reads 5 features but 1 names");
    }

    @Test
    void aFileThatIsNotAModelIsABadInput() {
        assertThatThrownBy(() -> XgbModels.load(Fixtures.path("xgboost/adult-numeric-expected.csv"), null))
                .isInstanceOf(InputException.class).hasMessageContaining("not an XGBoost model");
    }

    @Test
    void trainsWithWeightsAndEarlyStoppingReproducibly() {
        TrainingSet train = AdultFixture.training();
        double[] w = new double[train.rows()];
        java.util.Arrays.fill(w, 1);
        for (int i = 0; i < w.length; i += 3) {
            w[i] = 0; // a third of the rows do not count
        }
        PipelineTrainer t = new PipelineTrainer(XgbTrainer.defaults().rounds(400));
        PipelineModel a = t.fit(train.with(train.labels(), w), AdultFixture.TEST, AdultFixture.labels(AdultFixture.TEST));
        PipelineModel b = t.fit(train.with(train.labels(), w), AdultFixture.TEST, AdultFixture.labels(AdultFixture.TEST));
        double[] pa = a.score(AdultFixture.TEST);
        double[] pb = b.score(AdultFixture.TEST);
        assertThat(pa).containsExactly(pb);
        var booster = ((dev.probity.models.xgboost.XgbEstimator) a.estimator()).booster();
        int rounds;
        try {
            rounds = booster.getNumBoostedRound();
        } catch (ml.dmlc.xgboost4j.java.XGBoostError e) {
            throw new AssertionError(e);
        }
        assertThat(rounds).as("early stopping ends before 400 rounds").isLessThan(400);
        double acc = 0;
        var y = AdultFixture.labels(AdultFixture.TEST).codes();
        for (int i = 0; i < pa.length; i++) {
            acc += (pa[i] >= 0.5 ? 1 : 0) == y[i] ? 1 : 0;
        }
        assertThat(acc / pa.length).isGreaterThan(0.86);
    }
}
