package dev.probity.privacy.mechanism;

import dev.probity.core.InputException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The exponential mechanism and permute-and-flip against their exact distributions. */
class SelectionTest {
    static final double[] UTILITIES = {3, 1, 2.5, -4, 2.75};

    static long[] choices(int n, java.util.function.Function<Randomness, Integer> select, long seed) {
        Randomness r = Randomness.seeded(seed);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = select.apply(r);
        }
        return out;
    }

    @Test
    void exponentialMechanismHasItsDistribution() {
        double eps = 1.3;
        double delta = 0.5;
        double[] w = new double[UTILITIES.length];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.exp(eps * UTILITIES[i] / (2 * delta));
            sum += w[i];
        }
        double total = sum;
        ExponentialMechanism m = ExponentialMechanism.of(eps, delta);
        long[] c = choices(200_000, r -> m.select(UTILITIES, r).value(), 1);
        assertThat(Stat.chiSquare(c, i -> i >= 0 && i < w.length ? w[(int) i] / total : 0)).isGreaterThan(1e-4);
    }

    /** P[i] averaged over all k! orders: the walk passes each earlier candidate j with probability 1 − p_j. */
    static double[] permuteAndFlipExact(double[] q, double eps, double delta) {
        int k = q.length;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : q) {
            max = Math.max(max, v);
        }
        double[] p = new double[k];
        for (int i = 0; i < k; i++) {
            p[i] = Math.exp(eps * (q[i] - max) / (2 * delta));
        }
        double[] out = new double[k];
        List<int[]> perms = new ArrayList<>();
        permutations(new int[k], new boolean[k], 0, perms);
        for (int[] order : perms) {
            double reach = 1;
            for (int i : order) {
                out[i] += reach * p[i] / perms.size();
                reach *= 1 - p[i];
            }
        }
        return out;
    }

    static void permutations(int[] current, boolean[] used, int depth, List<int[]> out) {
        if (depth == current.length) {
            out.add(current.clone());
            return;
        }
        for (int i = 0; i < current.length; i++) {
            if (!used[i]) {
                used[i] = true;
                current[depth] = i;
                permutations(current, used, depth + 1, out);
                used[i] = false;
            }
        }
    }

    @Test
    void permuteAndFlipHasItsDistribution() {
        double[] exact = permuteAndFlipExact(UTILITIES, 1.3, 0.5);
        assertThat(java.util.Arrays.stream(exact).sum()).isCloseTo(1, within(1e-12));
        PermuteAndFlip m = PermuteAndFlip.of(1.3, 0.5);
        long[] c = choices(200_000, r -> m.select(UTILITIES, r).value(), 2);
        assertThat(Stat.chiSquare(c, i -> i >= 0 && i < exact.length ? exact[(int) i] : 0)).isGreaterThan(1e-4);
    }

    @Test
    void permuteAndFlipIsReportNoisyMaxWithExponentialNoise() {
        // Ding et al. 2021: the same distribution as argmax of q_i + Exp(scale 2Δ/ε); estimated here in floating
        // point (a test needs no privacy) and compared with the exact permute-and-flip probabilities
        double[] exact = permuteAndFlipExact(UTILITIES, 1.3, 0.5);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        int n = 400_000;
        long[] c = new long[n];
        for (int s = 0; s < n; s++) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < UTILITIES.length; i++) {
                double v = UTILITIES[i] - 2 * 0.5 / 1.3 * Math.log(1 - rng.nextDouble());
                if (v > bestValue) {
                    bestValue = v;
                    best = i;
                }
            }
            c[s] = best;
        }
        assertThat(Stat.chiSquare(c, i -> i >= 0 && i < exact.length ? exact[(int) i] : 0)).isGreaterThan(1e-4);
    }

    @Test
    void hugeUtilityGapsAndOneCandidate() {
        Randomness r = Randomness.seeded(4);
        double[] q = {1e300, -1e300, 0};
        for (int i = 0; i < 100; i++) {
            assertThat(PermuteAndFlip.of(1, 1).select(q, r).value()).isZero();
            assertThat(ExponentialMechanism.of(1, 1).select(q, r).value()).isZero();
        }
        assertThat(PermuteAndFlip.of(1, 1).select(new double[] {5}, r).value()).isZero();
        assertThat(ExponentialMechanism.of(1, 1).select(new double[] {5}).privateNoise()).isTrue();
    }

    @Test
    void utilitiesAreChecked() {
        assertThatThrownBy(() -> PermuteAndFlip.of(1, 1).select(new double[0])).isInstanceOf(InputException.class)
                .hasMessage("utilities must hold at least one candidate's score");
        assertThatThrownBy(() -> ExponentialMechanism.of(1, 1).select(new double[] {1, Double.NaN}))
                .isInstanceOf(InputException.class).hasMessage("utility of candidate 1 must be finite, got NaN");
        assertThatThrownBy(() -> ExponentialMechanism.of(-1, 1)).isInstanceOf(InputException.class)
                .hasMessage("epsilon must be positive and finite, got -1.0");
    }
}
