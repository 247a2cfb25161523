package dev.probity.mitigation;

import dev.probity.core.InputException;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;
import dev.probity.mitigation.post.CalibratedEqualizedOdds;
import dev.probity.mitigation.post.EqualizedOddsPostprocessing;
import dev.probity.mitigation.post.RejectOptionClassification;
import dev.probity.mitigation.pre.CorrelationRemover;
import dev.probity.mitigation.pre.DisparateImpactRemover;
import dev.probity.mitigation.pre.Massaging;
import dev.probity.mitigation.pre.Resampling;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Hand-checked cases of the remaining pre- and post-processing methods. */
class MoreMethodsTest {
    // group a: 6 rows, 4 positive; group b: 4 rows, 1 positive (P(+)=0.5)
    static final String[] SEX = {"a", "a", "a", "a", "a", "a", "b", "b", "b", "b"};
    static final int[] Y = {1, 1, 1, 1, 0, 0, 1, 0, 0, 0};
    static final double[] S = {0.9, 0.8, 0.7, 0.6, 0.55, 0.2, 0.65, 0.45, 0.3, 0.1};
    static final Groups G = Groups.of(Frame.of(StringColumn.of("sex", SEX)), List.of("sex"));

    @Test
    void uniformResamplingMeetsTheExpectedCellSizes() {
        int[] rows = Resampling.uniform(G, Y, 3);
        int[][] c = Resampling.cellCounts(G, Y, rows);
        // expected: a+ = 6·5/10 = 3, a− = 3, b+ = 4·5/10 = 2, b− = 2
        assertThat(c[0]).containsExactly(3, 3);
        assertThat(c[1]).containsExactly(2, 2);
        assertThat(Resampling.uniform(G, Y, 3)).containsExactly(rows);
    }

    @Test
    void preferentialResamplingDropsAndDuplicatesBorderlineRows() {
        int[] rows = Resampling.preferential(G, Y, S);
        // a+ (0.9, 0.8, 0.7, 0.6) shrinks to 3: the lowest score 0.6 (row 3) goes
        assertThat(rows).doesNotContain(3).contains(0, 1, 2);
        // a− (0.55, 0.2) grows to 3: the highest-scored negative, row 4, is duplicated
        assertThat(Arrays.stream(rows).filter(r -> r == 4).count()).isEqualTo(2);
        // b+ (0.65) grows to 2: row 6 twice; b− (0.45, 0.3, 0.1) shrinks to 2: the highest, row 7, goes
        assertThat(Arrays.stream(rows).filter(r -> r == 6).count()).isEqualTo(2);
        assertThat(rows).doesNotContain(7);
    }

    @Test
    void massagingFlipsKamiranAndCaldersM() {
        int[] m = Massaging.labels(G, Y, S);
        // disc = 4/6 − 1/4 = 5/12; M = disc·6·4/10 = 1: promote the best b negative (row 7), demote the worst a positive (row 3)
        int[] expected = Y.clone();
        expected[7] = 1;
        expected[3] = 0;
        assertThat(m).containsExactly(expected);
    }

    @Test
    void disparateImpactRemoverAlignsGroupDistributionsAndKeepsRanks() {
        double[] x = {1, 2, 3, 4, 10, 20, 30, 40};
        String[] g = {"a", "a", "a", "a", "b", "b", "b", "b"};
        Frame f = Frame.of(DoubleColumn.of("x", x), StringColumn.of("g", g));
        Groups groups = Groups.of(f, List.of("g"));
        double[] full = ((DoubleColumn) new DisparateImpactRemover(1).repair(f, List.of("x"), groups).column("x")).values();
        // the median of two groups' quantiles is their mean: 5.5, 11, 16.5, 22 for both groups
        assertThat(Arrays.copyOfRange(full, 0, 4)).containsExactly(5.5, 11, 16.5, 22);
        assertThat(Arrays.copyOfRange(full, 4, 8)).containsExactly(5.5, 11, 16.5, 22);
        double[] half = ((DoubleColumn) new DisparateImpactRemover(0.5).repair(f, List.of("x"), groups).column("x")).values();
        assertThat(half[0]).isEqualTo(0.5 * 1 + 0.5 * 5.5);
        double[] none = ((DoubleColumn) new DisparateImpactRemover(0).repair(f, List.of("x"), groups).column("x")).values();
        assertThat(none).containsExactly(x);
        assertThatThrownBy(() -> new DisparateImpactRemover(1.5)).isInstanceOf(InputException.class);
    }

