package dev.probity.text.bias;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WeatTest {
    static final int D = 40;

    /**
     * A unit vector whose association s(w, {e0}, {e1}) is exactly {@code s}: w = α (e0 − e1)/√2 + √(1 − α²) r with r a
     * random unit vector orthogonal to e0 and e1, so cos(w, e0) − cos(w, e1) = √2 α.
     */
    static float[] planted(double s, Random rnd) {
        double alpha = s / Math.sqrt(2);
        double[] r = new double[D];
        double norm = 0;
        for (int i = 2; i < D; i++) {
            r[i] = rnd.nextGaussian();
            norm += r[i] * r[i];
        }
        float[] w = new float[D];
        w[0] = (float) (alpha / Math.sqrt(2));
        w[1] = (float) (-alpha / Math.sqrt(2));
        for (int i = 2; i < D; i++) {
            w[i] = (float) (Math.sqrt(1 - alpha * alpha) * r[i] / Math.sqrt(norm));
        }
        return w;
    }

    static float[] unit(int axis) {
        float[] e = new float[D];
        e[axis] = 1;
        return e;
    }

    @Test
    void recoversThePlantedEffectSizeExactly() {
        Random rnd = new Random(1);
        double[] sx = new double[25];
        double[] sy = new double[25];
        List<float[]> x = new ArrayList<>();
        List<float[]> y = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            sx[i] = 0.3 + 0.2 * rnd.nextGaussian();
            sy[i] = -0.3 + 0.2 * rnd.nextGaussian();
            x.add(planted(Math.max(-1.2, Math.min(1.2, sx[i])), rnd));
            y.add(planted(Math.max(-1.2, Math.min(1.2, sy[i])), rnd));
        }
        // the effect size from the planted associations alone (Cohen's d over the pooled set, n − 1)
        double mx = 0;
        double my = 0;
        for (int i = 0; i < 25; i++) {
            mx += sx[i] / 25;
            my += sy[i] / 25;
        }
        double m = (mx + my) / 2;
        double ss = 0;
        for (int i = 0; i < 25; i++) {
            ss += (sx[i] - m) * (sx[i] - m) + (sy[i] - m) * (sy[i] - m);
        }
        double planted = (mx - my) / Math.sqrt(ss / 49);
        Weat w = Weat.test(x, y, List.of(unit(0)), List.of(unit(1)), 9);
        assertThat(w.effectSize()).isCloseTo(planted, within(1e-5));
        assertThat(w.statistic()).isCloseTo(25 * (mx - my), within(1e-5));
        assertThat(w.exact()).isFalse(); // C(50, 25) partitions: sampled
        assertThat(w.pValue()).isLessThan(1e-3);
    }

    @Test
    void randomVectorsWithABuiltInBiasGiveThePopulationEffectSize() {
        // bias direction u; targets X lean towards +u, Y towards −u; attributes A = +u side, B = −u side, plus noise
        Random rnd = new Random(2);
        double beta = 0.15;
        List<float[]> x = new ArrayList<>();
        List<float[]> y = new ArrayList<>();
        List<float[]> a = new ArrayList<>();
        List<float[]> b = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            a.add(noisy(rnd, +1, 1.0));
            b.add(noisy(rnd, -1, 1.0));
        }
        for (int i = 0; i < 300; i++) {
            x.add(noisy(rnd, +1, beta));
            y.add(noisy(rnd, -1, beta));
        }
        Weat biased = Weat.test(x, y, a, b, 3);
        // Monte Carlo of the population effect size with fresh draws from the same generator
        Random fresh = new Random(99);
        List<float[]> bigX = new ArrayList<>();
        List<float[]> bigY = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            bigX.add(noisy(fresh, +1, beta));
            bigY.add(noisy(fresh, -1, beta));
        }
        double population = Weat.test(bigX, bigY, a, b, 1, 10, 1).effectSize();
        assertThat(population).isGreaterThan(0.5);
        assertThat(biased.effectSize()).isCloseTo(population, within(0.2));
        assertThat(biased.pValue()).isLessThan(0.001);
        // without the bias the effect size is near 0 and the test does not reject
        List<float[]> x0 = new ArrayList<>();
        List<float[]> y0 = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            x0.add(noisy(rnd, +1, 0));
            y0.add(noisy(rnd, -1, 0));
        }
        Weat clean = Weat.test(x0, y0, a, b, 3);
        assertThat(Math.abs(clean.effectSize())).isLessThan(0.2);
        assertThat(clean.pValue()).isGreaterThan(0.01);
    }

    static float[] noisy(Random rnd, int side, double strength) {
        float[] v = new float[D];
        for (int i = 0; i < D; i++) {
            v[i] = (float) (rnd.nextGaussian() / Math.sqrt(D));
        }
        v[0] += (float) (side * strength);
        return v;
    }

    @Test
    void theExactPValueCountsEveryPartition() {
        // s values by construction: X = {0.9, 0.8}, Y = {0.1, 0.0}; 6 partitions of 4 into 2+2, only the observed one
        // reaches Σ 1.7, so p = 1/6
        Random rnd = new Random(3);
        List<float[]> x = List.of(planted(0.9, rnd), planted(0.8, rnd));
        List<float[]> y = List.of(planted(0.1, rnd), planted(0.0, rnd));
        Weat w = Weat.test(x, y, List.of(unit(0)), List.of(unit(1)), 1);
        assertThat(w.exact()).isTrue();
        assertThat(w.partitions()).isEqualTo(6);
        assertThat(w.pValue()).isCloseTo(1.0 / 6, within(1e-12));
        // reversed, the observed partition has the smallest sum, so every partition reaches it: p = 1
        Weat r = Weat.test(y, x, List.of(unit(0)), List.of(unit(1)), 1);
        assertThat(r.pValue()).isCloseTo(1.0, within(1e-12));
        assertThat(r.effectSize()).isCloseTo(-w.effectSize(), within(1e-9));
    }

    @Test
    void sampledAndExactAgreeWhereBothApply() {
        Random rnd = new Random(4);
        List<float[]> x = new ArrayList<>();
        List<float[]> y = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            x.add(planted(0.2 + 0.3 * rnd.nextGaussian(), rnd));
            y.add(planted(0.3 * rnd.nextGaussian(), rnd));
        }
        Weat exact = Weat.test(x, y, List.of(unit(0)), List.of(unit(1)), 10_000, 0, 1);
        Weat sampled = Weat.test(x, y, List.of(unit(0)), List.of(unit(1)), 10, 200_000, 5);
        assertThat(exact.exact()).isTrue();
        assertThat(exact.partitions()).isEqualTo(3432);
        assertThat(sampled.exact()).isFalse();
        assertThat(sampled.pValue()).isCloseTo(exact.pValue(), within(0.005));
        assertThat(Weat.test(x, y, List.of(unit(0)), List.of(unit(1)), 10, 1000, 5))
                .isEqualTo(Weat.test(x, y, List.of(unit(0)), List.of(unit(1)), 10, 1000, 5));
    }
}
