package dev.probity.monitor.robust;

import dev.probity.core.InputException;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.Missing;
import dev.probity.core.frame.StringColumn;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CausalDiscriminationTest {
    /** log-odds x1 + 2·[sex = M] − 1: for x1 in (−1, 1) being a man decides; elsewhere sex does not matter. */
    static final AffineModel MODEL = new AffineModel(List.of("x1"), new double[] {1.0}, -1, "sex", Map.of("M", 2.0), true);

    static Frame people() {
        int n = 400;
        double[] x = new double[n];
        String[] sex = new String[n];
        for (int i = 0; i < n; i++) {
            x[i] = (i % 100) / 10.0 - 5; // -5 .. 4.9
            sex[i] = i < 200 ? "F" : "M";
        }
        return Frame.of(new DoubleColumn("x1", x, Missing.NONE), StringColumn.of("sex", sex));
    }

    @Test
    void theScoreIsTheShareOfPeopleWhoseDecisionTheAttributeAloneChanges() {
        Frame d = people();
        CausalDiscrimination.Settings s = new CausalDiscrimination.Settings("sex", List.of(), CausalDiscrimination.Sampling.DATA,
                400, 1e-9, 0.95, 1);
        CausalDiscrimination.Result r = CausalDiscrimination.run(MODEL, d, s);
        // x1 in (-1, 1): -0.9 .. 0.9 is 19 of every 100 values; x1 = -1 gives log-odds exactly 0 as a man (P = 0.5, class 1)
        // and -2 as a woman, so it flips too: 20 of every 100
        assertThat(r.inputs()).isEqualTo(400);
        assertThat(r.discriminated()).isEqualTo(80);
        assertThat(r.score()).isEqualTo(0.2);
        CausalDiscrimination.Flip fToM = r.flips().stream().filter(f -> f.from().equals("F")).findFirst().orElseThrow();
        assertThat(fToM.to()).isEqualTo("M");
        assertThat(fToM.inputs()).isEqualTo(200);
        assertThat(fToM.changed()).isEqualTo(40);
        // as men, every woman with x1 > -1 gets class 1 (x1 = -1 too: P = 0.5)
        assertThat(fToM.favourable()).isEqualTo(2 * 60);
        assertThat(r.interval().low()).isLessThan(0.2);
        assertThat(r.stoppedEarly()).isFalse();
    }

    @Test
    void uniformSamplingStopsAtTheMarginAndStaysNearTheTrueScore() {
        CausalDiscrimination.Settings s = new CausalDiscrimination.Settings("sex", List.of(), CausalDiscrimination.Sampling.UNIFORM,
                100_000, 0.02, 0.95, 3);
        CausalDiscrimination.Result r = CausalDiscrimination.run(MODEL, people(), s);
        assertThat(r.stoppedEarly()).isTrue();
        assertThat(r.inputs()).isLessThan(100_000);
        // uniform x1 on [-5, 4.9]: P(-1 <= x1 < 1) = 2 / 9.9
        assertThat(r.interval().low()).isLessThan(2 / 9.9);
        assertThat(r.interval().high()).isGreaterThan(2 / 9.9);
    }

    @Test
    void aSmallFileIsNeverResampledIntoALargeSample() {
        CausalDiscrimination.Result r = CausalDiscrimination.run(MODEL, people().select(new int[] {0, 1, 2, 200, 201, 202, 203}), CausalDiscrimination.Settings.of("sex"));
        assertThat(r.inputs()).isEqualTo(7);
        assertThat(r.interval().high()).isGreaterThan(0.3);
    }

    @Test
    void anAttributeTheModelDoesNotReadIsRefusedWithTheReason() {
        Frame d = people().withColumn(StringColumn.of("race", new String[400]));
        assertThatThrownBy(() -> CausalDiscrimination.run(MODEL, d, CausalDiscrimination.Settings.of("race")))
                .isInstanceOf(InputException.class).hasMessageContaining("not an input of the model");
        assertThatThrownBy(() -> CausalDiscrimination.run(MODEL, d, CausalDiscrimination.Settings.of("x1")))
                .isInstanceOf(InputException.class).hasMessageContaining("fractional");
    }
}
