package dev.probity.monitor.perf;

import dev.probity.core.InputException;
import dev.probity.core.stats.SplitMix64;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CbpeTest {
    static final Cbpe.Settings AS_GIVEN = Cbpe.Settings.defaults().withCalibration(Calibration.Method.NONE, Calibration.When.ALWAYS);

    /** Scores on a grid of 1/64 (every sum below is exact in binary) and labels drawn from them. */
    static Cbpe.Rows dyadic(int n, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        double[] s = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = rng.nextInt(65) / 64.0;
            y[i] = rng.nextDouble() < s[i] ? 1 : 0;
        }
        return Cbpe.Rows.of(s, y);
    }

    @Test
    void perfectlyCalibratedScoresGiveTheMeanOfMaxPAndOneMinusPAsAccuracy() {
        Cbpe.Rows ref = dyadic(4_000, 1);
        Cbpe.Estimator e = Cbpe.fit(ref, Chunking.bySize(1_000), AS_GIVEN);
        Cbpe.Rows now = dyadic(512, 2);
        Cbpe.Report r = e.estimate(now.scores(), null, Chunking.bySize(512));
        double sum = 0;
        for (double p : now.scores()) {
            sum += Math.max(p, 1 - p);
        }
        assertThat(r.chunks().get(0).get(Cbpe.Metric.ACCURACY).value()).isEqualTo(sum / 512);
        // and the rest of the expected confusion matrix
        double tp = 0;
        double fp = 0;
        double fn = 0;
        for (double p : now.scores()) {
            tp += p >= 0.5 ? p : 0;
            fp += p >= 0.5 ? 1 - p : 0;
            fn += p < 0.5 ? p : 0;
        }
        assertThat(r.chunks().get(0).get(Cbpe.Metric.PRECISION).value()).isEqualTo(tp / (tp + fp));
        assertThat(r.chunks().get(0).get(Cbpe.Metric.RECALL).value()).isEqualTo(tp / (tp + fn));
        assertThat(r.chunks().get(0).get(Cbpe.Metric.F1).value()).isEqualTo(tp / (tp + 0.5 * (fp + fn)));
        assertThat(r.chunks().get(0).labelled()).isZero();
        assertThat(r.chunks().get(0).estimates()).allSatisfy(x -> assertThat(x.realized()).isNaN());
    }

    @Test
    void samplingErrorIsTheReferencesPerRowSpreadOverTheRootOfTheChunkSize() {
        Cbpe.Rows ref = dyadic(3_000, 3);
        Cbpe.Estimator e = Cbpe.fit(ref, Chunking.bySize(500), AS_GIVEN);
        double correct = 0;
        for (int i = 0; i < ref.size(); i++) {
            correct += (ref.scores()[i] >= 0.5 ? 1 : 0) == ref.labels()[i] ? 1 : 0;
        }
        double a = correct / ref.size();
        double sd = Math.sqrt(a * (1 - a));
        Cbpe.Report r = e.estimate(dyadic(400, 4).scores(), null, Chunking.at(0, 100));
        assertThat(r.chunks().get(0).get(Cbpe.Metric.ACCURACY).samplingError()).isCloseTo(sd / Math.sqrt(100), within(1e-12));
        assertThat(r.chunks().get(1).get(Cbpe.Metric.ACCURACY).samplingError()).isCloseTo(sd / Math.sqrt(300), within(1e-12));
        Cbpe.Estimate est = r.chunks().get(1).get(Cbpe.Metric.ACCURACY);
        assertThat(est.upper() - est.value()).isCloseTo(3 * sd / Math.sqrt(300), within(1e-12));
    }

    @Test
    void thresholdsAreTheReferenceChunksMeanPlusMinusThreeStandardDeviations() {
        Cbpe.Rows ref = dyadic(3_000, 5);
        Cbpe.Estimator e = Cbpe.fit(ref, Chunking.bySize(500), AS_GIVEN);
        double[] acc = new double[6];
        for (int c = 0; c < 6; c++) {
            int ok = 0;
            for (int i = c * 500; i < (c + 1) * 500; i++) {
                ok += (ref.scores()[i] >= 0.5 ? 1 : 0) == ref.labels()[i] ? 1 : 0;
            }
            acc[c] = ok / 500.0;
        }
        double mean = java.util.Arrays.stream(acc).average().orElseThrow();
        double sd = Cbpe.sd(acc);
        Cbpe.Threshold t = e.thresholds().get(Cbpe.Metric.ACCURACY.ordinal());
        assertThat(t.chunks()).isEqualTo(6);
        assertThat(t.mean()).isCloseTo(mean, within(1e-12));
        assertThat(t.lower()).isCloseTo(mean - 3 * sd, within(1e-12));
        assertThat(t.upper()).isCloseTo(mean + 3 * sd, within(1e-12));
        // reference chunks are estimated and carry their realized values, but never alert
        assertThat(e.reference()).hasSize(6);
        assertThat(e.reference().get(2).get(Cbpe.Metric.ACCURACY).realized()).isEqualTo(acc[2]);
        assertThat(e.reference()).noneMatch(Cbpe.ChunkResult::alert);
        // a chunk of sure, correct predictions lies above the upper threshold
        Cbpe.Report r = e.estimate(new double[] {0, 0, 1, 1}, null, Chunking.bySize(4));
        assertThat(r.chunks().get(0).get(Cbpe.Metric.ACCURACY).value()).isEqualTo(1.0);
        assertThat(r.chunks().get(0).get(Cbpe.Metric.ACCURACY).alert()).isTrue();
        assertThat(r.alerts()).hasSize(1);
    }

    @Test
    void scoresOfOnlyZeroAndOneGiveDefinedEstimates() {
        double[] s = new double[200];
        int[] y = new int[200];
        for (int i = 0; i < 200; i++) {
            s[i] = i % 2;
            y[i] = i % 20 <= 1 ? 1 - (i % 2) : i % 2; // one in ten wrong, on either side
        }
        Cbpe.Estimator raw = Cbpe.fit(s, y, Chunking.bySize(50), AS_GIVEN);
        Cbpe.Report r = raw.estimate(new double[] {0, 1, 1, 0}, null, Chunking.bySize(4));
        assertThat(r.chunks().get(0).get(Cbpe.Metric.ACCURACY).value()).isEqualTo(1.0);
        assertThat(r.chunks().get(0).get(Cbpe.Metric.ROC_AUC).value()).isEqualTo(1.0);
        // isotonic regression maps 0 and 1 to the reference's share of positives at each
        Cbpe.Estimator cal = Cbpe.fit(s, y, Chunking.bySize(50), Cbpe.Settings.defaults().withCalibration(Calibration.Method.ISOTONIC,
                Calibration.When.ALWAYS));
        assertThat(cal.probabilities(new double[] {0, 1})).containsExactly(0.1, 0.9);
        Cbpe.Estimate acc = cal.estimate(new double[] {0, 1, 1, 0}, null, Chunking.bySize(4)).chunks().get(0).get(Cbpe.Metric.ACCURACY);
        assertThat(acc.value()).isCloseTo(0.9, within(1e-12));
        // and the rule keeps or calibrates them, either way with finite numbers
        Cbpe.Estimator auto = Cbpe.fit(s, y, Chunking.bySize(50), Cbpe.Settings.defaults());
        assertThat(auto.calibration().eceRaw()).isFinite();
        assertThat(auto.estimate(s, y, Chunking.bySize(50)).chunks()).allSatisfy(c -> assertThat(c.get(Cbpe.Metric.F1).value()).isBetween(0.0, 1.0));
    }

    @Test
    void aMetricWithoutADenominatorIsNaNAndNeverAlerts() {
        Cbpe.Estimator e = Cbpe.fit(dyadic(2_000, 6), Chunking.bySize(400), AS_GIVEN);
        // no row predicted positive: precision has no denominator; estimated recall is 0
        Cbpe.Report r = e.estimate(new double[] {0.1, 0.2, 0.3}, new int[] {0, 0, 1}, Chunking.bySize(3));
        Cbpe.Estimate p = r.chunks().get(0).get(Cbpe.Metric.PRECISION);
        assertThat(p.value()).isNaN();
        assertThat(p.lower()).isNaN();
        assertThat(p.realized()).isNaN();
        assertThat(p.alert()).isFalse();
        assertThat(r.chunks().get(0).get(Cbpe.Metric.RECALL).value()).isEqualTo(0.0);
        assertThat(r.chunks().get(0).get(Cbpe.Metric.RECALL).realized()).isEqualTo(0.0);
    }

    @Test
    void labelsThatHaveNotArrivedAreLeftOutOfTheRealizedValues() {
        Cbpe.Estimator e = Cbpe.fit(dyadic(2_000, 7), Chunking.bySize(400), AS_GIVEN);
        double[] s = {0.9, 0.8, 0.2, 0.1};
        Cbpe.Report r = e.estimate(s, new int[] {1, 0, -1, -1}, Chunking.bySize(4));
        assertThat(r.chunks().get(0).labelled()).isEqualTo(2);
        assertThat(r.chunks().get(0).get(Cbpe.Metric.ACCURACY).realized()).isEqualTo(0.5);
        assertThat(r.chunks().get(0).get(Cbpe.Metric.ACCURACY).value()).isCloseTo((0.9 + 0.8 + 0.8 + 0.9) / 4, within(1e-12));
    }

    @Test
    void chunksBySizeKeyAndBoundaries() {
        List<Chunking.Chunk> size = Chunking.bySize(4).split(10);
        assertThat(size).extracting(Chunking.Chunk::key).containsExactly("[0:3]", "[4:7]", "[8:9]");
        List<Chunking.Chunk> key = Chunking.byKey("2024-02", "2024-01", "2024-02", "2024-03", "2024-01").split(5);
        assertThat(key).extracting(Chunking.Chunk::key).containsExactly("2024-02", "2024-01", "2024-03");
        assertThat(key.get(0).rows()).containsExactly(0, 2);
        assertThat(key.get(1).rows()).containsExactly(1, 4);
        List<Chunking.Chunk> at = Chunking.at(0, 3, 7).split(9);
        assertThat(at).extracting(Chunking.Chunk::size).containsExactly(3, 4, 2);
        assertThatThrownBy(() -> Chunking.at(0, 3, 3)).isInstanceOf(InputException.class).hasMessageContaining("empty chunk");
        assertThatThrownBy(() -> Chunking.at(1, 3)).isInstanceOf(InputException.class).hasMessageContaining("start at row 0");
        assertThatThrownBy(() -> Chunking.at(0, 9).split(9)).isInstanceOf(InputException.class).hasMessageContaining("only 9 rows");
        assertThatThrownBy(() -> Chunking.byKey("a", "b").split(3)).isInstanceOf(InputException.class).hasMessageContaining("2 keys for 3 rows");
        assertThatThrownBy(() -> Chunking.byKey(java.util.Arrays.asList("a", null)).split(2)).isInstanceOf(InputException.class)
                .hasMessageContaining("row 1 has no chunk key");
        assertThatThrownBy(() -> Chunking.bySize(0)).isInstanceOf(InputException.class);
    }

    @Test
    void estimatesByKeyMatchTheSameRowsGivenAsOneChunk() {
        Cbpe.Estimator e = Cbpe.fit(dyadic(2_000, 8), Chunking.bySize(400), Cbpe.Settings.defaults());
        Cbpe.Rows now = dyadic(300, 9);
        String[] keys = new String[300];
        for (int i = 0; i < 300; i++) {
            keys[i] = i % 3 == 0 ? "a" : "b";
        }
        Cbpe.Report byKey = e.estimate(now, Chunking.byKey(keys));
        double[] a = new double[100];
        int[] ya = new int[100];
        for (int i = 0; i < 100; i++) {
            a[i] = now.scores()[3 * i];
            ya[i] = now.labels()[3 * i];
        }
        Cbpe.Report alone = e.estimate(a, ya, Chunking.bySize(100));
        for (Cbpe.Metric m : Cbpe.Metric.values()) {
            assertThat(byKey.chunks().get(0).get(m).value()).as(m.id()).isCloseTo(alone.chunks().get(0).get(m).value(), within(1e-12));
            assertThat(byKey.chunks().get(0).get(m).realized()).as(m.id()).isCloseTo(alone.chunks().get(0).get(m).realized(), within(1e-12));
        }
    }

    @Test
    void clearErrorsForWhatCannotBeEstimated() {
        Cbpe.Rows ref = dyadic(1_000, 10);
        assertThatThrownBy(() -> Cbpe.fit(new double[0], new int[0], Chunking.bySize(10), Cbpe.Settings.defaults()))
                .isInstanceOf(InputException.class).hasMessage("the reference has no rows");
        assertThatThrownBy(() -> Cbpe.fit(ref.scores(), new int[1_000], Chunking.bySize(100), Cbpe.Settings.defaults()))
                .isInstanceOf(InputException.class).hasMessageContaining("labels are all 0").hasMessageContaining("both classes");
        assertThatThrownBy(() -> Cbpe.fit(ref.scores(), null, Chunking.bySize(100), Cbpe.Settings.defaults()))
                .isInstanceOf(InputException.class).hasMessageContaining("needs labels");
        Cbpe.Estimator e = Cbpe.fit(ref, Chunking.bySize(100), Cbpe.Settings.defaults());
        assertThatThrownBy(() -> e.estimate(new double[0], null, Chunking.bySize(10)))
                .isInstanceOf(InputException.class).hasMessage("no rows to estimate on");
        assertThatThrownBy(() -> e.estimate(new double[] {0.2, 1.5}, null, Chunking.bySize(10)))
                .isInstanceOf(InputException.class).hasMessageContaining("row 1 has 1.5");
        assertThatThrownBy(() -> e.estimate(new double[] {0.2, Double.NaN}, null, Chunking.bySize(10)))
                .isInstanceOf(InputException.class).hasMessageContaining("row 1 has NaN");
        assertThatThrownBy(() -> e.estimate(new double[] {0.2, 0.3}, new int[] {1}, Chunking.bySize(10)))
                .isInstanceOf(InputException.class).hasMessageContaining("one label per score");
        assertThatThrownBy(() -> e.estimate(new double[] {0.2, 0.3}, new int[] {1, 2}, Chunking.bySize(10)))
                .isInstanceOf(InputException.class).hasMessageContaining("row 1 has 2");
        assertThatThrownBy(() -> Cbpe.Settings.defaults().withDecisionThreshold(1.2)).isInstanceOf(InputException.class);
    }

    @Test
    void notesSayWhenThresholdsRestOnFewChunksAndWhenScoresLeaveTheReferences() {
        double[] s = new double[100];
        int[] y = new int[100];
        for (int i = 0; i < 100; i++) {
            s[i] = 0.2 + 0.6 * i / 99;
            y[i] = i % 3 == 0 ? 1 : 0;
        }
        Cbpe.Estimator e = Cbpe.fit(s, y, Chunking.bySize(50), AS_GIVEN);
        Cbpe.Report r = e.estimate(new double[] {0.1, 0.5, 0.95, 0.5}, null, Chunking.bySize(2));
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("2 reference chunks"));
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("2 of 4 scores (50.0%) lie outside the reference's [0.2, 0.8]"));
        assertThat(r.chunks().get(0).outOfRange()).isEqualTo(0.5);
        assertThat(r.chunks().get(1).outOfRange()).isEqualTo(0.5);
    }

    @Test
    void givenPredictionsAreUsedInsteadOfTheThreshold() {
        Cbpe.Estimator e = Cbpe.fit(dyadic(2_000, 11), Chunking.bySize(400), AS_GIVEN);
        double[] s = {0.9, 0.6};
        Cbpe.Report byThreshold = e.estimate(s, null, Chunking.bySize(2));
        Cbpe.Report given = e.estimate(new Cbpe.Rows(s, new int[] {1, 0}, null), Chunking.bySize(2));
        assertThat(byThreshold.chunks().get(0).get(Cbpe.Metric.ACCURACY).value()).isCloseTo(0.75, within(1e-12));
        assertThat(given.chunks().get(0).get(Cbpe.Metric.ACCURACY).value()).isCloseTo(0.65, within(1e-12));
        Cbpe.Report higher = Cbpe.fit(dyadic(2_000, 11), Chunking.bySize(400), AS_GIVEN.withDecisionThreshold(0.7)).estimate(s, null,
                Chunking.bySize(2));
        assertThat(higher.chunks().get(0).get(Cbpe.Metric.ACCURACY).value()).isCloseTo(0.65, within(1e-12));
    }
}
