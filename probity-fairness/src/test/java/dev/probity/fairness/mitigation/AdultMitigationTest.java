package dev.probity.fairness.mitigation;

import dev.probity.core.model.Model;
import dev.probity.fairness.mitigation.post.ThresholdOptimizer;
import dev.probity.fairness.mitigation.pre.Reweighing;
import dev.probity.fairness.mitigation.reductions.Constraint;
import dev.probity.fairness.mitigation.reductions.ExponentiatedGradient;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Adult acceptance figures of the mitigation methods, measured on adult.test with the audit's definitions. */
class AdultMitigationTest {
    static Model baseline;
    static double[] trainScores;
    static double[] testScores;
    static double baseAcc;
    static double baseDp;
    static double baseEo;
    static final int[] Y = AdultSetup.TEST_Y.codes();

    @BeforeAll
    static void baseline() {
        baseline = new PipelineTrainer(LinearTrainer.logistic()).fit(AdultSetup.training());
        trainScores = baseline.score(AdultSetup.TRAIN);
        testScores = baseline.score(AdultSetup.TEST);
        double[] pred = baseline.predict(AdultSetup.TEST);
        baseAcc = AdultSetup.accuracy(pred, Y);
        baseDp = AdultSetup.dpDifference(pred, AdultSetup.TEST_SEX);
        baseEo = AdultSetup.eoDifference(pred, Y, AdultSetup.TEST_SEX);
        System.out.printf("baseline: acc %.4f dp %.4f eo %.4f%n", baseAcc, baseDp, baseEo);
    }

    @Test
    void logisticBaseline() {
        assertThat(baseAcc).isGreaterThanOrEqualTo(0.85);
        assertThat(baseDp).isBetween(0.16, 0.20);
    }

    @Test
    void thresholdOptimizerForDemographicParity() {
        ThresholdOptimizer.Fitted f = new ThresholdOptimizer(Constraint.DEMOGRAPHIC_PARITY, ThresholdOptimizer.Objective.ACCURACY, true, 0)
                .fit(trainScores, AdultSetup.TRAIN_Y.codes(), AdultSetup.TRAIN_SEX);
        double[] pred = f.predict(testScores, AdultSetup.TEST_SEX, 7);
        double acc = AdultSetup.accuracy(pred, Y);
        double dp = AdultSetup.dpDifference(pred, AdultSetup.TEST_SEX);
        System.out.printf("threshold DP: acc %.4f dp %.4f rules %s%n", acc, dp, f.rules().stream().map(r -> r.group() + ": " + r.describe()).toList());
        assertThat(dp).isLessThanOrEqualTo(0.01);
        assertThat(acc).isGreaterThanOrEqualTo(0.828);
    }

    @Test
    void thresholdOptimizerForEqualizedOddsCutsTheGapFivefold() {
        ThresholdOptimizer.Fitted f = new ThresholdOptimizer(Constraint.EQUALIZED_ODDS, ThresholdOptimizer.Objective.ACCURACY, true, 0)
                .fit(trainScores, AdultSetup.TRAIN_Y.codes(), AdultSetup.TRAIN_SEX);
        double[] pred = f.predict(testScores, AdultSetup.TEST_SEX, 7);
        double eo = AdultSetup.eoDifference(pred, Y, AdultSetup.TEST_SEX);
        System.out.printf("threshold EO: acc %.4f eo %.4f (baseline %.4f)%n", AdultSetup.accuracy(pred, Y), eo, baseEo);
        assertThat(eo).isLessThanOrEqualTo(baseEo / 5);
    }

    @Test
    void exponentiatedGradientForEqualizedOddsCutsTheGapFivefold() {
        ExponentiatedGradient.Result r = new ExponentiatedGradient(Constraint.EQUALIZED_ODDS, 0.01, 1, 50)
                .fit(new PipelineTrainer(LinearTrainer.logistic()), AdultSetup.training(), AdultSetup.TRAIN_SEX);
        double[] pred = r.model().predict(AdultSetup.TEST);
        double eo = AdultSetup.eoDifference(pred, Y, AdultSetup.TEST_SEX);
        System.out.printf("expgrad EO: acc %.4f eo %.4f (baseline %.4f) iterations %d%n", AdultSetup.accuracy(pred, Y), eo, baseEo, r.iterations());
        assertThat(eo).isLessThanOrEqualTo(baseEo / 5);
    }

    @Test
    void reweighingLowersDemographicParityDifference() {
        double[] w = Reweighing.weights(AdultSetup.TRAIN_SEX, AdultSetup.TRAIN_Y.codes(), 2, null);
        Model m = new PipelineTrainer(LinearTrainer.logistic()).fit(AdultSetup.training().with(AdultSetup.TRAIN_Y, w));
        double[] pred = m.predict(AdultSetup.TEST);
        double dp = AdultSetup.dpDifference(pred, AdultSetup.TEST_SEX);
        System.out.printf("reweighing: acc %.4f dp %.4f (baseline %.4f)%n", AdultSetup.accuracy(pred, Y), dp, baseDp);
        assertThat(dp).isLessThan(baseDp);
    }
}
