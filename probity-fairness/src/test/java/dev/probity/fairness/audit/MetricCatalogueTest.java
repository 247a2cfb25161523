package dev.probity.fairness.audit;

import dev.probity.fairness.metrics.Estimate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every catalogue metric on a table small enough to work out on paper:
 * <pre>
 *            TP  FP  TN  FN   n
 *   group A   3   1   4   2  10
 *   group B   1   2   5   2  10   (reference / privileged)
 * </pre>
 * Expected values are written as the arithmetic a person does by hand.
 */
class MetricCatalogueTest {
    static AuditResult r;
    static MetricTable g;

    @BeforeAll
    static void audit() {
        r = Audit.run(Tables.confusion("A", 3, 1, 4, 2, "B", 1, 2, 5, 2), AuditSpec.builder().label("y").prediction("p")
                .protectedAttributes("g").reference("g", "B").minGroupSize(1).entropyAlphas(java.util.List.of(0.0, 2.0, 3.0))
                .build());
        g = r.attribute("g");
    }

    static double v(Map<String, Estimate> m, String k) {
        Estimate e = m.get(k);
        assertThat(e).as(k).isNotNull();
        assertThat(e.isDefined()).as(k + " defined").isTrue();
        return e.number();
    }

    static final double EPS = 1e-12;

    @Test
    void groupMetricsFromTheConfusionCounts() {
        Map<String, Estimate> a = g.group("A").metrics();
        assertThat(v(a, "selection_rate")).isCloseTo(4.0 / 10, within(EPS));
        assertThat(v(a, "base_rate")).isCloseTo(5.0 / 10, within(EPS));
        assertThat(v(a, "tpr")).isCloseTo(3.0 / 5, within(EPS));
        assertThat(v(a, "fnr")).isCloseTo(2.0 / 5, within(EPS));
        assertThat(v(a, "tnr")).isCloseTo(4.0 / 5, within(EPS));
        assertThat(v(a, "fpr")).isCloseTo(1.0 / 5, within(EPS));
        assertThat(v(a, "precision")).isCloseTo(3.0 / 4, within(EPS));
        assertThat(v(a, "fdr")).isCloseTo(1.0 / 4, within(EPS));
        assertThat(v(a, "npv")).isCloseTo(4.0 / 6, within(EPS));
        assertThat(v(a, "for")).isCloseTo(2.0 / 6, within(EPS));
        assertThat(v(a, "accuracy")).isCloseTo(7.0 / 10, within(EPS));
        assertThat(v(a, "error_rate")).isCloseTo(3.0 / 10, within(EPS));
        assertThat(v(a, "balanced_accuracy")).isCloseTo((0.6 + 0.8) / 2, within(EPS));
        assertThat(v(a, "f1")).isCloseTo(6.0 / 9, within(EPS));
        assertThat(v(a, "treatment_equality")).isCloseTo(2.0 / 1, within(EPS));
        assertThat(v(a, "ppr")).isCloseTo(4.0 / 7, within(EPS));
        Map<String, Estimate> b = g.group("B").metrics();
        assertThat(v(b, "tpr")).isCloseTo(1.0 / 3, within(EPS));
        assertThat(v(b, "fpr")).isCloseTo(2.0 / 7, within(EPS));
        assertThat(v(b, "npv")).isCloseTo(5.0 / 7, within(EPS));
        assertThat(v(b, "balanced_accuracy")).isCloseTo(11.0 / 21, within(EPS));
        assertThat(v(b, "f1")).isCloseTo(2.0 / 6, within(EPS));
        assertThat(v(b, "treatment_equality")).isCloseTo(1.0, within(EPS));
        assertThat(v(b, "ppr")).isCloseTo(3.0 / 7, within(EPS));
        assertThat(v(r.overall().metrics(), "selection_rate")).isCloseTo(7.0 / 20, within(EPS));
    }

