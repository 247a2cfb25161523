package dev.probity.fairness.audit;

import dev.probity.fairness.metrics.Estimate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Identities between metrics, differences and ratios, on random confusion tables. */
class IdentityPropertyTest {
    static final double EPS = 1e-12;

    @Property(tries = 300)
    void differenceAndRatioIdentitiesHold(@ForAll @IntRange(min = 0, max = 40) int a1, @ForAll @IntRange(min = 0, max = 40) int a2,
                                          @ForAll @IntRange(min = 0, max = 40) int a3, @ForAll @IntRange(min = 0, max = 40) int a4,
                                          @ForAll @IntRange(min = 1, max = 40) int b1, @ForAll @IntRange(min = 1, max = 40) int b2,
                                          @ForAll @IntRange(min = 1, max = 40) int b3, @ForAll @IntRange(min = 1, max = 40) int b4) {
        if (a1 + a2 + a3 + a4 < 2) {
            return;
        }
        AuditResult r = Audit.run(Tables.confusion("A", a1, a2, a3, a4, "B", b1, b2, b3, b4), AuditSpec.builder().label("y")
                .prediction("p").protectedAttributes("g").reference("g", "B").minGroupSize(1).build());
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
