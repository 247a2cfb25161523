package dev.probity.monitor.perf;

import dev.probity.core.InputException;
import dev.probity.core.stats.SplitMix64;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CalibrationTest {
    @Test
    void poolAdjacentViolatorsMergesBlocksIntoTheirWeightedMeans() {
        assertThat(Isotonic.pava(new double[] {1, 3, 2}, new double[] {1, 1, 1})).containsExactly(1, 2.5, 2.5);
        assertThat(Isotonic.pava(new double[] {3, 1, 2}, new double[] {1, 1, 1})).containsExactly(2, 2, 2);
        assertThat(Isotonic.pava(new double[] {3, 1}, new double[] {1, 3})).containsExactly(1.5, 1.5);
        assertThat(Isotonic.pava(new double[] {0, 1, 2}, new double[] {1, 1, 1})).containsExactly(0, 1, 2);
    }

    @Test
    void isotonicRegressionRefusesWhatScikitLearnRefuses() {
        assertThatThrownBy(() -> Isotonic.fit(new double[] {0, 1}, new double[] {0}))
                .isInstanceOf(InputException.class).hasMessageContaining("2 inputs, 1 targets");
        assertThatThrownBy(() -> Isotonic.fit(new double[] {0, Double.NaN}, new double[] {0, 1}))
                .isInstanceOf(InputException.class).hasMessageContaining("row 1");
        assertThatThrownBy(() -> Isotonic.fit(new double[] {0, 1}, new double[] {0, 1}, new double[] {1, -1}))
                .isInstanceOf(InputException.class).hasMessageContaining("row 1 has -1");
        assertThatThrownBy(() -> Isotonic.fit(new double[] {0, 1}, new double[] {0, 1}, new double[] {0, 0}))
                .isInstanceOf(InputException.class).hasMessageContaining("positive weight");
    }

    @Test
    void theRuleLeavesScoresThatSeparateTheClassesOrAreTurnedOff() {
        double[] s = {0.1, 0.2, 0.3, 0.7, 0.8, 0.9};
        int[] y = {0, 0, 0, 1, 1, 1};
        Calibration.Check c = Calibration.check(s, y, Calibration.Method.ISOTONIC, Calibration.When.IF_IT_HELPS, Calibration.Rule.defaults());
        assertThat(c.applied()).isFalse();
        assertThat(c.reason()).contains("ROC AUC is 1.0000 (> 0.999)");
        assertThat(Calibration.check(s, y, Calibration.Method.NONE, Calibration.When.ALWAYS, Calibration.Rule.defaults()).applied()).isFalse();
        assertThat(Calibration.check(s, y, Calibration.Method.PLATT, Calibration.When.ALWAYS, Calibration.Rule.defaults()).applied()).isTrue();
    }

    @Test
    void theRuleIsSeededAndComparesHeldOutCalibrationErrors() {
        SplitMix64 rng = new SplitMix64(3);
        int n = 2_000;
        double[] s = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double p = rng.nextDouble();
            y[i] = rng.nextDouble() < p ? 1 : 0;
            s[i] = Math.sqrt(p); // too high everywhere: calibration must help
        }
        Calibration.Rule rule = Calibration.Rule.defaults();
        Calibration.Check a = Calibration.check(s, y, Calibration.Method.ISOTONIC, Calibration.When.IF_IT_HELPS, rule);
        Calibration.Check b = Calibration.check(s, y, Calibration.Method.ISOTONIC, Calibration.When.IF_IT_HELPS, rule);
        assertThat(a).isEqualTo(b);
        assertThat(a.applied()).isTrue();
        assertThat(a.eceRaw()).isGreaterThan(a.eceCalibrated());
        Calibration.Check platt = Calibration.check(s, y, Calibration.Method.PLATT, Calibration.When.IF_IT_HELPS, rule);
        assertThat(platt.applied()).isTrue();
        assertThat(platt.eceRaw()).isEqualTo(a.eceRaw()); // the same held-out rows, raw
        Calibration.Check other = Calibration.check(s, y, Calibration.Method.ISOTONIC, Calibration.When.IF_IT_HELPS,
                new Calibration.Rule(10, 10, 0.1, 43));
        assertThat(other.eceRaw()).isNotEqualTo(a.eceRaw());
    }

    @Test
    void tooFewRowsForTheCheckSaySo() {
        double[] s = {0.1, 0.6, 0.3, 0.4, 0.5};
        assertThatThrownBy(() -> Calibration.check(s, new int[] {0, 0, 0, 1, 0}, Calibration.Method.ISOTONIC, Calibration.When.IF_IT_HELPS,
                Calibration.Rule.defaults())).isInstanceOf(InputException.class).hasMessageContaining("at least 2 rows of each class");
        assertThatThrownBy(() -> Calibration.expectedCalibrationError(new double[] {0.1, 0.2, 0.3}, new int[] {0, 1, 0}, 10))
                .isInstanceOf(InputException.class).hasMessageContaining("3 rows");
    }
}
