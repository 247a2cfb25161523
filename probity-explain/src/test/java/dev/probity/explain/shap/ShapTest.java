package dev.probity.explain.shap;

import dev.probity.core.InputException;
import dev.probity.core.stats.SplitMix64;
import dev.probity.core.testing.Cases;
import dev.probity.core.testing.Shrink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ShapTest {
    static List<String> names(int m) {
        List<String> n = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            n.add("x" + j);
        }
        return n;
    }

    static double[] random(int n, long seed) {
        SplitMix64 r = new SplitMix64(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble() * 4 - 2;
        }
        return v;
    }

    /** On a linear model every method gives the closed form wⱼ·(xⱼ − E[xⱼ]). */
    @Test
    void linearModelGivesTheClosedForm() {
        int m = 10;
        double[] w = random(m, 1);
        Predictor f = (rows, n, out) -> {
            for (int i = 0; i < n; i++) {
                double s = 0.5;
                for (int j = 0; j < m; j++) {
                    s += w[j] * rows[i * m + j];
                }
                out[i] = s;
            }
        };
        Background bg = Background.all(random(10 * m, 2), 10, m);
        double[] x = random(m, 3);
        double[] expected = new double[m];
        for (int j = 0; j < m; j++) {
            double mean = 0;
            for (int k = 0; k < 10; k++) {
                mean += bg.rows()[k * m + j] / 10;
            }
            expected[j] = w[j] * (x[j] - mean);
        }
        int[][] g = Coalitions.singletons(m);
        double[] exact = ExactShap.values(f, bg, x, g, null);
        Explanation kernel = new KernelShap(0, 0, 1).explain(f, bg, x, g, names(m), names(m));
        Explanation perm = new PermutationShap(3, 1).explain(f, bg, x, g, names(m), names(m));
        Explanation sampled = new KernelShap(200, 0, 1).explain(f, bg, x, g, names(m), names(m));
        for (int j = 0; j < m; j++) {
            assertThat(exact[j]).isCloseTo(expected[j], within(1e-12));
            assertThat(kernel.values()[j]).isCloseTo(expected[j], within(1e-9));
            assertThat(perm.values()[j]).isCloseTo(expected[j], within(1e-12));
            assertThat(sampled.values()[j]).as("sampled kernel, feature %d", j).isCloseTo(expected[j], within(1e-9));
        }
    }

    static Predictor nonlinear(int m) {
        return (rows, n, out) -> {
            for (int i = 0; i < n; i++) {
                int b = i * m;
                out[i] = rows[b] * rows[b + 1] + Math.sin(rows[b + 2]) + rows[b + 3] * rows[b + 3] * rows[b + 4]
                        + (m > 5 ? Math.max(0, rows[b + 5] - rows[b]) : 0);
            }
        };
    }

    /** On a non-linear model the exact enumeration equals an independent brute force, and full-budget KernelSHAP equals both. */
    @Test
    void nonlinearModelMatchesBruteForce() {
        int m = 6;
        Predictor f = nonlinear(m);
        Background bg = Background.all(random(5 * m, 4), 5, m);
        double[] x = random(m, 5);
        double[] brute = brute(f, bg, x, m);
        double[] exact = ExactShap.values(f, bg, x, Coalitions.singletons(m), null);
        Explanation kernel = new KernelShap(100, 0, 1).explain(f, bg, x, Coalitions.singletons(m), names(m), names(m));
        for (int j = 0; j < m; j++) {
            assertThat(exact[j]).isCloseTo(brute[j], within(1e-12));
            assertThat(kernel.values()[j]).isCloseTo(brute[j], within(1e-9));
        }
        double sum = 0;
        for (double v : kernel.values()) {
            sum += v;
        }
        assertThat(kernel.base() + sum).isCloseTo(kernel.prediction(), within(1e-12));
    }

    /** Shapley values by the permutation definition over all M! orderings: an independent computation. */
    static double[] brute(Predictor f, Background bg, double[] x, int m) {
        double[] phi = new double[m];
        int[] perm = new int[m];
        for (int i = 0; i < m; i++) {
            perm[i] = i;
        }
        int count = 0;
        do {
            boolean[] in = new boolean[m];
            double prev = game(f, bg, x, in);
            for (int i = 0; i < m; i++) {
                in[perm[i]] = true;
                double now = game(f, bg, x, in);
                phi[perm[i]] += now - prev;
                prev = now;
            }
            count++;
        } while (nextPermutation(perm));
        for (int j = 0; j < m; j++) {
            phi[j] /= count;
        }
        return phi;
    }

    static double game(Predictor f, Background bg, double[] x, boolean[] in) {
        int m = x.length;
        double v = 0;
        double[] row = new double[m];
        double[] out = new double[1];
        for (int k = 0; k < bg.n(); k++) {
            for (int j = 0; j < m; j++) {
                row[j] = in[j] ? x[j] : bg.rows()[k * m + j];
            }
            f.predict(row, 1, out);
            v += bg.weights()[k] * out[0];
        }
        return v;
    }

    static boolean nextPermutation(int[] a) {
        int i = a.length - 2;
        while (i >= 0 && a[i] >= a[i + 1]) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        int j = a.length - 1;
        while (a[j] <= a[i]) {
            j--;
        }
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
        for (int l = i + 1, r = a.length - 1; l < r; l++, r--) {
            t = a[l];
            a[l] = a[r];
            a[r] = t;
        }
        return true;
    }

    /** The seed of one random model input and background (1 to 1,000,000). */
    record ModelSeed(long seed) {
    }

    static Stream<ModelSeed> modelSeeds() {
        return Cases.of(0x5A4BL, 15, g -> new ModelSeed(g.between(1, 1_000_000)));
    }

    /** KernelSHAP converges: more coalitions give a smaller error against exact enumeration, and the full budget is exact. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("modelSeeds")
    void kernelErrorShrinksWithSamples(ModelSeed c) {
        Shrink.check(c, ShapTest::kernelConverges);
    }

    static void kernelConverges(ModelSeed c) {
        long seed = c.seed();
        int m = 12;
        Predictor f = nonlinear(m);
        Background bg = Background.all(random(4 * m, seed), 4, m);
        double[] x = random(m, seed + 1);
        double[] exact = ExactShap.values(f, bg, x, Coalitions.singletons(m), null);
        double small = 0;
        double large = 0;
        for (int s = 0; s < 4; s++) {
            small += error(new KernelShap(60, 0, seed * 31 + s).explain(f, bg, x, Coalitions.singletons(m), names(m), names(m)), exact);
            large += error(new KernelShap(1500, 0, seed * 31 + s).explain(f, bg, x, Coalitions.singletons(m), names(m), names(m)), exact);
        }
        double full = error(new KernelShap(4094, 0, seed).explain(f, bg, x, Coalitions.singletons(m), names(m), names(m)), exact);
        assertThat(large).isLessThan(small);
        assertThat(full).isLessThan(1e-8);
    }

    static double error(Explanation e, double[] exact) {
        double s = 0;
        for (int j = 0; j < exact.length; j++) {
            s += (e.values()[j] - exact[j]) * (e.values()[j] - exact[j]);
        }
        return Math.sqrt(s);
    }

    @Test
    void sparsityRuleKeepsTheTopFeatures() {
        int m = 8;
        double[] w = {5, 0.01, -4, 0.02, 0.01, 3, 0.0, 0.01};
        Predictor f = (rows, n, out) -> {
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < m; j++) {
                    s += w[j] * rows[i * m + j];
                }
                out[i] = s;
            }
        };
        Background bg = Background.all(random(6 * m, 8), 6, m);
        Explanation e = new KernelShap(0, 3, 1).explain(f, bg, random(m, 9), Coalitions.singletons(m), names(m), names(m));
        long nonZero = java.util.Arrays.stream(e.values()).filter(v -> v != 0).count();
        assertThat(nonZero).isEqualTo(3);
        assertThat(e.values()[1]).isZero();
    }

    @Test
    void groupsSwitchTheirColumnsTogether() {
        // f depends on columns 0 and 1 only through their sum; grouping them gives one value for the group
        Predictor f = (rows, n, out) -> {
            for (int i = 0; i < n; i++) {
                out[i] = (rows[i * 3] + rows[i * 3 + 1]) * rows[i * 3 + 2];
            }
        };
        Background bg = Background.all(new double[] {0, 0, 1, 1, 1, 2}, 2, 3);
        double[] x = {2, 3, 4};
        int[][] groups = {{0, 1}, {2}};
        double[] phi = ExactShap.values(f, bg, x, groups, null);
        double fx = 20;
        double base = (0 * 1 + 2 * 2) / 2.0;
        assertThat(phi[0] + phi[1]).isCloseTo(fx - base, within(1e-12));
        // two-player game by hand: v({}) = 2, v({g}) = mean(5·1, 5·2) = 7.5, v({2}) = mean(0·4, 2·4) = 4, v(all) = 20
        assertThat(phi[0]).isCloseTo(0.5 * (7.5 - 2) + 0.5 * (20 - 4), within(1e-12));
    }

    @Test
    void emptyBackgroundIsRejected() {
        assertThatThrownBy(() -> Background.all(new double[0], 0, 3)).isInstanceOf(InputException.class)
                .hasMessageContaining("background set is empty");
    }
}