    @Test
    void fairlearnSummaries() {
        Summary sel = g.aggregates().get("selection_rate");
        assertThat(v(sel.values(), "group_min")).isCloseTo(0.3, within(EPS));
        assertThat(sel.minGroup()).isEqualTo("B");
        assertThat(v(sel.values(), "group_max")).isCloseTo(0.4, within(EPS));
        assertThat(v(sel.values(), "difference")).isCloseTo(0.1, within(EPS));
        assertThat(v(sel.values(), "ratio")).isCloseTo(0.75, within(EPS));
        assertThat(v(sel.values(), "difference_to_overall")).isCloseTo(0.05, within(EPS));
        assertThat(v(sel.values(), "ratio_to_overall")).isCloseTo(0.3 / 0.35, within(EPS));
        Map<String, Estimate> s = g.summary();
        assertThat(v(s, "demographic_parity_difference")).isCloseTo(0.1, within(EPS));
        assertThat(v(s, "demographic_parity_ratio")).isCloseTo(0.75, within(EPS));
        double tprDiff = 0.6 - 1.0 / 3;
        double fprDiff = 2.0 / 7 - 0.2;
        double tprRatio = (1.0 / 3) / 0.6;
        double fprRatio = 0.2 / (2.0 / 7);
        assertThat(v(s, "equalized_odds_difference")).isCloseTo(Math.max(tprDiff, fprDiff), within(EPS));
        assertThat(v(s, "equalized_odds_ratio")).isCloseTo(Math.min(tprRatio, fprRatio), within(EPS));
        assertThat(v(s, "equalized_odds_difference_mean")).isCloseTo((tprDiff + fprDiff) / 2, within(EPS));
        assertThat(v(s, "equalized_odds_ratio_mean")).isCloseTo((tprRatio + fprRatio) / 2, within(EPS));
        assertThat(v(s, "equal_opportunity_difference")).isCloseTo(tprDiff, within(EPS));
        assertThat(v(s, "equal_opportunity_ratio")).isCloseTo(tprRatio, within(EPS));
    }

    @Test
    void aif360ComparisonsAgainstThePrivilegedGroup() {
        GroupDisparity d = g.disparity("A");
        Map<String, Estimate> a = d.aif360();
        assertThat(v(a, "statistical_parity_difference")).isCloseTo(0.4 - 0.3, within(EPS));
        assertThat(v(a, "disparate_impact")).isCloseTo(0.4 / 0.3, within(EPS));
        assertThat(v(a, "equal_opportunity_difference")).isCloseTo(0.6 - 1.0 / 3, within(EPS));
        assertThat(v(a, "average_odds_difference")).isCloseTo(((0.2 - 2.0 / 7) + (0.6 - 1.0 / 3)) / 2, within(EPS));
        assertThat(v(a, "average_abs_odds_difference")).isCloseTo((Math.abs(0.2 - 2.0 / 7) + Math.abs(0.6 - 1.0 / 3)) / 2, within(EPS));
        assertThat(v(a, "average_predictive_value_difference")).isCloseTo(((0.75 - 1.0 / 3) + (2.0 / 6 - 2.0 / 7)) / 2, within(EPS));
        Comparison fdr = d.comparison("fdr");
        assertThat(fdr.difference().number()).isCloseTo(0.25 - 2.0 / 3, within(EPS));
        assertThat(fdr.ratio().number()).isCloseTo(0.25 / (2.0 / 3), within(EPS));
        assertThat(d.comparison("error_rate").ratio().number()).isCloseTo(0.3 / 0.4, within(EPS));
        // Aequitas: parity when 0.8 <= ratio <= 1.25
        assertThat(d.comparison("accuracy").parity()).isTrue();    // 0.7 / 0.6 = 1.1667
        assertThat(d.comparison("selection_rate").parity()).isFalse(); // 1.3333
        assertThat(d.verdicts().get("Impact Parity")).isFalse();
        assertThat(d.verdicts().get("TypeI Parity")).isFalse();   // FPR ratio 0.7
    }

