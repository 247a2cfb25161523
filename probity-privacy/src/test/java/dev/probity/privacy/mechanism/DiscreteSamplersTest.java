package dev.probity.privacy.mechanism;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.function.LongToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The exact samplers against their exact probability mass functions, computed here from the definitions. */
class DiscreteSamplersTest {
    static final int N = 200_000;

    /** P[x] = exp(-x²/(2σ²)) / Σ_y exp(-y²/(2σ²)), the normalizer summed directly. */
    static LongToDoubleFunction gaussianPmf(double s2) {
        long range = (long) (60 * Math.sqrt(s2)) + 10;
        double z = 0;
        for (long y = -range; y <= range; y++) {
            z += Math.exp(-(double) y * y / (2 * s2));
        }
        double norm = z;
        return x -> Math.exp(-(double) x * x / (2 * s2)) / norm;
    }

    /** P[x] = (1 - e^{-1/b}) / (1 + e^{-1/b}) e^{-|x|/b}. */
    static LongToDoubleFunction laplacePmf(double b) {
        double a = Math.exp(-1 / b);
        return x -> (1 - a) / (1 + a) * Math.pow(a, Math.abs(x));
    }

    static long[] draw(int n, long seed, java.util.function.ToLongFunction<Randomness> sampler) {
        Randomness r = Randomness.seeded(seed);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = sampler.applyAsLong(r);
        }
        return out;
    }

    @ParameterizedTest(name = "σ² = {0}/{1}")
    @CsvSource({"1, 4", "1, 1", "289, 100", "9, 1", "25, 2", "100, 1", "7, 3"})
    void discreteGaussianFitsItsPmf(long num, long den) {
        DiscreteGaussian g = DiscreteGaussian.withVariance(Rational.of(num, den));
        long[] samples = draw(N, num * 1000 + den, g::sample);
        double s2 = (double) num / den;
        assertThat(Stat.chiSquare(samples, gaussianPmf(s2))).as("chi-square p-value, σ² = %s", s2).isGreaterThan(1e-4);
        // symmetric, mean 0
        double mean = 0;
        for (long s : samples) {
            mean += s;
        }
        mean /= N;
        assertThat(mean).isCloseTo(0, within(6 * Math.sqrt(s2 / N)));
    }

    @Test
    void discreteGaussianMeanVarianceAndTailsAtSigma1000() {
        DiscreteGaussian g = DiscreteGaussian.withVariance(Rational.of(1_000_000));
        int n = 100_000;
        long[] s = draw(n, 1000, g::sample);
        Moments m = Moments.of(s);
        assertThat(m.mean).isCloseTo(0, within(5 * 1000 / Math.sqrt(n)));
        assertThat(m.variance / 1e6).isCloseTo(1, within(5 * Math.sqrt(2.0 / n)));
        // tails: P[|X| >= 2σ] and P[|X| >= 3σ] of N(0, 1) (the discrete ones differ by ~1/σ, far inside the interval)
        Stat.assertProportion("P[|X| >= 2000]", m.count(x -> Math.abs(x) >= 2000), n, 2 * 0.022750131948179);
        Stat.assertProportion("P[|X| >= 3000]", m.count(x -> Math.abs(x) >= 3000), n, 2 * 0.001349898031630);
    }

    @Test
    void discreteGaussianBigIntegerPath() {
        // σ² = 2^40: beyond the long fast path (N >= 2^31)
        DiscreteGaussian g = DiscreteGaussian.withVariance(Rational.of(1L << 40));
        int n = 20_000;
        long[] s = draw(n, 40, g::sample);
        Moments m = Moments.of(s);
        double sigma = 1 << 20;
        assertThat(m.mean).isCloseTo(0, within(5 * sigma / Math.sqrt(n)));
        assertThat(m.variance / (sigma * sigma)).isCloseTo(1, within(5 * Math.sqrt(2.0 / n)));
        Stat.assertProportion("P[|X| >= 2σ]", m.count(x -> Math.abs(x) >= 2 * sigma), n, 2 * 0.022750131948179);
    }

    @ParameterizedTest(name = "scale {0}/{1}")
    @CsvSource({"1, 3", "1, 1", "5, 1", "41, 2", "10000000000000, 1000000000000"})
    void discreteLaplaceFitsItsPmf(long num, long den) {
        DiscreteLaplace l = DiscreteLaplace.withScale(Rational.of(num, den));
        long[] samples = draw(N, num + den, l::sample);
        assertThat(Stat.chiSquare(samples, laplacePmf((double) num / den))).as("chi-square p-value").isGreaterThan(1e-4);
    }

    @Test
    void discreteLaplaceMeanVarianceAndTailsAtScale1000() {
        DiscreteLaplace l = DiscreteLaplace.withScale(Rational.of(1000));
        int n = 100_000;
        Moments m = Moments.of(draw(n, 77, l::sample));
        double a = Math.exp(-1 / 1000.0);
        double variance = 2 * a / ((1 - a) * (1 - a));
        assertThat(m.mean).isCloseTo(0, within(5 * Math.sqrt(variance / n)));
        // Laplace kurtosis 6: Var(s²) ≈ (μ4 − σ⁴)/n = 5σ⁴/n
        assertThat(m.variance / variance).isCloseTo(1, within(5 * Math.sqrt(5.0 / n)));
        // P[|X| >= t] = 2 a^t / (1 + a)
        Stat.assertProportion("P[|X| >= 3000]", m.count(x -> Math.abs(x) >= 3000), n, 2 * Math.pow(a, 3000) / (1 + a));
    }

    @Test
    void discreteLaplaceWithAHugeScaleRunsInBigIntegers() {
        // scale (2^70 + 1) / 2^64: numerator beyond 2^62
        Rational scale = new Rational(java.math.BigInteger.ONE.shiftLeft(70).add(java.math.BigInteger.ONE),
                java.math.BigInteger.ONE.shiftLeft(64));
        DiscreteLaplace l = DiscreteLaplace.withScale(scale);
        long[] samples = draw(50_000, 70, l::sample);
        assertThat(Stat.chiSquare(samples, laplacePmf(scale.doubleValue()))).isGreaterThan(1e-4);
    }

    @ParameterizedTest(name = "scale {0}/{1}")
    @CsvSource({"7, 10", "3, 1"})
    void geometricFitsItsPmf(long num, long den) {
        Geometric g = Geometric.withScale(Rational.of(num, den));
        long[] samples = draw(N, num * 7 + den, g::sample);
        double a = Math.exp(-(double) den / num);
        assertThat(Stat.chiSquare(samples, k -> k < 0 ? 0 : (1 - a) * Math.pow(a, k))).isGreaterThan(1e-4);
    }

    record Moments(long[] samples, double mean, double variance) {
        static Moments of(long[] s) {
            double mean = 0;
            for (long x : s) {
                mean += x;
            }
            mean /= s.length;
            double v = 0;
            for (long x : s) {
                v += (x - mean) * (x - mean);
            }
            return new Moments(s, mean, v / (s.length - 1));
        }

        long count(java.util.function.LongPredicate p) {
            long c = 0;
            for (long x : samples) {
                if (p.test(x)) {
                    c++;
                }
            }
            return c;
        }
    }
}