    @Test
    void correlationRemoverLeavesNoLinearTraceOfTheGroup() {
        double[] x = {1, 2, 3, 4, 10, 20, 30, 40};
        String[] g = {"a", "a", "a", "a", "b", "b", "b", "b"};
        Frame f = Frame.of(DoubleColumn.of("x", x), StringColumn.of("g", g));
        Groups groups = Groups.of(f, List.of("g"));
        double[] out = ((DoubleColumn) new CorrelationRemover(1).fit(f, List.of("x"), groups).apply(f, groups).column("x")).values();
        double meanA = (out[0] + out[1] + out[2] + out[3]) / 4;
        double meanB = (out[4] + out[5] + out[6] + out[7]) / 4;
        assertThat(meanA).isCloseTo(meanB, within(1e-9));
        // the overall mean is kept: 13.75
        assertThat((meanA + meanB) / 2).isCloseTo(13.75, within(1e-9));
        double[] same = ((DoubleColumn) new CorrelationRemover(0).fit(f, List.of("x"), groups).apply(f, groups).column("x")).values();
        assertThat(same).containsExactly(x);
    }

    @Test
    void equalizedOddsPostprocessingEqualizesBothRatesInExpectation() {
        double[] pred = {1, 1, 1, 0, 1, 0, 0, 0, 1, 0};
        EqualizedOddsPostprocessing.Fitted f = new EqualizedOddsPostprocessing().fit(pred, Y, G);
        double[] p = f.probabilities(pred, G);
        double[] tpr = rate(p, Y, 1);
        double[] fpr = rate(p, Y, 0);
        assertThat(tpr[0]).isCloseTo(tpr[1], within(1e-9));
        assertThat(fpr[0]).isCloseTo(fpr[1], within(1e-9));
    }

    @Test
    void calibratedEqualizedOddsEqualizesGeneralizedFalseNegativeRates() {
        double[] s = S.clone();
        s[6] = 0.7; // b's positive: generalized FNR 0.3, below a's trivial cost 1 − 4/6, so equality is reachable
        CalibratedEqualizedOdds.Fitted f = new CalibratedEqualizedOdds(CalibratedEqualizedOdds.Cost.FALSE_NEGATIVE_RATE, 1).fit(s, Y, G);
        double gfnrA = ((1 - 0.9) + (1 - 0.8) + (1 - 0.7) + (1 - 0.6)) / 4;
        double gfnrB = 1 - 0.7;
        assertThat(f.costBefore()).containsExactly(new double[] {gfnrA, gfnrB}, within(1e-12));
        // expected generalized FNR after mixing: (1 − α)·GFNR_g + α·(1 − μ_g); α_a = (0.3 − 0.25) / (1/3 − 0.25) = 0.6
        assertThat(f.mixRate()[0]).isCloseTo(0.6, within(1e-12));
        assertThat(f.mixRate()[1]).isZero();
        double afterA = (1 - f.mixRate()[0]) * gfnrA + f.mixRate()[0] * (1 - f.baseRate()[0]);
        assertThat(afterA).isCloseTo(gfnrB, within(1e-12));
    }

    @Test
    void calibratedEqualizedOddsMixesFullyWhenEqualityIsOutOfReach() {
        // b's generalized FNR 0.35 exceeds a's trivial cost 1/3: a is replaced by its base rate entirely
        CalibratedEqualizedOdds.Fitted f = new CalibratedEqualizedOdds(CalibratedEqualizedOdds.Cost.FALSE_NEGATIVE_RATE, 1).fit(S, Y, G);
        assertThat(f.mixRate()[0]).isEqualTo(1.0);
    }

    @Test
    void rejectOptionFavoursTheDisadvantagedInsideTheMargin() {
        RejectOptionClassification.Fitted f = new RejectOptionClassification(RejectOptionClassification.Metric.DEMOGRAPHIC_PARITY, 0.2, 50, 20)
                .fit(S, Y, G);
        double[] pred = f.predict(S, G);
        assertThat(f.metricValue()).isLessThanOrEqualTo(0.2 + 1e-12);
        for (int i = 0; i < S.length; i++) {
            boolean inside = Math.abs(S[i] - f.threshold()) <= f.margin();
            double expected = inside ? (f.disadvantaged()[G.of()[i]] ? 1 : 0) : S[i] >= f.threshold() ? 1 : 0;
            assertThat(pred[i]).isEqualTo(expected);
        }
        assertThat(f.disadvantaged()[1]).isTrue();
    }

    static double[] rate(double[] p, int[] y, int label) {
        double[] s = new double[2];
        double[] c = new double[2];
        for (int i = 0; i < p.length; i++) {
            if (y[i] == label) {
                s[G.of()[i]] += p[i];
                c[G.of()[i]]++;
            }
        }
        return new double[] {s[0] / c[0], s[1] / c[1]};
    }
}
