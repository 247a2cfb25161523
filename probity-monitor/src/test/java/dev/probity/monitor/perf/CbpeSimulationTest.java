package dev.probity.monitor.perf;

import dev.probity.core.stats.SplitMix64;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CBPE under covariate shift, where it should work: the truth P(y = 1 | x) = σ(2x − 1) never changes, x moves from chunk
 * to chunk, and an overconfident model that also puts its boundary in the wrong place, score σ(2.5·(2x − 0.8)), scores
 * every row. The reference (30,000 rows, x ~ N(0.5, 1.5²)) has labels; eight chunks of 5,000 rows are estimated without
 * them: two drawn as the reference, three whose x narrows onto the model's boundary (accuracy falls), three whose x moves
 * away from it (accuracy rises). Seeded, so the numbers printed are the ones docs/monitoring.md quotes.
 */
class CbpeSimulationTest {
    /** Each chunk's x ~ N(μ, σ²): first as the reference, then narrowing onto the boundary, then moving away from it. */
    static final double[] MU = {0.5, 0.5, 0.5, 0.5, 0.5, 1.0, 2.0, 3.0};
    static final double[] SD = {1.5, 1.5, 1.0, 0.7, 0.5, 1.5, 1.5, 1.5};
    static final int CHUNK = 5_000;

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    static double gaussian(SplitMix64 rng) {
        double u = 1 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** x from N(mean, sd²), the label from the truth, the score from the model; {@code calibrated}: the model is the truth. */
    record Sample(double[] scores, int[] labels) {
        static Sample draw(long stream, int n, double mean, double sd, boolean calibrated) {
            SplitMix64 rng = SplitMix64.stream(20260502L, stream);
            double[] s = new double[n];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                double x = mean + sd * gaussian(rng);
                double truth = sigmoid(2 * x - 1);
                y[i] = rng.nextDouble() < truth ? 1 : 0;
                s[i] = calibrated ? truth : sigmoid(2.5 * (2 * x - 0.8));
            }
            return new Sample(s, y);
        }
    }

    static Sample analysis(boolean calibrated) {
        double[] s = new double[MU.length * CHUNK];
        int[] y = new int[s.length];
        for (int c = 0; c < MU.length; c++) {
            Sample one = Sample.draw(1 + c, CHUNK, MU[c], SD[c], calibrated);
            System.arraycopy(one.scores(), 0, s, c * CHUNK, CHUNK);
            System.arraycopy(one.labels(), 0, y, c * CHUNK, CHUNK);
        }
        return new Sample(s, y);
    }

