package dev.probity.fairness.audit;

import dev.probity.core.testing.Cases;
import dev.probity.core.testing.Shrink;
import dev.probity.fairness.metrics.Estimate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Identities between metrics, differences and ratios, on 300 seeded random confusion tables of two groups
 * (group A may have empty cells, the reference B has none). A failure is shrunk towards smaller counts.
 */
class IdentityPropertyTest {
    static final double EPS = 1e-12;

    /** Confusion counts (tp, fp, tn, fn, in the order {@link Tables#confusion} takes them) of groups A and B. */
    record Counts(int[] a, int[] b) {
        @Override
        public String toString() {
            return "A " + java.util.Arrays.toString(a) + ", B " + java.util.Arrays.toString(b);
        }
    }

    static Stream<Counts> tables() {
        return Cases.of(0x1DE47L, 300, g -> {
            int[] a = new int[4];
            int[] b = new int[4];
            do {
                for (int k = 0; k < 4; k++) {
                    a[k] = g.between(0, 40);
                }
            } while (a[0] + a[1] + a[2] + a[3] < 2);
            for (int k = 0; k < 4; k++) {
                b[k] = g.between(1, 40);
            }
            return new Counts(a, b);
        });
    }

    /** Each count halved or lowered by one, keeping A at two rows or more and B's cells non-empty. */
    static List<Counts> smaller(Counts c) {
        List<Counts> out = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            int[] cells = k < 4 ? c.a() : c.b();
            int min = k < 4 ? 0 : 1;
            int v = cells[k % 4];
            for (int w : new int[] {Math.max(min, v / 2), v - 1}) {
                if (w >= min && w < v) {
                    int[] a = c.a().clone();
                    int[] b = c.b().clone();
                    (k < 4 ? a : b)[k % 4] = w;
                    if (a[0] + a[1] + a[2] + a[3] >= 2) {
                        out.add(new Counts(a, b));
                    }
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void differenceAndRatioIdentitiesHold(Counts counts) {
        Shrink.check(counts, IdentityPropertyTest::smaller, IdentityPropertyTest::identities);
    }

    static void identities(Counts counts) {
        int[] x1 = counts.a();
        int[] x2 = counts.b();
        AuditResult r = Audit.run(Tables.confusion("A", x1[0], x1[1], x1[2], x1[3], "B", x2[0], x2[1], x2[2], x2[3]),
                AuditSpec.builder().label("y").prediction("p").protectedAttributes("g").reference("g", "B").minGroupSize(1).build());
        MetricTable g = r.attribute("g");
        for (GroupResult gr : g.groups()) {
            Map<String, Estimate> m = gr.metrics();
            complement(m, "tpr", "fnr");
            complement(m, "tnr", "fpr");
            complement(m, "precision", "fdr");
            complement(m, "npv", "for");
            complement(m, "accuracy", "error_rate");
        }
        GroupResult a = g.group("A");
        GroupResult b = g.group("B");
        GroupDisparity d = g.disparity("A");
        for (Comparison c : d.comparisons()) {
            Estimate x = a.metric(c.metric());
            Estimate y = b.metric(c.metric());
            if (x.isDefined() && y.isDefined()) {
                assertThat(c.difference().number()).as(c.metric()).isCloseTo(x.number() - y.number(), within(EPS));
                if (y.number() != 0) {
                    assertThat(c.ratio().number() * y.number()).as(c.metric()).isCloseTo(x.number(), within(1e-9));
                    if (c.ratio().analytic() != null) {
                        assertThat(c.ratio().analytic().contains(c.ratio().number())).isTrue();
                    }
                } else {
                    assertThat(c.ratio().isDefined()).isFalse();
                }
                if (c.difference().analytic() != null) {
                    assertThat(c.difference().analytic().contains(c.difference().number())).isTrue();
                }
            }
        }
        for (Map.Entry<String, Summary> e : g.aggregates().entrySet()) {
            Map<String, Estimate> s = e.getValue().values();
            if (s.get("difference").isDefined()) {
                assertThat(s.get("difference").number()).isGreaterThanOrEqualTo(0)
                        .isCloseTo(s.get("group_max").number() - s.get("group_min").number(), within(EPS));
            }
            if (s.get("ratio").isDefined()) {
                assertThat(s.get("ratio").number()).isBetween(0.0, 1.0);
            }
            if (s.get("ratio_to_overall").isDefined()) {
                assertThat(s.get("ratio_to_overall").number()).isBetween(0.0, 1.0);
            }
        }
        Map<String, Estimate> sum = g.summary();
        if (sum.get("equalized_odds_difference").isDefined()) {
            assertThat(sum.get("equalized_odds_difference").number())
                    .isGreaterThanOrEqualTo(sum.get("equal_opportunity_difference").number() - EPS);
        }
        Map<String, Estimate> aif = d.aif360();
        if (aif.get("average_odds_difference").isDefined()) {
            assertThat(aif.get("average_abs_odds_difference").number())
                    .isGreaterThanOrEqualTo(Math.abs(aif.get("average_odds_difference").number()) - EPS);
        }
        // With two groups, Clarify's "rest" is the reference: DPPL = −SPD and Clarify's DI = AIF360's DI.
        Map<String, Estimate> c = d.clarify();
        assertThat(c.get("DPPL").number()).isCloseTo(-aif.get("statistical_parity_difference").number(), within(EPS));
        if (aif.get("disparate_impact").isDefined()) {
            assertThat(c.get("DI").number()).isCloseTo(aif.get("disparate_impact").number(), within(EPS));
        }
    }

    static void complement(Map<String, Estimate> m, String a, String b) {
        if (m.get(a).isDefined()) {
            assertThat(m.get(a).number() + m.get(b).number()).as(a + " + " + b).isCloseTo(1.0, within(EPS));
        } else {
            assertThat(m.get(b).isDefined()).isFalse();
        }
    }
}
