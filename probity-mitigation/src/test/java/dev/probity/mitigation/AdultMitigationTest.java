package dev.probity.mitigation;

import dev.probity.core.model.Model;
import dev.probity.mitigation.inprocess.PrejudiceRemover;
import dev.probity.mitigation.post.EqualizedOddsPostprocessing;
import dev.probity.mitigation.post.RejectOptionClassification;
import dev.probity.mitigation.post.ThresholdOptimizer;
import dev.probity.mitigation.pre.Massaging;
import dev.probity.mitigation.pre.Resampling;
import dev.probity.mitigation.reductions.GridSearch;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;
import java.util.List;
import dev.probity.mitigation.pre.Reweighing;
import dev.probity.mitigation.reductions.Constraint;
import dev.probity.mitigation.reductions.ExponentiatedGradient;
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

    /** Seeded decisions keyed by each test row's values, as the mitigated models draw them. */
    static double[] draw(double[] p) {
        return dev.probity.core.model.RowDraws.decide(p, dev.probity.core.model.RowDraws.keys(AdultSetup.TEST, AdultSetup.TEST.columnNames()), 7);
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
        double[] pred = draw(f.probabilities(testScores, AdultSetup.TEST_SEX));
        double acc = AdultSetup.accuracy(pred, Y);
        double dp = AdultSetup.dpDifference(pred, AdultSetup.TEST_SEX);
        System.out.printf("threshold DP: acc %.4f dp %.4f rules %s%n", acc, dp, f.rules().stream().map(r -> r.group() + ": " + r.describe()).toList());
        assertThat(dp).isLessThanOrEqualTo(0.01);
        assertThat(acc).isGreaterThanOrEqualTo(0.828);
    }

    /**
     * Randomized thresholds equalize the odds in expectation; one set of draws scatters around that (on these 16,281
     * rows the realized gap ranges from 0.001 to about 0.04 across seeds), so the test checks the expected gap and the
     * median gap of 21 seeded draws.
     */
    @Test
    void thresholdOptimizerForEqualizedOddsCutsTheGapFivefold() {
        ThresholdOptimizer.Fitted f = new ThresholdOptimizer(Constraint.EQUALIZED_ODDS, ThresholdOptimizer.Objective.ACCURACY, true, 0)
                .fit(trainScores, AdultSetup.TRAIN_Y.codes(), AdultSetup.TRAIN_SEX);
        double[] p = f.probabilities(testScores, AdultSetup.TEST_SEX);
        double expected = AdultSetup.eoDifference(p, Y, AdultSetup.TEST_SEX);
        long[] keys = dev.probity.core.model.RowDraws.keys(AdultSetup.TEST, AdultSetup.TEST.columnNames());
        double[] realized = new double[21];
        for (int seed = 0; seed < realized.length; seed++) {
            realized[seed] = AdultSetup.eoDifference(dev.probity.core.model.RowDraws.decide(p, keys, seed), Y, AdultSetup.TEST_SEX);
        }
        java.util.Arrays.sort(realized);
        System.out.printf("threshold EO: acc %.4f expected eo %.4f, median of 21 draws %.4f (baseline %.4f)%n",
                AdultSetup.accuracy(draw(p), Y), expected, realized[10], baseEo);
        assertThat(expected).isLessThanOrEqualTo(baseEo / 5);
        assertThat(realized[10]).isLessThanOrEqualTo(baseEo / 5);
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

    @Test
    void equalizedOddsPostprocessingCutsTheGapFivefold() {
        double[] trainPred = baseline.predict(AdultSetup.TRAIN);
        EqualizedOddsPostprocessing.Fitted f = new EqualizedOddsPostprocessing().fit(trainPred, AdultSetup.TRAIN_Y.codes(), AdultSetup.TRAIN_SEX);
        double[] pred = draw(f.probabilities(baseline.predict(AdultSetup.TEST), AdultSetup.TEST_SEX));
        double eo = AdultSetup.eoDifference(pred, Y, AdultSetup.TEST_SEX);
        System.out.printf("eq-odds post-processing: acc %.4f eo %.4f (baseline %.4f)%n", AdultSetup.accuracy(pred, Y), eo, baseEo);
        assertThat(eo).isLessThanOrEqualTo(baseEo / 5);
    }

    @Test
    void gridSearchTradesAccuracyForParity() {
        GridSearch.Result r = new GridSearch(Constraint.DEMOGRAPHIC_PARITY, 0, 11, 2.0)
                .fit(new PipelineTrainer(LinearTrainer.logistic()), AdultSetup.training(), AdultSetup.TRAIN_SEX);
        double[] pred = r.model().predict(AdultSetup.TEST);
        double dp = AdultSetup.dpDifference(pred, AdultSetup.TEST_SEX);
        System.out.printf("grid search DP: acc %.4f dp %.4f front %s%n", AdultSetup.accuracy(pred, Y), dp, r.paretoFront());
        assertThat(r.candidates()).hasSize(11);
        assertThat(dp).isLessThan(baseDp / 2);
        List<Integer> front = r.paretoFront();
        for (int k = 1; k < front.size(); k++) {
            assertThat(r.candidates().get(front.get(k)).error()).isGreaterThanOrEqualTo(r.candidates().get(front.get(k - 1)).error());
            assertThat(r.candidates().get(front.get(k)).disparity()).isLessThan(r.candidates().get(front.get(k - 1)).disparity());
        }
    }

    /**
     * Issue 9: with Fairlearn's grid (11 points up to 2) every equalized-odds multiplier overshoots on Adult and λ = 0
     * wins, so the documented example "mitigated" nothing with every delta +0.0000. The grid is refined instead.
     */
    @Test
    void gridSearchRefinesAGridThatOvershootsAndSaysWhy() {
        // as probity mitigate trains it: sex is protected, not a feature
        List<String> features = new java.util.ArrayList<>(AdultSetup.FEATURES);
        features.remove("sex");
        GridSearch.Result r = new GridSearch(Constraint.EQUALIZED_ODDS, 0, 11, 2.0).fit(new PipelineTrainer(LinearTrainer.logistic()),
                new dev.probity.core.model.TrainingSet(AdultSetup.TRAIN, features, AdultSetup.TRAIN_Y, null, 42), AdultSetup.TRAIN_SEX);
        assertThat(r.limits()).startsWith(2.0, 0.5);
        boolean firstPassBaselineWins = true;
        for (int i = 1; i < 11; i++) {
            GridSearch.Candidate c = r.candidates().get(i);
            firstPassBaselineWins &= c.error() + c.disparity() > r.candidates().get(0).error() + r.candidates().get(0).disparity();
        }
        assertThat(firstPassBaselineWins).as("the first grid overshoots, as Fairlearn's does").isTrue();
        assertThat(r.best()).isGreaterThanOrEqualTo(11);
        assertThat(r.why()).startsWith("Chose the candidate with the lowest 0.50·error + 0.50·violation")
                .contains("The grid was refined");
        double[] pred = r.model().predict(AdultSetup.TEST);
        assertThat(AdultSetup.eoDifference(pred, Y, AdultSetup.TEST_SEX)).isLessThan(baseEo * 0.75);
    }

    @Test
    void prejudiceRemoverMatchesLogisticAtZeroAndLowersDisparityAsEtaGrows() {
        double[] at0 = new PrejudiceRemover(List.of("sex"), 0, 1, null).fit(AdultSetup.training()).score(AdultSetup.TEST);
        double worst = 0;
        for (int i = 0; i < at0.length; i++) {
            worst = Math.max(worst, Math.abs(at0[i] - testScores[i]));
        }
        assertThat(worst).as("η = 0 is plain logistic regression").isLessThan(1e-3);
        double[] pred = new PrejudiceRemover(List.of("sex"), 30, 1, null).fit(AdultSetup.training()).predict(AdultSetup.TEST);
        double dp = AdultSetup.dpDifference(pred, AdultSetup.TEST_SEX);
        System.out.printf("prejudice remover η=30: acc %.4f dp %.4f%n", AdultSetup.accuracy(pred, Y), dp);
        assertThat(dp).isLessThan(baseDp);
    }

    @Test
    void massagingAndResamplingLowerDisparity() {
        int[] massaged = Massaging.labels(AdultSetup.TRAIN_SEX, AdultSetup.TRAIN_Y.codes(), trainScores);
        Labels ml = Labels.classes("income", AdultSetup.TRAIN_Y.classes(), massaged);
        double[] pm = new PipelineTrainer(LinearTrainer.logistic()).fit(AdultSetup.training().with(ml, null)).predict(AdultSetup.TEST);
        int[] rows = Resampling.uniform(AdultSetup.TRAIN_SEX, AdultSetup.TRAIN_Y.codes(), 42);
        TrainingSet resampled = new TrainingSet(AdultSetup.TRAIN.select(rows), AdultSetup.FEATURES, AdultSetup.TRAIN_Y.select(rows), null, 42);
        double[] pr = new PipelineTrainer(LinearTrainer.logistic()).fit(resampled).predict(AdultSetup.TEST);
        double dpm = AdultSetup.dpDifference(pm, AdultSetup.TEST_SEX);
        double dpr = AdultSetup.dpDifference(pr, AdultSetup.TEST_SEX);
        System.out.printf("massaging: acc %.4f dp %.4f; uniform resampling: acc %.4f dp %.4f%n",
                AdultSetup.accuracy(pm, Y), dpm, AdultSetup.accuracy(pr, Y), dpr);
        assertThat(dpm).isLessThan(baseDp);
        assertThat(dpr).isLessThan(baseDp);
    }

    @Test
    void rejectOptionClassificationMeetsItsBoundOnTestData() {
        RejectOptionClassification.Fitted f = new RejectOptionClassification(RejectOptionClassification.Metric.DEMOGRAPHIC_PARITY, 0.05, 50, 25)
                .fit(trainScores, AdultSetup.TRAIN_Y.codes(), AdultSetup.TRAIN_SEX);
        double[] pred = f.predict(testScores, AdultSetup.TEST_SEX);
        double dp = AdultSetup.dpDifference(pred, AdultSetup.TEST_SEX);
        System.out.printf("reject option: t %.3f margin %.3f acc %.4f dp %.4f%n", f.threshold(), f.margin(), AdultSetup.accuracy(pred, Y), dp);
        assertThat(dp).isLessThan(0.07);
    }
}
