package dev.probity.mitigation.pre;

import dev.probity.core.InputException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RebalancingTest {
    /** 700 rows of group 0, 300 of group 1; labels: group 0 half positive, group 1 a fifth. */
    static int[] groups() {
        int[] g = new int[1000];
        for (int i = 700; i < 1000; i++) {
            g[i] = 1;
        }
        return g;
    }

    static byte[] labels() {
        byte[] y = new byte[1000];
        for (int i = 0; i < 700; i++) {
            y[i] = (byte) (i % 2);
        }
        for (int i = 700; i < 1000; i++) {
            y[i] = (byte) (i % 5 == 0 ? 1 : 0);
        }
        return y;
    }

    static final String[] NAMES = {"M", "F"};

    static Map<String, Double> half() {
        Map<String, Double> t = new LinkedHashMap<>();
        t.put("M", 0.5);
        t.put("F", 0.5);
        return t;
    }

    static long[] count(int[] rows, int[] g) {
        long[] c = new long[2];
        for (int r : rows) {
            c[g[r]]++;
        }
        return c;
    }

    @Test
    void underSamplingKeepsTheScarceGroupAndDuplicatesNoRow() {
        int[] g = groups();
        Rebalancing.Result r = Rebalancing.rebalance(g, NAMES, half(), Rebalancing.Mode.UNDER, labels(), 0, 1);
        assertThat(count(r.rows(), g)).containsExactly(300, 300);
        assertThat(Arrays.stream(r.rows()).distinct().count()).isEqualTo(r.rows().length);
        assertThat(r.duplicates()).isZero();
        // every F row is kept; M keeps its half-positive mix
        assertThat(Arrays.stream(r.rows()).filter(i -> i >= 700).count()).isEqualTo(300);
        byte[] y = labels();
        assertThat(Arrays.stream(r.rows()).filter(i -> i < 700 && y[i] == 1).count()).isEqualTo(150);
        assertThat(r.after()).containsEntry("M", 300L).containsEntry("F", 300L);
    }

    @Test
    void overSamplingKeepsEveryRowAndAddsDuplicates() {
        int[] g = groups();
        Rebalancing.Result r = Rebalancing.rebalance(g, NAMES, half(), Rebalancing.Mode.OVER, labels(), 0, 1);
        assertThat(count(r.rows(), g)).containsExactly(700, 700);
        assertThat(Arrays.stream(r.rows()).distinct().count()).isEqualTo(1000);
        assertThat(r.duplicates()).isEqualTo(400);
        // F's label mix (a fifth positive) is kept: 140 of 700
        byte[] y = labels();
        assertThat(Arrays.stream(r.rows()).filter(i -> i >= 700 && y[i] == 1).count()).isEqualTo(140);
    }

    @Test
    void stratifiedDrawsTheSizeAskedForWithTheTargetShares() {
        int[] g = groups();
        Map<String, Double> t = new LinkedHashMap<>();
        t.put("M", 48.7);
        t.put("F", 51.3);
        Rebalancing.Result r = Rebalancing.rebalance(g, NAMES, t, Rebalancing.Mode.STRATIFIED, null, 800, 3);
        assertThat(r.rows()).hasSize(800);
        assertThat(count(r.rows(), g)).containsExactly(390, 410);
        assertThat(r.duplicates()).isEqualTo(110); // F has 300 rows for 410 places
        assertThat(r.rows()).isSorted();
        // same seed, same rows; another seed, other rows
        assertThat(Rebalancing.rebalance(g, NAMES, t, Rebalancing.Mode.STRATIFIED, null, 800, 3).rows()).isEqualTo(r.rows());
        assertThat(Rebalancing.rebalance(g, NAMES, t, Rebalancing.Mode.STRATIFIED, null, 800, 4).rows()).isNotEqualTo(r.rows());
    }

    @Test
    void largestRemainderAddsUpExactly() {
        assertThat(Rebalancing.largestRemainder(new double[] {1, 1, 1}, 10)).containsExactly(4, 3, 3);
        assertThat(Rebalancing.largestRemainder(new double[] {0.487, 0.513}, 800)).containsExactly(390, 410);
        assertThat(Rebalancing.largestRemainder(new double[] {0, 1}, 5)).containsExactly(0, 5);
    }

    @Test
    void impossibleTargetsAreRefused() {
        int[] g = groups();
        assertThatThrownBy(() -> Rebalancing.rebalance(g, NAMES, Map.of("M", 1.0), Rebalancing.Mode.UNDER, null, 0, 1))
                .isInstanceOf(InputException.class).hasMessageContaining("'F' has no target share");
        Map<String, Double> t = new LinkedHashMap<>(half());
        t.put("X", 0.2);
        assertThatThrownBy(() -> Rebalancing.rebalance(g, NAMES, t, Rebalancing.Mode.UNDER, null, 0, 1))
                .hasMessageContaining("'X' has a target share but no row");
        assertThatThrownBy(() -> Rebalancing.Mode.parse("smote")).hasMessageContaining("under, over or stratified");
    }
}
