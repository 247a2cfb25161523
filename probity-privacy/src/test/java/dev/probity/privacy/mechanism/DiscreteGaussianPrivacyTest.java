package dev.probity.privacy.mechanism;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DiscreteGaussianPrivacyTest {

    /** Σ_y max(0, p(y) − e^ε p(y + Δ)), every probability computed and summed directly. */
    static double bruteForce(double s2, long d, double epsilon) {
        long range = (long) (60 * Math.sqrt(s2)) + 50 + d;
        double z = 0;
        for (long y = -range; y <= range; y++) {
            z += Math.exp(-(double) y * y / (2 * s2));
        }
        double delta = 0;
        for (long y = -range; y <= range; y++) {
            double p = Math.exp(-(double) y * y / (2 * s2)) / z;
            double q = Math.exp(-(double) (y + d) * (y + d) / (2 * s2)) / z;
            delta += Math.max(0, p - Math.exp(epsilon) * q);
        }
        return delta;
    }

    @Test
    void deltaIsTheHockeyStickDivergence() {
        for (Rational s2 : new Rational[] {Rational.of(1, 4), Rational.ONE, Rational.of(289, 100), Rational.of(139, 10),
                Rational.of(100), Rational.of(2500)}) {
            for (long d : new long[] {1, 2, 3}) {
                for (double eps : new double[] {0, 0.1, 0.5, 1, 2}) {
                    double expected = bruteForce(s2.doubleValue(), d, eps);
                    double actual = DiscreteGaussianPrivacy.delta(s2, d, eps);
                    assertThat(actual).as("σ² %s, Δ %d, ε %s", s2, d, eps).isGreaterThanOrEqualTo(expected)
                            .isCloseTo(expected, within(2e-9 * expected + 1e-300));
                }
            }
        }
    }

    @Test
    void discreteCanBeWorseThanContinuous() {
        // σ = 1, Δ = 1, ε = 1: 0.141351 discrete (mpmath, 40 digits) against 0.126937 continuous
        assertThat(DiscreteGaussianPrivacy.delta(Rational.ONE, 1, 1)).isCloseTo(0.141351, within(5e-7));
        assertThat(AnalyticGaussian.delta(1, 1, 1)).isCloseTo(0.126937, within(5e-7));
    }

    @Test
    void boundForLargeSigmaIsAboveTheSumAndClose() {
        // σ = 2^19 on Δ = 4096 (σ/Δ = 128), at the ε where continuous δ = 1e-5
        double s2 = Math.pow(2, 38);
        long d = 4096;
        double eps = AnalyticGaussian.epsilon(1e-5, Math.sqrt(s2), d);
        double threshold = eps * s2 / d - d / 2.0;
        double sum = DiscreteGaussianPrivacy.sum(s2, d, eps, threshold);
        double bound = DiscreteGaussianPrivacy.bound(s2, d, eps, threshold);
        assertThat(sum).isCloseTo(1e-5, within(1e-8));
        assertThat(bound).isGreaterThan(sum);
        assertThat(bound / sum - 1).isLessThan(0.02);
    }

    @Test
    void calibrationMeetsDeltaWithAHair() {
        for (long d : new long[] {1, 3, 5000}) {
            for (double eps : new double[] {0.1, 1, 4}) {
                double continuous = AnalyticGaussian.sigma(eps, 1e-6, d);
                Rational s2 = DiscreteGaussianPrivacy.calibrate(eps, 1e-6, d, continuous);
                assertThat(DiscreteGaussianPrivacy.delta(s2, d, eps)).isLessThanOrEqualTo(1e-6);
                assertThat(Math.sqrt(s2.doubleValue()) / continuous).as("Δ %d, ε %s", d, eps).isBetween(1.0, 1.01);
            }
        }
        assertThat(DiscreteGaussianPrivacy.rho(Rational.of(8), 2)).isEqualTo(0.25);
    }
}
