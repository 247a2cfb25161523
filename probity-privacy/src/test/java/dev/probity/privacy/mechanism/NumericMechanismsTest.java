package dev.probity.privacy.mechanism;

import dev.probity.core.InputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Laplace, Gaussian, geometric and discrete Gaussian mechanisms: where outputs lie, their moments and tails. */
class NumericMechanismsTest {

    static double[] noise(int n, long seed, double value, java.util.function.BiFunction<Double, Randomness, Release<Double>> m,
            double granularity) {
        Randomness r = Randomness.seeded(seed);
        double rounded = Math.round(value / granularity) * granularity;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double y = m.apply(value, r).value();
            assertThat(y / granularity).as("output %s on the grid %s", y, granularity).isEqualTo(Math.rint(y / granularity));
            out[i] = y - rounded;
        }
        return out;
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    static double variance(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / (x.length - 1);
    }

    static long countAbsAtLeast(double[] x, double t) {
        long c = 0;
        for (double v : x) {
            if (Math.abs(v) >= t) {
                c++;
            }
        }
        return c;
    }

    @Test
    void laplaceOnTheGridWithItsMomentsAndTails() {
        LaplaceMechanism m = LaplaceMechanism.of(1, 1);
        assertThat(m.granularity()).isEqualTo(0x1p-12);
        assertThat(m.sensitivityInGridUnits()).isEqualTo(4096);
        assertThat(m.scale()).isEqualTo(1.0);
        int n = 200_000;
        double[] noise = noise(n, 1, Math.PI, m::release, m.granularity());
        double a = Math.exp(-1 / 4096.0);
        double variance = 2 * a / ((1 - a) * (1 - a)) * 0x1p-24;
        assertThat(mean(noise)).isCloseTo(0, within(5 * Math.sqrt(variance / n)));
        assertThat(variance(noise) / variance).isCloseTo(1, within(5 * Math.sqrt(5.0 / n)));
        assertThat(variance).isCloseTo(2, within(1e-6));
        for (double t : new double[] {1, 3, 6}) {
            Stat.assertProportion("P[|noise| >= " + t + "]", countAbsAtLeast(noise, t), n,
                    2 * Math.pow(a, t * 4096) / (1 + a));
        }
    }

    @Test
    void laplaceScaleAccountsForRounding() {
        // Δ = 0.3: g = 2^-14, Δ/g = 4915.2, so the rounded value has sensitivity 4916 units
        LaplaceMechanism m = LaplaceMechanism.of(0.5, 0.3);
        assertThat(m.granularity()).isEqualTo(0x1p-14);
        assertThat(m.sensitivityInGridUnits()).isEqualTo(4916);
        assertThat(m.scale()).isGreaterThanOrEqualTo(4916 * 0x1p-14 / 0.5).isCloseTo(0.6, within(0.6 / 4096));
        assertThat(m.guarantee()).isEqualTo(new Guarantee("Laplace", 0.5, 0, 0.125));
    }

    @Test
    void laplaceWorksFarFromZero() {
        LaplaceMechanism m = LaplaceMechanism.of(1, 1);
        Randomness r = Randomness.seeded(5);
        // 1e16 / 2^-12 is beyond 2^62: the BigInteger path
        double y = m.release(1e16, r).value();
        assertThat(y).isCloseTo(1e16, within(100.0));
        assertThat(m.release(-1e300, r).value()).isCloseTo(-1e300, within(1e285));
        assertThat(m.release(Double.MAX_VALUE, r).value()).isGreaterThan(1e308);
    }

