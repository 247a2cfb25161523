package dev.probity.models;

import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;
import dev.probity.models.linear.LinearEstimator;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineModel;
import dev.probity.models.pipeline.PipelineTrainer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LogisticRegressionTest {
    @Test
    void adultProbabilitiesMatchScikitLearn() {
        PipelineModel m = new PipelineTrainer(LinearTrainer.logistic().tolerance(1e-9)).fit(AdultFixture.training());
        double[] p = m.score(AdultFixture.TEST.head(500));
        double[][] sk = Fixtures.csv("sklearn-adult-logistic.csv");
        double worst = 0;
        for (int i = 0; i < sk.length; i++) {
            worst = Math.max(worst, Math.abs(p[i] - sk[i][1]));
        }
        assertThat(worst).as("largest difference from scikit-learn over 500 rows").isLessThan(1e-4);
    }

    @Test
    void unpenalizedFitOnSeparableCountsGivesTheClosedFormLogOdds() {
        // one binary feature: the MLE is logit(P(y|x)) per level, i.e. intercept = logit(1/4), slope = logit(3/4) - logit(1/4)
        String[] x = {"a", "a", "a", "a", "b", "b", "b", "b"};
        String[] y = {"0", "0", "0", "1", "1", "1", "1", "0"};
        Frame f = Frame.of(StringColumn.of("x", x), StringColumn.of("y", y));
        TrainingSet t = new TrainingSet(f, List.of("x"), Labels.fromColumn(f, "y", "1"), null, 0);
        PipelineModel m = new PipelineTrainer(LinearTrainer.logistic().penalty(LinearTrainer.Penalty.NONE, 1).tolerance(1e-10)).fit(t);
        double[] p = m.score(f);
        assertThat(p[0]).isCloseTo(0.25, within(1e-6));
        assertThat(p[4]).isCloseTo(0.75, within(1e-6));
    }

    @Test
    void weightsActLikeRepeatedRows() {
        Frame f = Frame.of(DoubleColumn.of("x", 0, 1, 2, 3, 4, 5), StringColumn.of("y", "0", "0", "1", "0", "1", "1"));
        Frame repeated = Frame.of(DoubleColumn.of("x", 0, 1, 1, 2, 3, 4, 5, 5, 5), StringColumn.of("y", "0", "0", "0", "1", "0", "1", "1", "1", "1"));
        LinearTrainer lr = LinearTrainer.logistic().tolerance(1e-10);
        PipelineModel weighted = new PipelineTrainer(lr, dev.probity.models.encode.EncodingSpec.linear().withOverride("x", "raw"))
                .fit(new TrainingSet(f, List.of("x"), Labels.fromColumn(f, "y", "1"), new double[] {1, 2, 1, 1, 1, 3}, 0));
        PipelineModel copies = new PipelineTrainer(lr, dev.probity.models.encode.EncodingSpec.linear().withOverride("x", "raw"))
                .fit(new TrainingSet(repeated, List.of("x"), Labels.fromColumn(repeated, "y", "1"), null, 0));
        assertThat(weighted.score(f)).usingComparatorWithPrecision(1e-6).containsExactly(copies.score(f));
    }

    @Test
    void l1PenaltyZeroesWeakCoefficients() {
        LinearTrainer l1 = LinearTrainer.logistic().penalty(LinearTrainer.Penalty.L1, 0.001);
        PipelineModel m = new PipelineTrainer(l1).fit(AdultFixture.training());
        double[] coef = ((LinearEstimator) m.estimator()).coef();
        long zeros = java.util.Arrays.stream(coef).filter(c -> c == 0).count();
        assertThat(zeros).as("exact zeros among %d coefficients", coef.length).isGreaterThan(coef.length / 2);
        assertThat(zeros).isLessThan(coef.length);
    }

    @Test
    void multinomialProbabilitiesSumToOneAndFitTheData() {
        // three well separated classes on one feature
        double[] x = new double[90];
        String[] y = new String[90];
        for (int i = 0; i < 90; i++) {
            x[i] = i / 30 * 10 + (i % 30) / 10.0;
            y[i] = "c" + (i / 30);
        }
        Frame f = Frame.of(DoubleColumn.of("x", x), StringColumn.of("y", y));
        TrainingSet t = new TrainingSet(f, List.of("x"), Labels.fromColumn(f, "y", null), null, 0);
        PipelineModel m = new PipelineTrainer(LinearTrainer.logistic()).fit(t);
        assertThat(m.info().classes()).containsExactly("c0", "c1", "c2");
        var p = m.predictProba(f);
        double[] pred = m.predict(f);
        for (int i = 0; i < 90; i++) {
            assertThat(p.get(i, 0) + p.get(i, 1) + p.get(i, 2)).isCloseTo(1, within(1e-12));
            assertThat(pred[i]).isEqualTo(i / 30);
        }
    }

    @Test
    void sameInputSameBytes() {
        PipelineModel a = new PipelineTrainer(LinearTrainer.logistic().threads(1)).fit(AdultFixture.training());
        PipelineModel b = new PipelineTrainer(LinearTrainer.logistic().threads(2)).fit(AdultFixture.training());
        assertThat(((LinearEstimator) a.estimator()).coef()).containsExactly(((LinearEstimator) b.estimator()).coef());
    }
}
