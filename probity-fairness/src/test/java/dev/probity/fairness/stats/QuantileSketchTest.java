package dev.probity.fairness.stats;

import dev.probity.core.testing.Cases;
import dev.probity.core.testing.Gen;
import dev.probity.core.testing.Shrink;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** DDSketch's guarantee against brute force, and merges that equal the sketch of the whole, bucket for bucket. */
class QuantileSketchTest {
    /** {@code n} values from {@code seed}: a mixture of scales and signs, with ties and zeros. */
    record Sample(long seed, int n, int cut) {
        double[] values() {
            Gen g = Gen.of(seed);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = switch (g.between(0, 5)) {
                    case 0 -> 0;
                    case 1 -> -Math.exp(g.uniform() * 10 - 3);
                    case 2 -> Math.round(g.uniform() * 20) / 4.0;
                    default -> Math.exp(g.uniform() * 16 - 8);
                };
            }
            return v;
        }
    }

    static Stream<Sample> samples() {
        return Cases.of(0xDD5L, 60, g -> {
            int n = g.between(1, 3000);
            return new Sample(g.nextLong(), n, g.between(0, n));
        });
    }

    static java.util.List<Sample> smaller(Sample s) {
        java.util.List<Sample> out = new java.util.ArrayList<>();
        if (s.n() > 1) {
            out.add(new Sample(s.seed(), s.n() / 2, Math.min(s.cut(), s.n() / 2)));
            out.add(new Sample(s.seed(), s.n() - 1, Math.min(s.cut(), s.n() - 1)));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void quantilesAreWithinTheRelativeErrorOfTheSampleValueAtThatRank(Sample sample) {
        Shrink.check(sample, QuantileSketchTest::smaller, s -> {
            double[] v = s.values();
            QuantileSketch sk = new QuantileSketch();
            for (double x : v) {
                sk.add(x);
            }
            double[] sorted = v.clone();
            Arrays.sort(sorted);
            for (double q : new double[] {0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1}) {
                double exact = sorted[(int) Math.floor(q * (v.length - 1))];
                double est = sk.quantile(q);
                assertThat(Math.abs(est - exact)).as("q = %s: %s vs %s", q, est, exact)
                        .isLessThanOrEqualTo(QuantileSketch.DEFAULT_ALPHA * Math.abs(exact) + 1e-300);
            }
            assertThat(sk.quantile(0)).isEqualTo(sorted[0]);
            assertThat(sk.quantile(1)).isEqualTo(sorted[v.length - 1]);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void partsMergeToExactlyTheSketchOfTheWhole(Sample sample) {
        Shrink.check(sample, QuantileSketchTest::smaller, s -> {
            double[] v = s.values();
            QuantileSketch whole = new QuantileSketch();
            QuantileSketch a = new QuantileSketch();
            QuantileSketch b = new QuantileSketch();
            for (int i = 0; i < v.length; i++) {
                whole.add(v[i]);
                (i < s.cut() ? a : b).add(v[i]);
            }
            assertThat(a.plus(b)).isEqualTo(whole);
            assertThat(b.plus(a)).isEqualTo(whole);
            assertThat(a.plus(b).quantile(0.5)).isEqualTo(whole.quantile(0.5));
        });
    }
}
