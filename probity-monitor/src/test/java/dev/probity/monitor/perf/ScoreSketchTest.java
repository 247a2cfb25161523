package dev.probity.monitor.perf;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ScoreSketchTest {
    @Test
    void mergedPartsCountWhatOneSketchCounts() {
        Random r = new Random(3);
        ScoreSketch whole = new ScoreSketch();
        ScoreSketch[] parts = {new ScoreSketch(), new ScoreSketch(), new ScoreSketch()};
        for (int i = 0; i < 5000; i++) {
            double s = i % 97 == 0 ? Double.NaN : r.nextDouble();
            boolean d = s >= 0.4;
            Boolean y = r.nextInt(3) == 0 ? null : r.nextDouble() < (Double.isNaN(s) ? 0.5 : s);
            whole.add(s, d, y);
            parts[r.nextInt(3)].add(s, d, y);
        }
        assertThat(parts[0].merge(parts[1]).merge(parts[2]).toBytes()).isEqualTo(whole.toBytes());
        assertThat(ScoreSketch.fromBytes(whole.toBytes()).toBytes()).isEqualTo(whole.toBytes());
        assertThat(whole.unscored()).isEqualTo(52);
    }

    @Test
    void theEstimateIsTheExpectedConfusionMatrixOfTheRows() {
        Random r = new Random(5);
        int n = 3000;
        double[] s = new double[n];
        boolean[] d = new boolean[n];
        ScoreSketch sk = new ScoreSketch();
        for (int i = 0; i < n; i++) {
            s[i] = r.nextDouble();
            d[i] = r.nextDouble() < s[i];
            sk.add(s[i], d[i], null);
        }
        double[] cal = new double[ScoreSketch.BINS];
        for (int b = 0; b < cal.length; b++) {
            cal[b] = r.nextDouble();
        }
        // the same sums, row by row
        double tp = 0;
        double fp = 0;
        double fn = 0;
        double tn = 0;
        for (int i = 0; i < n; i++) {
            double p = cal[Math.min(ScoreSketch.BINS - 1, (int) (s[i] * ScoreSketch.BINS))];
            if (d[i]) {
                tp += p;
                fp += 1 - p;
            } else {
                fn += p;
                tn += 1 - p;
            }
        }
        ScoreSketch.Estimate e = sk.estimate(cal);
        assertThat(e.tp()).isCloseTo(tp, within(1e-9));
        assertThat(e.fn()).isCloseTo(fn, within(1e-9));
        assertThat(e.accuracy()).isCloseTo((tp + tn) / n, within(1e-12));
        assertThat(e.tpr()).isCloseTo(tp / (tp + fn), within(1e-12));
        assertThat(e.fpr()).isCloseTo(fp / (fp + tn), within(1e-12));
    }

    /**
     * Scores calibrated on a labelled reference estimate the accuracy of new rows whose scores moved (covariate shift)
     * but whose P(label | score) did not: within the band of the accuracy their hidden labels give. When P(label | score)
     * moves too (concept drift), the estimate misses — the assumption the documentation states.
     */
    @Test
    void underCovariateShiftTheEstimateFindsTheHiddenAccuracy() {
        Random r = new Random(11);
        ScoreSketch reference = new ScoreSketch();
        for (int i = 0; i < 20000; i++) {
            double s = r.nextDouble();
            double truth = 0.1 + 0.8 * s; // miscalibrated scores: the calibration must learn this
            reference.add(s, s >= 0.5, r.nextDouble() < truth);
        }
        double[] cal = reference.calibration();
        ScoreSketch shifted = new ScoreSketch();
        ScoreSketch drifted = new ScoreSketch();
        long correct = 0;
        long correctDrifted = 0;
        int n = 20000;
        for (int i = 0; i < n; i++) {
            double s = Math.pow(r.nextDouble(), 2); // most scores now low
            boolean d = s >= 0.5;
            boolean y = r.nextDouble() < 0.1 + 0.8 * s;
            shifted.add(s, d, null);
            correct += y == d ? 1 : 0;
            boolean yDrift = r.nextDouble() < 0.5; // the label no longer follows the score
            drifted.add(s, d, null);
            correctDrifted += yDrift == d ? 1 : 0;
        }
        ScoreSketch.Estimate e = shifted.estimate(cal);
        double realized = (double) correct / n;
        assertThat(realized).isBetween(e.low() - 0.005, e.high() + 0.005);
        assertThat(e.accuracy()).isCloseTo(realized, within(0.015));
        ScoreSketch.Estimate wrong = drifted.estimate(cal);
        assertThat(Math.abs(wrong.accuracy() - (double) correctDrifted / n)).isGreaterThan(0.1);
    }

    @Test
    void scoresOutsideZeroOneAndForeignBytesAreRefused() {
        ScoreSketch s = new ScoreSketch();
        assertThatThrownBy(() -> s.add(1.5, true, null)).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> ScoreSketch.fromBytes(new byte[10])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(s::calibration).hasMessageContaining("no labelled predictions");
    }
}
