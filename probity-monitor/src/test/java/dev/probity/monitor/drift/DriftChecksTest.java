package dev.probity.monitor.drift;

import dev.probity.core.InputException;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DriftChecksTest {
    @Test
    void scipysPublishedKsCases() {
        // scipy's tests (TestKSTwoSamples): exact p-values as fractions
        assertThat(KolmogorovSmirnov.test(new double[] {1.01, 2.01}, new double[] {1, 2, 3, 4}).pValue()).isCloseTo(14.0 / 15, within(1e-14));
        assertThat(KolmogorovSmirnov.test(new double[] {0.99, 1.99}, new double[] {1, 2, 3, 4}).pValue()).isCloseTo(6.0 / 15, within(1e-14));
        assertThat(KolmogorovSmirnov.test(new double[] {0.99, 1.99}, new double[] {1, 2, 3}).pValue()).isCloseTo(0.6, within(1e-14));
        KolmogorovSmirnov.Result same = KolmogorovSmirnov.test(new double[] {3, 1, 2}, new double[] {2, 3, 1});
        assertThat(same.statistic()).isZero();
        assertThat(same.pValue()).isEqualTo(1.0);
        assertThatThrownBy(() -> KolmogorovSmirnov.test(new double[0], new double[] {1})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theOneSampleDistributionInEachRegion() {
        // n·x ≤ ½: nothing can be that close; n·x ≥ n − 1: 2(1 − x)^n; Ruben–Gambino between 1/(2n) and 1/n
        assertThat(Kolmogorov.sf(10, 0.04).p()).isEqualTo(1.0);
        assertThat(Kolmogorov.sf(10, 0.95).p()).isCloseTo(2 * Math.pow(0.05, 10), within(1e-25));
        double cdf = 3628800 / Math.pow(10, 10) * Math.pow(2 * 10 * 0.08 - 1, 10); // 10!/10^10 (2t − 1)^10
        assertThat(Kolmogorov.sf(10, 0.08).p()).isCloseTo(1 - cdf, within(1e-15));
        // the limiting distribution at its median (Kolmogorov: K(0.8276) ≈ 0.5)
        assertThat(Kolmogorov.limiting(0.82757355518990772)).isCloseTo(0.5, within(1e-9));
        // the Durbin matrix and the limiting distribution meet for large n
        assertThat(Kolmogorov.sf(100000, 0.8276 / Math.sqrt(100000)).p()).isCloseTo(0.5, within(3e-3));
    }

    @Test
    void evidentlysAutomaticChoice() {
        Object[][] cases = {
            {true, 1000, 6, dev.probity.monitor.drift.DriftTest.KS}, {true, 1000, 5, dev.probity.monitor.drift.DriftTest.CHI_SQUARE},
            {true, 1000, 2, dev.probity.monitor.drift.DriftTest.Z}, {false, 1000, 3, dev.probity.monitor.drift.DriftTest.CHI_SQUARE},
            {false, 500, 2, dev.probity.monitor.drift.DriftTest.Z}, {true, 1001, 6, dev.probity.monitor.drift.DriftTest.WASSERSTEIN},
            {true, 1001, 5, dev.probity.monitor.drift.DriftTest.JENSEN_SHANNON}, {false, 5000, 2, dev.probity.monitor.drift.DriftTest.JENSEN_SHANNON},
            {false, 5000, 40, dev.probity.monitor.drift.DriftTest.JENSEN_SHANNON}};
        for (Object[] c : cases) {
            Map.Entry<dev.probity.monitor.drift.DriftTest, String> ch = Drift.choose((Boolean) c[0], (Integer) c[1], (Integer) c[2]);
            assertThat(ch.getKey()).as(java.util.Arrays.toString(c)).isEqualTo(c[3]);
        }
        assertThat(Drift.choose(true, 1000, 6).getValue()).isEqualTo("numerical, 6 distinct values, reference of 1,000 rows or fewer");
    }

    @Test
    void aReportOfTwoFrames() {
        double[] r = new double[200];
        double[] c = new double[200];
        String[] rl = new String[200];
        String[] cl = new String[200];
        for (int i = 0; i < 200; i++) {
            r[i] = i % 50;
            c[i] = i % 50 + (i % 3 == 0 ? 25 : 0);
            rl[i] = i % 2 == 0 ? "a" : "b";
            cl[i] = i % 2 == 0 ? "a" : i % 5 == 0 ? null : "b";
        }
        Frame ref = new Frame("ref.csv", List.of(DoubleColumn.of("x", r), StringColumn.of("g", rl)));
        Frame cur = new Frame("cur.csv", List.of(DoubleColumn.of("x", c), StringColumn.of("g", cl), DoubleColumn.of("only", c)));
        Drift.Report rep = Drift.run(ref, cur, Drift.Spec.defaults());
        Map<String, Drift.ColumnDrift> by = Drift.byColumn(rep);
        assertThat(by).containsOnlyKeys("x", "g");
        assertThat(by.get("x").test()).isEqualTo("ks");
        assertThat(by.get("x").drifted()).isTrue();
        assertThat(by.get("g").test()).isEqualTo("z");
        assertThat(by.get("g").currentRows()).isEqualTo(180); // missing values left out
        assertThat(by.get("g").drifted()).isFalse();
        assertThat(rep.share()).isEqualTo(0.5);
        assertThat(rep.datasetDrift()).isTrue(); // the share reaches 0.5
        Drift.Report psi = Drift.run(ref, cur, new Drift.Spec(List.of("x"), dev.probity.monitor.drift.DriftTest.PSI, 0.2, 0.5));
        assertThat(psi.columns().get(0).threshold()).isEqualTo(0.2);
        Drift.Report ks = Drift.run(ref, cur, new Drift.Spec(null, dev.probity.monitor.drift.DriftTest.KS, Double.NaN, 0.5));
        assertThat(ks.skipped()).extracting(Drift.Skipped::column).containsExactly("g");
        // Fisher's exact test takes the two-valued column and skips the numerical one with 50 values
        Drift.Report fisher = Drift.run(ref, cur, new Drift.Spec(null, dev.probity.monitor.drift.DriftTest.FISHER, Double.NaN, 0.5));
        assertThat(fisher.columns()).extracting(Drift.ColumnDrift::column).containsExactly("g");
        assertThat(fisher.columns().get(0).rule()).isEqualTo("p < 0.1");
        assertThat(fisher.skipped()).extracting(Drift.Skipped::reason).containsExactly("75 distinct values; fisher_exact compares columns with at most two");
        assertThatThrownBy(() -> Drift.run(ref, cur, new Drift.Spec(List.of("nope"), null, Double.NaN, 0.5))).isInstanceOf(InputException.class)
                .hasMessageContaining("ref.csv");
        assertThatThrownBy(() -> new Drift.Spec(null, null, Double.NaN, 0)).hasMessageContaining("drift share");
        assertThatThrownBy(() -> dev.probity.monitor.drift.DriftTest.parse("t-test")).hasMessageContaining("the tests are auto, ks");
    }
}
