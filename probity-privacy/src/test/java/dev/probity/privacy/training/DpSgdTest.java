package dev.probity.privacy.training;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.TrainingSet;
import dev.probity.models.io.ModelFiles;
import dev.probity.models.linear.LinearEstimator;
import dev.probity.models.pipeline.PipelineModel;
import dev.probity.privacy.accounting.Guarantee;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DpSgdTest {
    static final Frame TRAIN = Datasets.load("adult");
    static final Frame TEST = Datasets.load("adult-test");
    static final List<String> FEATURES = features();
    static final Labels Y = Labels.fromColumn(TRAIN, "income", ">50K");
    static final int[] TEST_Y = Labels.fromColumn(TEST, "income", ">50K").codes();

    static List<String> features() {
        List<String> f = new ArrayList<>(TRAIN.columnNames());
        f.remove("income");
        return f;
    }

    static TrainingSet adult(long seed) {
        return new TrainingSet(TRAIN, FEATURES, Y, null, seed);
    }

    static double accuracy(Model m) {
        double[] pred = m.predict(TEST);
        int ok = 0;
        for (int i = 0; i < TEST_Y.length; i++) {
            ok += pred[i] == TEST_Y[i] ? 1 : 0;
        }
        return (double) ok / TEST_Y.length;
    }

    @Test
    void adultAtEpsilonOneIsAccurateAndRecordsTheAccountantsGuarantee() {
        DpSgd trainer = DpSgd.of(1.0, 1e-5).withSeededNoise();
        PipelineModel m = trainer.fit(adult(1));
        assertThat(accuracy(m)).isGreaterThanOrEqualTo(0.80);
        Map<String, Object> p = m.provenance().parameters();
        double eps = ((Number) p.get("epsilon")).doubleValue();
        double sigma = ((Number) p.get("noise_multiplier")).doubleValue();
        double q = ((Number) p.get("sample_rate")).doubleValue();
        long steps = ((Number) p.get("steps")).longValue();
        assertThat(eps).isLessThanOrEqualTo(1.0).isGreaterThan(0.999);
        assertThat(q).isCloseTo(256.0 / 32561, within(1e-15)).isGreaterThanOrEqualTo(256.0 / 32561);
        assertThat(steps).isEqualTo((long) Math.ceil(10 * 32561 / 256.0));
        Guarantee g = DpSgd.account(q, sigma, steps, 1e-5, DpSgd.Accounting.RDP);
        assertThat(g.epsilon()).isEqualTo(eps);
        assertThat(p).containsEntry("delta", 1e-5).containsEntry("clipping_norm", 1.0).containsEntry("accountant", "rdp")
                .containsEntry("noise", "not private: seeded noise").containsEntry("target_epsilon", 1.0);
        assertThat(m.provenance().method()).isEqualTo("dp-sgd");
        assertThat(m.estimator()).isInstanceOf(LinearEstimator.class);
        // it saves and loads as any logistic pipeline model
        Model back = ModelFiles.fromBytes(ModelFiles.toBytes(new ModelFiles.Content(m, null)), "memory").model();
        assertThat(back.predictProba(TEST.head(200)).get(17, 1)).isEqualTo(m.predictProba(TEST.head(200)).get(17, 1));
        assertThat(back.provenance().parameters()).containsEntry("noise", "not private: seeded noise");
    }

    @Test
    void aLargerEpsilonGivesBetterAccuracyOnAverage() {
        double small = 0;
        double large = 0;
        for (long seed = 1; seed <= 3; seed++) {
            small += accuracy(DpSgd.of(0.02, 1e-5).withOptimizer(DpSgd.Optimizer.SGD).withSeededNoise().fit(adult(seed)));
            large += accuracy(DpSgd.of(2.0, 1e-5).withOptimizer(DpSgd.Optimizer.SGD).withSeededNoise().fit(adult(seed)));
        }
        assertThat(large / 3).isGreaterThan(small / 3);
    }

    static final Frame SMALL = TRAIN.head(2000);

    static TrainingSet small(long seed) {
        return new TrainingSet(SMALL, FEATURES, Labels.fromColumn(SMALL, "income", ">50K"), null, seed);
    }

    /** The budget is debited the certified ε before the training; one that cannot pay trains nothing. */
    @Test
    void aTrainingIsPaidForFromTheBudgetBeforeItRuns(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        var budget = dev.probity.privacy.budget.PrivacyBudget.create(dir.resolve("adult.budget"), "adult",
                new java.math.BigDecimal("1.5"), new java.math.BigDecimal("1e-4"));
        DpSgd t = DpSgd.of(1.0).withBatchSize(100).withEpochs(3).withSeededNoise();
        var released = t.fit(small(5), budget, "analyst");
        double certified = (double) released.result().provenance().parameters().get("epsilon");
        assertThat(released.entry().charge().epsilon().doubleValue()).isGreaterThanOrEqualTo(certified).isLessThanOrEqualTo(1.0);
        assertThat(released.entry().charge().mechanism()).isEqualTo("dp-sgd");
        assertThat(released.entry().charge().who()).isEqualTo("analyst");
        assertThat(released.entry().charge().parameters()).containsEntry("steps", "60");
        assertThat(released.after().releases()).isEqualTo(1);
        // the same model as without a budget: the debit changes nothing in the training
        assertThat(((LinearEstimator) released.result().estimator()).coef()).containsExactly(((LinearEstimator) t.fit(small(5)).estimator()).coef());
        assertThatThrownBy(() -> t.fit(small(5), budget, "analyst")).isInstanceOf(dev.probity.privacy.budget.BudgetExceededException.class);
        assertThat(budget.balance().releases()).isEqualTo(1);
        // refused before the debit: a training DP-SGD cannot do spends nothing
        TrainingSet weighted = new TrainingSet(SMALL, FEATURES, Labels.fromColumn(SMALL, "income", ">50K"),
                java.util.stream.DoubleStream.generate(() -> 1.0).limit(SMALL.rowCount()).toArray(), 1);
        assertThatThrownBy(() -> DpSgd.of(0.1).fit(weighted, budget, "analyst")).isInstanceOf(InputException.class);
        assertThat(budget.balance().releases()).isEqualTo(1);
    }

    @Test
    void theSameSeedGivesTheSameModelAndSecureNoiseIsMarkedPrivate() {
        DpSgd t = DpSgd.of(1.0).withBatchSize(100).withEpochs(3).withSeededNoise();
        LinearEstimator a = (LinearEstimator) t.fit(small(5)).estimator();
        LinearEstimator b = (LinearEstimator) t.fit(small(5)).estimator();
        LinearEstimator c = (LinearEstimator) t.fit(small(6)).estimator();
        assertThat(a.coef()).containsExactly(b.coef());
        assertThat(a.intercept()).containsExactly(b.intercept());
        assertThat(a.coef()).isNotEqualTo(c.coef());
        PipelineModel secure = DpSgd.of(1.0).withBatchSize(100).withEpochs(3).fit(small(5));
        assertThat(secure.provenance().parameters()).containsEntry("noise", "secure");
        assertThat(((LinearEstimator) secure.estimator()).coef()).isNotEqualTo(a.coef());
    }

    @Test
    void theNoiseMultiplierIsMonotoneAndMeetsTheTarget() {
        double q = 0.01;
        double prev = Double.POSITIVE_INFINITY;
        for (double eps : new double[] {0.25, 0.5, 1, 2, 4, 8}) {
            double s = DpSgd.noiseMultiplier(eps, 1e-5, q, 1000, DpSgd.Accounting.RDP);
            assertThat(s).isLessThan(prev);
            assertThat(DpSgd.account(q, s, 1000, 1e-5, DpSgd.Accounting.RDP).epsilon()).isLessThanOrEqualTo(eps);
            // the smallest such σ, to the bisection's tolerance
            assertThat(DpSgd.account(q, s * (1 - 1e-5), 1000, 1e-5, DpSgd.Accounting.RDP).epsilon()).isGreaterThan(eps);
            prev = s;
        }
        // more steps, a larger sample rate or a smaller delta need more noise
        double base = DpSgd.noiseMultiplier(1, 1e-5, q, 1000, DpSgd.Accounting.RDP);
        assertThat(DpSgd.noiseMultiplier(1, 1e-5, q, 4000, DpSgd.Accounting.RDP)).isGreaterThan(base);
        assertThat(DpSgd.noiseMultiplier(1, 1e-5, 2 * q, 1000, DpSgd.Accounting.RDP)).isGreaterThan(base);
        assertThat(DpSgd.noiseMultiplier(1, 1e-7, q, 1000, DpSgd.Accounting.RDP)).isGreaterThan(base);
        // the numerical accountant is tighter: less noise for the same target
        double prv = DpSgd.noiseMultiplier(1, 1e-5, q, 1000, DpSgd.Accounting.PRV);
        assertThat(prv).isLessThan(base).isGreaterThan(0.8 * base);
        assertThat(DpSgd.account(q, prv, 1000, 1e-5, DpSgd.Accounting.PRV).epsilon()).isLessThanOrEqualTo(1.0);
    }

    @Test
    void aPrvTrainedModelRecordsThePrvGuarantee() {
        PipelineModel m = DpSgd.of(2.0).withAccounting(DpSgd.Accounting.PRV).withBatchSize(200).withEpochs(2).withSeededNoise()
                .fit(small(3));
        Map<String, Object> p = m.provenance().parameters();
        assertThat(p).containsEntry("accountant", "prv");
        assertThat(((Number) p.get("epsilon")).doubleValue()).isLessThanOrEqualTo(2.0);
        assertThat(DpSgd.account(((Number) p.get("sample_rate")).doubleValue(), ((Number) p.get("noise_multiplier")).doubleValue(),
                ((Number) p.get("steps")).longValue(), 1e-5, DpSgd.Accounting.PRV).epsilon()).isEqualTo(p.get("epsilon"));
    }

    @Test
    void clippingBoundsEveryRowsGradientOnTheGrid() {
        double c = 0.75;
        int exponent = Math.getExponent(c) - DpSgd.GRID_BITS;
        double delta = Math.scalb(c, -exponent);
        BigInteger max = new java.math.BigDecimal(delta).pow(2).toBigInteger();
        java.util.Random r = new java.util.Random(3);
        long[] u = new long[6];
        for (int trial = 0; trial < 10_000; trial++) {
            double[] row = new double[6];
            double scale = Math.pow(10, r.nextInt(9) - 4);
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextGaussian() * scale;
            }
            double norm = Math.sqrt(java.util.Arrays.stream(row).map(a -> a * a).sum());
            DpSgd.clip(row, u, c, exponent, max);
            long sq = 0;
            for (int j = 0; j < u.length; j++) {
                sq += u[j] * u[j];
                // truncated towards zero, so no coordinate grows or changes sign
                assertThat(Math.abs(Math.scalb((double) u[j], exponent))).isLessThanOrEqualTo(Math.abs(row[j]));
            }
            assertThat(BigInteger.valueOf(sq)).isLessThanOrEqualTo(max);
            assertThat(Math.sqrt(sq)).isLessThanOrEqualTo(delta);
            if (norm < c / 2) {
                // an unclipped gradient is kept to within one grid unit per coordinate
                for (int j = 0; j < u.length; j++) {
                    assertThat(Math.scalb((double) u[j], exponent)).isCloseTo(row[j], within(Math.scalb(1.0, exponent)));
                }
            }
        }
        // a gradient at exactly the clipping norm along one axis stays at Δ units
        DpSgd.clip(new double[] {0, c, 0, 0, 0, 0}, u, c, exponent, max);
        assertThat(u[1] * u[1]).isLessThanOrEqualTo(max.longValueExact());
    }

    @Test
    void theNoiseHasStandardDeviationSigmaTimesCInTheGradientsUnits() {
        for (double c : new double[] {1.0, 0.3, 5.0}) {
            double sigma = 1.38;
            var noise = DpSgd.noise(sigma, c);
            var r = dev.probity.privacy.mechanism.Randomness.seeded(11);
            int n = 20_000;
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                double z = Math.scalb((double) noise.sample(r), DpSgd.gridExponent(c));
                sum += z;
                sq += z * z;
            }
            double sd = Math.sqrt(sq / n - (sum / n) * (sum / n));
            assertThat(sd).isCloseTo(sigma * c, within(0.03 * sigma * c));
            assertThat(Math.abs(sum / n)).isLessThan(0.03 * sigma * c);
        }
    }

    @Test
    void badSettingsAreRefusedWithTheirValues() {
        assertThatThrownBy(() -> DpSgd.of(0)).isInstanceOf(InputException.class).hasMessageContaining("epsilon").hasMessageContaining("0.0");
        assertThatThrownBy(() -> DpSgd.of(Double.POSITIVE_INFINITY)).isInstanceOf(InputException.class);
        assertThatThrownBy(() -> DpSgd.of(Double.NaN)).isInstanceOf(InputException.class);
        assertThatThrownBy(() -> DpSgd.of(1, 0)).isInstanceOf(InputException.class).hasMessageContaining("delta");
        assertThatThrownBy(() -> DpSgd.of(1, 1)).isInstanceOf(InputException.class).hasMessageContaining("delta");
        assertThatThrownBy(() -> DpSgd.of(1).withClippingNorm(0)).isInstanceOf(InputException.class).hasMessageContaining("clipping norm");
        assertThatThrownBy(() -> DpSgd.of(1).withBatchSize(0)).isInstanceOf(InputException.class).hasMessageContaining("batch size");
        assertThatThrownBy(() -> DpSgd.of(1).withEpochs(0)).isInstanceOf(InputException.class).hasMessageContaining("epochs");
        assertThatThrownBy(() -> DpSgd.of(1).withLearningRate(-1)).isInstanceOf(InputException.class).hasMessageContaining("learning rate");
        assertThatThrownBy(() -> DpSgd.of(1).withBatchSize(5000).fit(small(1))).isInstanceOf(InputException.class)
                .hasMessageContaining("5000").hasMessageContaining("2000 training rows");
        TrainingSet weighted = new TrainingSet(SMALL, FEATURES, Labels.fromColumn(SMALL, "income", ">50K"), new double[2000], 1);
        assertThatThrownBy(() -> DpSgd.of(1).fit(weighted)).isInstanceOf(InputException.class).hasMessageContaining("weights");
        TrainingSet multi = new TrainingSet(SMALL, List.of("age", "sex"), Labels.fromColumn(SMALL, "race", null), null, 1);
        assertThatThrownBy(() -> DpSgd.of(1).fit(multi)).isInstanceOf(InputException.class).hasMessageContaining("binary label");
        assertThatThrownBy(() -> DpSgd.noiseMultiplier(1e-4, 1e-10, 0.5, 100_000, DpSgd.Accounting.RDP))
                .isInstanceOf(InputException.class).hasMessageContaining("not reachable");
    }
}