    @Test
    void clarifyFacetMetricsWithClarifysSigns() {
        // Facet d = A, the rest a = B.
        Map<String, Estimate> c = g.disparity("A").clarify();
        assertThat(v(c, "CI")).isCloseTo((10.0 - 10) / 20, within(EPS));
        assertThat(v(c, "DPL")).isCloseTo(0.3 - 0.5, within(EPS));
        double kl = 0.7 * Math.log(0.7 / 0.5) + 0.3 * Math.log(0.3 / 0.5);
        assertThat(v(c, "KL")).isCloseTo(kl, within(EPS));
        double js = 0.5 * (0.7 * Math.log(0.7 / 0.6) + 0.3 * Math.log(0.3 / 0.4) + 0.5 * Math.log(0.5 / 0.6) + 0.5 * Math.log(0.5 / 0.4));
        assertThat(v(c, "JS")).isCloseTo(js, within(EPS));
        assertThat(v(c, "LP")).isCloseTo(Math.sqrt(0.2 * 0.2 + 0.2 * 0.2), within(EPS));
        assertThat(v(c, "TVD")).isCloseTo(0.2, within(EPS));
        assertThat(v(c, "KS")).isCloseTo(0.2, within(EPS));
        assertThat(v(c, "DPPL")).isCloseTo(0.3 - 0.4, within(EPS));
        assertThat(v(c, "DI")).isCloseTo(0.4 / 0.3, within(EPS));
        assertThat(v(c, "DCAcc")).isCloseTo(3.0 / 3 - 5.0 / 4, within(EPS));
        assertThat(v(c, "DCR")).isCloseTo(5.0 / 6 - 7.0 / 7, within(EPS));
        assertThat(v(c, "RD")).isCloseTo(1.0 / 3 - 0.6, within(EPS));
        assertThat(v(c, "SD")).isCloseTo(0.8 - 5.0 / 7, within(EPS));
        assertThat(v(c, "DAR")).isCloseTo(1.0 / 3 - 0.75, within(EPS));
        assertThat(v(c, "DRR")).isCloseTo(4.0 / 6 - 5.0 / 7, within(EPS));
        assertThat(v(c, "AD")).isCloseTo(0.6 - 0.7, within(EPS));
        assertThat(v(c, "TE")).isCloseTo(2.0 - 1.0, within(EPS));
    }

    @Test
    void entropyIndicesAndDifferentialFairness() {
        // Benefit b = ŷ − y + 1: 4 false negatives (0), 13 correct (1), 3 false positives (2); μ = 19/20.
        double mu = 0.95;
        double ge2 = (4 * (0 - 1) + 13 * (Math.pow(1 / mu, 2) - 1) + 3 * (Math.pow(2 / mu, 2) - 1)) / (20 * 2 * 1);
        double ge3 = (4 * (0 - 1) + 13 * (Math.pow(1 / mu, 3) - 1) + 3 * (Math.pow(2 / mu, 3) - 1)) / (20 * 3 * 2);
        double theil = (13 * (1 / mu) * Math.log(1 / mu) + 3 * (2 / mu) * Math.log(2 / mu)) / 20;
        assertThat(v(r.dataset(), "generalized_entropy_index(2)")).isCloseTo(ge2, within(EPS)).isCloseTo(0.192521, within(1e-6));
        assertThat(v(r.dataset(), "generalized_entropy_index(3)")).isCloseTo(ge3, within(EPS));
        assertThat(v(r.dataset(), "theil_index")).isCloseTo(theil, within(EPS)).isCloseTo(0.270182, within(1e-6));
        assertThat(v(r.dataset(), "coefficient_of_variation")).isCloseTo(Math.sqrt(2 * ge2), within(EPS));
        assertThat(r.dataset().get("generalized_entropy_index(0)").isDefined()).isFalse();
        // Between groups: μ_A = 9/10, μ_B = 10/10, ten rows each.
        double between = (10 * (Math.pow(0.9 / mu, 2) - 1) + 10 * (Math.pow(1.0 / mu, 2) - 1)) / (20 * 2);
        assertThat(v(g.entropy(), "between_all_groups_generalized_entropy_index(2)")).isCloseTo(between, within(EPS));
        assertThat(v(g.entropy(), "between_group_generalized_entropy_index(2)")).isCloseTo(between, within(EPS));
        // Smoothed rates (positives + 1/2) / (n + 1).
        double la = 5.5 / 11;
        double lb = 3.5 / 11;
        double eps = Math.max(Math.abs(Math.log(la) - Math.log(lb)), Math.abs(Math.log(1 - la) - Math.log(1 - lb)));
        assertThat(v(g.differentialFairness(), "smoothed_empirical_differential_fairness")).isCloseTo(eps, within(EPS));
        double pa = 4.5 / 11;
        double pb = 3.5 / 11;
        double epsP = Math.max(Math.abs(Math.log(pa / pb)), Math.abs(Math.log((1 - pa) / (1 - pb))));
        assertThat(v(g.differentialFairness(), "smoothed_empirical_differential_fairness_predictions")).isCloseTo(epsP, within(EPS));
        assertThat(v(g.differentialFairness(), "differential_fairness_bias_amplification")).isCloseTo(epsP - eps, within(EPS));
    }