    @Test
    void estimatedAccuracyTracksTheRealizedUnderCovariateShiftAndCalibrationIsWhatMakesItSo() {
        Sample ref = Sample.draw(0, 30_000, 0.5, 1.5, false);
        Sample now = analysis(false);
        Cbpe.Estimator cbpe = Cbpe.fit(ref.scores(), ref.labels(), Chunking.bySize(CHUNK), Cbpe.Settings.defaults());
        Cbpe.Estimator raw = Cbpe.fit(ref.scores(), ref.labels(), Chunking.bySize(CHUNK),
                Cbpe.Settings.defaults().withCalibration(Calibration.Method.NONE, Calibration.When.ALWAYS));
        // the rule sees the overconfidence on held-out reference rows
        assertThat(cbpe.calibration().applied()).as(cbpe.calibration().reason()).isTrue();
        assertThat(cbpe.calibration().eceRaw()).isGreaterThan(0.05);
        assertThat(cbpe.calibration().eceCalibrated()).isLessThan(0.01);

        // labels are passed so that the report carries the realized values; the estimates never read them
        Cbpe.Report r = cbpe.estimate(now.scores(), now.labels(), Chunking.bySize(CHUNK));
        Cbpe.Report u = raw.estimate(now.scores(), now.labels(), Chunking.bySize(CHUNK));
        Cbpe.Report blind = cbpe.estimate(now.scores(), null, Chunking.bySize(CHUNK));
        assertThat(r.chunks()).hasSize(MU.length);
        double lowest = 1;
        double highest = 0;
        double errCalibrated = 0;
        double errRaw = 0;
        Cbpe.Threshold t = r.thresholds().get(Cbpe.Metric.ACCURACY.ordinal());
        System.out.printf(Locale.ROOT, "calibration: %s%nthresholds (accuracy): [%.4f, %.4f] from %d reference chunks%n",
                r.calibration().reason(), t.lower(), t.upper(), t.chunks());
        System.out.println("chunk  x ~ N(mu, sd)  realized  CBPE    band              error   uncalibrated  error   ROC AUC real/est  alert");
        for (int c = 0; c < MU.length; c++) {
            Cbpe.Estimate acc = r.chunks().get(c).get(Cbpe.Metric.ACCURACY);
            Cbpe.Estimate rawAcc = u.chunks().get(c).get(Cbpe.Metric.ACCURACY);
            Cbpe.Estimate auc = r.chunks().get(c).get(Cbpe.Metric.ROC_AUC);
            assertThat(blind.chunks().get(c).get(Cbpe.Metric.ACCURACY).value()).isEqualTo(acc.value());
            assertThat(blind.chunks().get(c).get(Cbpe.Metric.ACCURACY).realized()).isNaN();
            System.out.printf(Locale.ROOT, "%-14s N(%.1f, %.1f)  %.4f    %.4f  [%.4f, %.4f]  %+.4f  %.4f        %+.4f  %.4f / %.4f   %s%n",
                    r.chunks().get(c).key(), MU[c], SD[c], acc.realized(), acc.value(), acc.lower(), acc.upper(), acc.value() - acc.realized(),
                    rawAcc.value(), rawAcc.value() - rawAcc.realized(), auc.realized(), auc.value(), acc.alert() ? "ALERT" : "");
            assertThat(Math.abs(acc.value() - acc.realized())).as("chunk " + c + ": estimate vs realized").isLessThan(0.02);
            assertThat(acc.realized()).as("chunk " + c + ": realized within the band").isBetween(acc.lower(), acc.upper());
            assertThat(Math.abs(auc.value() - auc.realized())).as("chunk " + c + ": ROC AUC").isLessThan(0.02);
            lowest = Math.min(lowest, acc.realized());
            highest = Math.max(highest, acc.realized());
            errCalibrated += Math.abs(acc.value() - acc.realized()) / MU.length;
            errRaw += Math.abs(rawAcc.value() - rawAcc.realized()) / MU.length;
        }
        System.out.printf(Locale.ROOT, "realized accuracy from %.4f to %.4f; mean |error| %.4f calibrated, %.4f uncalibrated%n", lowest, highest,
                errCalibrated, errRaw);
        // the accuracy itself moves by several points ...
        assertThat(highest - lowest).isGreaterThan(0.08);
        // ... and without calibration the estimate is off by far more than with it
        assertThat(errRaw).isGreaterThan(0.04).isGreaterThan(5 * errCalibrated);
        // the shifted chunks whose accuracy left the reference's range are flagged, those near the reference are not
        for (int c = 0; c < MU.length; c++) {
            Cbpe.Estimate acc = r.chunks().get(c).get(Cbpe.Metric.ACCURACY);
            boolean outside = acc.realized() < t.lower() || acc.realized() > t.upper();
            if (Math.abs(acc.realized() - t.mean()) > 2 * (t.upper() - t.mean())) {
                assertThat(acc.alert()).as("chunk " + c + " far outside the thresholds").isTrue();
            }
            if (MU[c] == 0.5 && SD[c] == 1.5) {
                assertThat(outside).isFalse();
                assertThat(acc.alert()).as("chunk " + c + " drawn like the reference's centre").isFalse();
            }
        }
    }

    @Test
    void aCalibratedModelNeedsNoCalibratorAndIsEstimatedAsWell() {
        Sample ref = Sample.draw(0, 30_000, 0.5, 1.5, true);
        Sample now = analysis(true);
        Cbpe.Estimator cbpe = Cbpe.fit(ref.scores(), ref.labels(), Chunking.bySize(CHUNK), Cbpe.Settings.defaults());
        Cbpe.Report r = cbpe.estimate(now.scores(), now.labels(), Chunking.bySize(CHUNK));
        System.out.println("calibrated model: " + r.calibration().reason());
        for (Cbpe.ChunkResult c : r.chunks()) {
            Cbpe.Estimate acc = c.get(Cbpe.Metric.ACCURACY);
            assertThat(Math.abs(acc.value() - acc.realized())).as(c.key()).isLessThan(0.02);
        }
    }
}
