package dev.probity.fairness.audit;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * ProPublica, "How We Analyzed the COMPAS Recidivism Algorithm" (2016): with all 7,214 rows, "high risk"
 * meaning decile_score >= 5 and the two-year recidivism label, Black defendants' false positive rate is
 * 44.85% and false negative rate 27.99%; White defendants' 23.45% and 47.72%.
 */
class CompasAuditTest {
    static Frame compas;
    static AuditResult result;

    @BeforeAll
    static void audit() {
        compas = Datasets.load("compas");
        result = Audit.run(compas, AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5")
                .protectedAttributes("race", "sex").intersections(true).reference("race", "Caucasian").build());
    }

    @Test
    void reproducesProPublicasPublishedErrorRates() {
        MetricTable race = result.attribute("race");
        GroupResult black = race.group("African-American");
        GroupResult white = race.group("Caucasian");
        assertThat(black.metric("fpr").number()).isCloseTo(0.4485, within(0.00005));
        assertThat(black.metric("fnr").number()).isCloseTo(0.2799, within(0.00005));
        assertThat(white.metric("fpr").number()).isCloseTo(0.2345, within(0.00005));
        assertThat(white.metric("fnr").number()).isCloseTo(0.4772, within(0.00005));
        assertThat(result.input().rows()).isEqualTo(7214);
        assertThat(black.rows()).isEqualTo(3696);
        assertThat(white.rows()).isEqualTo(2454);
    }

    @Test
    void confusionCountsAddUpToTheRows() {
        long sum = 0;
        for (GroupResult g : result.attribute("race").groups()) {
            sum += (long) g.counts().n();
            assertThat((long) g.counts().n()).isEqualTo(g.rows());
        }
        assertThat(sum).isEqualTo(7214);
        assertThat((long) result.overall().counts().positives()).isEqualTo(3251);
    }

    @Test
    void propublicaFilterLeaves6172Rows() {
        AuditResult filtered = Audit.run(compas, AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5")
                .protectedAttributes("race").where(Datasets.PROPUBLICA_FILTER).build());
        assertThat(filtered.input().rows()).isEqualTo(6172);
        assertThat(filtered.input().rowsRead()).isEqualTo(7214);
    }

    @Test
    void disparitiesFollowAif360Signs() {
        GroupDisparity d = result.attribute("race").disparity("African-American");
        Comparison fpr = d.comparison("fpr");
        assertThat(fpr.difference().number()).isCloseTo(0.4485 - 0.2345, within(0.0001));
        assertThat(fpr.ratio().number()).isCloseTo(0.4485 / 0.2345, within(0.001));
        assertThat(fpr.pValue()).isLessThan(1e-10);
        assertThat(fpr.test()).isEqualTo("g-test");
        assertThat(fpr.difference().analytic()).isNotNull();
        assertThat(fpr.difference().analytic().contains(fpr.difference().number())).isTrue();
        assertThat(d.verdicts().get("FPR Parity")).isFalse();
        assertThat(result.attribute("race&sex")).isNotNull();
        assertThat(result.findings()).isNotEmpty();
        assertThat(result.findings().get(0).text()).contains("African-American");
    }
}