    @Test
    void fourFifthsTable() {
        var ff = g.fourFifths();
        assertThat(ff.highestGroup()).isEqualTo("A");
        var b = ff.rows().stream().filter(x -> x.group().equals("B")).findFirst().orElseThrow();
        assertThat(b.impactRatio().number()).isCloseTo(0.3 / 0.4, within(EPS));
        assertThat(b.adverse()).isTrue();
        assertThat(ff.adverseImpact()).isTrue();
    }

    @Test
    void minMetricReferenceComparesEachMetricWithItsLowestGroup() {
        AuditResult m = Audit.run(Tables.confusion("A", 3, 1, 4, 2, "B", 1, 2, 5, 2), AuditSpec.builder().label("y")
                .prediction("p").protectedAttributes("g").minGroupSize(1)
                .referenceRule(AuditSpec.ReferenceRule.MIN_METRIC).build());
        MetricTable t = m.attribute("g");
        assertThat(t.referenceRule()).isEqualTo("min-metric");
        // Selection rates A 0.4, B 0.3: B is lowest, so A is compared with B and B has no comparison.
        Comparison sel = t.disparity("A").comparison("selection_rate");
        assertThat(sel.reference()).isEqualTo("B");
        assertThat(sel.ratio().number()).isCloseTo(0.4 / 0.3, within(EPS));
        assertThat(t.disparity("B").comparison("selection_rate")).isNull();
        // FPR A 0.2, B 2/7: A is lowest, so B is compared with A.
        Comparison fpr = t.disparity("B").comparison("fpr");
        assertThat(fpr.reference()).isEqualTo("A");
        assertThat(fpr.ratio().number()).isCloseTo((2.0 / 7) / 0.2, within(EPS));
        // Clarify's facet metrics exist for every group, the reference group too.
        assertThat(t.disparity("B").clarify()).containsKey("DPPL");
        assertThat(t.disparity("B").clarify().get("DPPL").number()).isCloseTo(0.4 - 0.3, within(EPS));
    }

    @Test
    void undefinedValuesCarryReasons() {
        AuditResult u = Audit.run(Tables.confusion("A", 0, 0, 3, 0, "B", 1, 1, 1, 1), AuditSpec.builder().label("y")
                .prediction("p").protectedAttributes("g").minGroupSize(1).build());
        Map<String, Estimate> a = u.attribute("g").group("A").metrics();
        assertThat(a.get("tpr").value().undefinedReason()).isEqualTo("no rows with a positive label");
        assertThat(a.get("precision").value().undefinedReason()).isEqualTo("no rows predicted positive");
        assertThat(a.get("balanced_accuracy").value().undefinedReason()).startsWith("TPR undefined");
        assertThat(a.get("tnr").number()).isEqualTo(1.0);
        assertThat(u.attribute("g").group("A").flags()).contains("no positive labels", "no positive predictions");
    }
}
