package dev.probity.privacy.mechanism;

import dev.probity.core.InputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AboveThresholdTest {

    @Test
    void stopsAtTheFirstAboveAndRefusesMore() {
        AboveThreshold svt = AboveThreshold.of(1, 1, 100);
        AboveThreshold.Run run = svt.start(Randomness.seeded(1));
        assertThat(run.privateNoise()).isFalse();
        for (int i = 0; i < 50; i++) {
            assertThat(run.isAbove(0)).isFalse();
        }
        assertThat(run.isAbove(1000)).isTrue();
        assertThat(run.stopped()).isTrue();
        assertThat(run.asked()).isEqualTo(51);
        assertThatThrownBy(() -> run.isAbove(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stopped at its first 'above' (query 50)");
    }

    @Test
    void firstAboveFindsTheClearCase() {
        AboveThreshold svt = AboveThreshold.of(1, 1, 0);
        Randomness r = Randomness.seeded(2);
        assertThat(svt.firstAbove(new double[] {-500, -400, 500, 600}, r).value()).isEqualTo(2);
        assertThat(svt.firstAbove(new double[] {-500, -400}, r).value()).isEqualTo(-1);
    }

    /**
     * One query at the threshold plus x: P[above] = P[ν − ρ >= −x] for the rounded, integer noise. Both are discrete
     * Laplace in grid units; the test computes the exact probability from their pmfs and compares.
     */
    @Test
    void probabilityOfAboveMatchesTheNoiseDistributions() {
        double eps = 2;
        AboveThreshold svt = AboveThreshold.of(eps, 1, 0);
        // grid units: Δ = 1 → g = 2^-12, Δ_g = 4096; scales 2·4096/ε and 4·4096/ε
        double b1 = 2 * 4096 / eps;
        double b2 = 4 * 4096 / eps;
        double x = 0.5;
        long shift = Math.round(x * 4096);
        // P[ν − ρ >= −shift] = Σ_r P[ρ = r] P[ν >= r − shift]
        double a1 = Math.exp(-1 / b1);
        double a2 = Math.exp(-1 / b2);
        double p = 0;
        for (long rho = -400_000; rho <= 400_000; rho++) {
            double pr = (1 - a1) / (1 + a1) * Math.pow(a1, Math.abs(rho));
            long t = rho - shift;
            double tail = t <= 0 ? 1 - Math.pow(a2, -t + 1) / (1 + a2) : Math.pow(a2, t) / (1 + a2);
            p += pr * tail;
        }
        Randomness r = Randomness.seeded(3);
        int n = 100_000;
        int above = 0;
        for (int i = 0; i < n; i++) {
            if (svt.start(r).isAbove(x)) {
                above++;
            }
        }
        Stat.assertProportion("P[above] for a query 0.5 above the threshold", above, n, p);
    }

    @Test
    void parametersAreChecked() {
        assertThatThrownBy(() -> AboveThreshold.of(1, 1, Double.NaN)).isInstanceOf(InputException.class)
                .hasMessage("threshold must be finite, got NaN");
        assertThatThrownBy(() -> AboveThreshold.of(1, 1, 0).start(Randomness.seeded(1)).isAbove(Double.POSITIVE_INFINITY))
                .isInstanceOf(InputException.class).hasMessage("query must be finite, got Infinity");
        assertThat(AboveThreshold.of(1, 1, 0).guarantee().epsilon()).isEqualTo(1);
    }
}