    @Test
    void releasesSayWhetherTheyArePrivate() {
        LaplaceMechanism m = LaplaceMechanism.of(1, 1);
        Release<Double> seeded = m.release(10, Randomness.seeded(1));
        assertThat(seeded.privateNoise()).isFalse();
        assertThat(seeded.privacyNote()).isEqualTo("not private (seeded noise, for tests)");
        assertThat(seeded.toString()).contains("Laplace: ε = 1.0, δ = 0.0").endsWith("not private (seeded noise, for tests))");
        Release<Double> secure = m.release(10);
        assertThat(secure.privateNoise()).isTrue();
        assertThat(secure.privacyNote()).isEqualTo("private");
        assertThat(secure.value()).isCloseTo(10, within(60.0));
    }

    @Test
    void gaussianOnTheGridWithItsMomentsAndTails() {
        GaussianMechanism m = GaussianMechanism.analytic(1, 1e-5, 1);
        assertThat(m.granularity()).isEqualTo(0x1p-12);
        assertThat(m.sensitivityInGridUnits()).isEqualTo(4096);
        double sigma = m.sigma();
        assertThat(sigma / AnalyticGaussian.sigma(1, 1e-5, 1)).isBetween(1.0, 1 + 1e-6);
        assertThat(m.guarantee().epsilon()).isEqualTo(1);
        assertThat(m.guarantee().delta()).isEqualTo(1e-5);
        assertThat(m.guarantee().rho()).isCloseTo(1 / (2 * sigma * sigma), within(1e-9));
        int n = 100_000;
        double[] noise = noise(n, 2, -17.25, m::release, m.granularity());
        assertThat(mean(noise)).isCloseTo(0, within(5 * sigma / Math.sqrt(n)));
        assertThat(variance(noise) / (sigma * sigma)).isCloseTo(1, within(5 * Math.sqrt(2.0 / n)));
        Stat.assertProportion("P[|noise| >= 2σ]", countAbsAtLeast(noise, 2 * sigma), n, 2 * 0.022750131948179);
        Stat.assertProportion("P[|noise| >= 3σ]", countAbsAtLeast(noise, 3 * sigma), n, 2 * 0.001349898031630);
    }

    @Test
    void gaussianCalibrations() {
        GaussianMechanism classic = GaussianMechanism.classic(0.5, 1e-5, 2);
        assertThat(classic.sigma() / AnalyticGaussian.sigmaClassic(0.5, 1e-5, 2)).isBetween(1.0, 1 + 1e-6);
        assertThatThrownBy(() -> GaussianMechanism.classic(1.5, 1e-5, 1)).isInstanceOf(InputException.class)
                .hasMessageContaining("only for epsilon < 1").hasMessageContaining("got epsilon = 1.5");
        GaussianMechanism z = GaussianMechanism.zcdp(0.5, 1);
        assertThat(z.sigma()).isCloseTo(1, within(1e-6));
        assertThat(z.guarantee().rho()).isCloseTo(0.5, within(1e-6));
        assertThat(z.guarantee().epsilon()).isNaN();
        assertThat(z.guarantee().toString()).isEqualTo("Gaussian (zCDP): ρ = " + z.guarantee().rho() + " (zCDP)");
        assertThatThrownBy(() -> GaussianMechanism.analytic(1, 0, 1)).isInstanceOf(InputException.class)
                .hasMessageContaining("delta must be positive for Gaussian noise");
        // a tiny sensitivity: the grid follows it
        GaussianMechanism tiny = GaussianMechanism.analytic(1, 1e-5, 1e-9);
        assertThat(tiny.sigma() / AnalyticGaussian.sigma(1, 1e-5, 1e-9)).isBetween(1.0, 1.0003);
    }

