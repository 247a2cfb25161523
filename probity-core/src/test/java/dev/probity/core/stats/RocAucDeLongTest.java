package dev.probity.core.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RocAucDeLongTest {

    /** DeLong's placements written out pair by pair, O(mn): the definition, not the midrank shortcut. */
    private static double[] bruteForce(double[] score, boolean[] positive) {
        int m = 0;
        int n = 0;
        for (boolean b : positive) {
            if (b) {
                m++;
            } else {
                n++;
            }
        }
        double[] v10 = new double[m];
        double[] v01 = new double[n];
        int a = 0;
        for (int i = 0; i < score.length; i++) {
            if (!positive[i]) {
                continue;
            }
            for (int j = 0; j < score.length; j++) {
                if (!positive[j]) {
                    v10[a] += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
                }
            }
            v10[a++] /= n;
        }
        int b = 0;
        for (int j = 0; j < score.length; j++) {
            if (positive[j]) {
                continue;
            }
            for (int i = 0; i < score.length; i++) {
                if (positive[i]) {
                    v01[b] += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
                }
            }
            v01[b++] /= m;
        }
        double auc = java.util.Arrays.stream(v10).average().orElseThrow();
        double s10 = var(v10);
        double s01 = var(v01);
        return new double[] {auc, Math.sqrt(s10 / m + s01 / n)};
    }

    private static double var(double[] v) {
        double mean = java.util.Arrays.stream(v).average().orElseThrow();
        return java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1);
    }

    @Test
    void equalsThePairwiseDefinitionWithTies() {
        for (long seed = 1; seed <= 40; seed++) {
            SplitMix64 r = new SplitMix64(seed);
            int n = 4 + r.nextInt(120);
            double[] s = new double[n];
            boolean[] p = new boolean[n];
            p[0] = true;
            p[1] = true;
            for (int i = 0; i < n; i++) {
                p[i] = i < 2 ? p[i] : i < 4 ? false : r.nextDouble() < 0.4;
                s[i] = r.nextInt(seed % 2 == 0 ? 7 : 100000) + (p[i] ? r.nextInt(3) : 0); // many ties on even seeds
            }
            RocAuc.DeLong d = RocAuc.delong(s, p);
            double[] want = bruteForce(s, p);
            assertThat(d.auc()).as("seed %d", seed).isCloseTo(want[0], within(1e-12));
            assertThat(d.auc()).as("seed %d", seed).isCloseTo(RocAuc.of(s, p), within(1e-12));
            assertThat(d.standardError()).as("seed %d", seed).isCloseTo(want[1], within(1e-12));
        }
    }

    @Test
    void perfectSeparationHasNoVarianceAndTooFewRowsHaveNoAnswer() {
        RocAuc.DeLong d = RocAuc.delong(new double[] {1, 2, 3, 4}, new boolean[] {false, false, true, true});
        assertThat(d.auc()).isEqualTo(1.0);
        assertThat(d.standardError()).isEqualTo(0.0);
        Interval i = d.interval(0.95);
        assertThat(i.low()).isEqualTo(1.0);
        assertThat(i.method()).isEqualTo("delong");
        assertThat(RocAuc.delong(new double[] {1, 2, 3}, new boolean[] {false, true, true})).isNull();
    }

    @Test
    void clopperPearsonEqualsRsBinomTestAndItsClosedForms() {
        // R: binom.test(682, 925) reports 0.7076683 0.7654066 (the example of R's documentation)
        Interval r = Interval.clopperPearson(682, 925, 0.95);
        assertThat(r.low()).isCloseTo(0.7076683, within(5e-8));
        assertThat(r.high()).isCloseTo(0.7654066, within(5e-8));
        // no successes: [0, 1 − (α/2)^(1/n)]; all: [(α/2)^(1/n), 1]
        Interval none = Interval.clopperPearson(0, 10, 0.95);
        assertThat(none.low()).isZero();
        assertThat(none.high()).isCloseTo(1 - Math.pow(0.025, 0.1), within(1e-12));
        Interval all = Interval.clopperPearson(10, 10, 0.95);
        assertThat(all.low()).isCloseTo(Math.pow(0.025, 0.1), within(1e-12));
        assertThat(all.high()).isEqualTo(1.0);
        assertThat(Interval.clopperPearson(0, 0, 0.95)).isNull();
    }
}