    @Test
    void geometricNoiseIsDiscreteLaplace() {
        GeometricMechanism m = GeometricMechanism.of(0.5, 2);
        assertThat(m.scale()).isEqualTo(Rational.of(4));
        Randomness r = Randomness.seeded(3);
        long[] noise = new long[200_000];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = m.release(1000, r).value() - 1000;
        }
        assertThat(Stat.chiSquare(noise, DiscreteSamplersTest.laplacePmf(4))).isGreaterThan(1e-4);
        assertThat(m.release(Long.MAX_VALUE, r).value()).isGreaterThan(Long.MAX_VALUE - 1000);
    }

    @Test
    void discreteGaussianNoiseHasItsPmf() {
        DiscreteGaussianMechanism m = DiscreteGaussianMechanism.of(1, 1e-5, 1);
        // the continuous σ (3.7306) gives the discrete Gaussian δ = 1.0346e-5; it needs σ = 3.7405 (mpmath, 40 digits)
        assertThat(m.sigma()).isBetween(3.7404, 3.7406);
        assertThat(DiscreteGaussianPrivacy.delta(m.sigmaSquared(), 1, 1)).isLessThanOrEqualTo(1e-5);
        Randomness r = Randomness.seeded(4);
        long[] noise = new long[200_000];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = m.release(-5, r).value() + 5;
        }
        assertThat(Stat.chiSquare(noise, DiscreteSamplersTest.gaussianPmf(m.sigmaSquared().doubleValue()))).isGreaterThan(1e-4);
        DiscreteGaussianMechanism z = DiscreteGaussianMechanism.zcdp(0.125, 1);
        assertThat(z.sigmaSquared().doubleValue()).isCloseTo(4, within(1e-6));
        assertThat(z.guarantee().rho()).isCloseTo(0.125, within(1e-7));
    }

    @Test
    void parametersAreCheckedWithClearMessages() {
        assertThatThrownBy(() -> LaplaceMechanism.of(0, 1)).isInstanceOf(InputException.class)
                .hasMessage("epsilon must be positive and finite, got 0.0");
        assertThatThrownBy(() -> LaplaceMechanism.of(Double.NaN, 1)).isInstanceOf(InputException.class)
                .hasMessage("epsilon must be positive and finite, got NaN");
        assertThatThrownBy(() -> LaplaceMechanism.of(1, Double.POSITIVE_INFINITY)).isInstanceOf(InputException.class)
                .hasMessage("sensitivity must be positive and finite, got Infinity");
        assertThatThrownBy(() -> LaplaceMechanism.of(1, 0)).isInstanceOf(InputException.class)
                .hasMessage("sensitivity must be positive and finite, got 0.0");
        assertThatThrownBy(() -> LaplaceMechanism.of(1, 1).release(Double.NaN, Randomness.seeded(1)))
                .isInstanceOf(InputException.class).hasMessage("value must be finite, got NaN");
        assertThatThrownBy(() -> GaussianMechanism.analytic(1, 1.0, 1)).isInstanceOf(InputException.class)
                .hasMessage("delta must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> GaussianMechanism.analytic(1, -0.1, 1)).isInstanceOf(InputException.class)
                .hasMessage("delta must be in [0, 1), got -0.1");
        assertThatThrownBy(() -> GaussianMechanism.zcdp(0, 1)).isInstanceOf(InputException.class)
                .hasMessageStartingWith("rho (zero-concentrated differential privacy) must be positive");
        assertThatThrownBy(() -> GeometricMechanism.of(1, 0)).isInstanceOf(InputException.class)
                .hasMessage("sensitivity must be a positive integer, got 0");
        assertThatThrownBy(() -> DiscreteGaussianMechanism.of(1, 0, 1)).isInstanceOf(InputException.class)
                .hasMessageContaining("delta must be positive");
        // ε so small that the noise would leave exact 64-bit arithmetic
        assertThatThrownBy(() -> LaplaceMechanism.of(1e-12, 1)).isInstanceOf(InputException.class)
                .hasMessageStartingWith("epsilon = 1.0E-12 is too small");
        assertThatThrownBy(() -> GaussianMechanism.analytic(1e-12, 1e-20, 1)).isInstanceOf(InputException.class)
                .hasMessageStartingWith("epsilon = 1.0E-12 and delta = 1.0E-20 are too small");
        assertThat(LaplaceMechanism.of(1e-8, 1).scale()).isCloseTo(1e8, within(1e8 / 4096));
    }
}
