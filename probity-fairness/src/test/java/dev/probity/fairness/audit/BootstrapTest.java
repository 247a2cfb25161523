package dev.probity.fairness.audit;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.stats.Interval;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BootstrapTest {

    /**
     * Resampling statistics (a multinomial over categories) and resampling rows are the same bootstrap: with unit
     * weights the audit takes the row path, without weights the statistics path; the intervals must agree to
     * Monte Carlo error.
     */
    @Test
    void resamplingStatisticsMatchesResamplingRows() {
        Frame compas = Datasets.load("compas");
        double[] ones = new double[compas.rowCount()];
        Arrays.fill(ones, 1.0);
        Frame weighted = compas.withColumn(new DoubleColumn("one", ones, null));
        AuditSpec.Builder b = AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5")
                .protectedAttributes("race").reference("race", "Caucasian").bootstrap(2000).seed(3);
        AuditResult stats = Audit.run(compas, b.build());
        AuditResult rows = Audit.run(weighted, b.weight("one").build());
        assertThat(stats.settings().intervalMethod()).contains("multinomial on statistics");
        assertThat(rows.settings().intervalMethod()).contains("rows");
        for (String group : new String[] {"African-American", "Caucasian", "Hispanic"}) {
            Interval s = stats.attribute("race").group(group).metric("fpr").bootstrap();
            Interval r = rows.attribute("race").group(group).metric("fpr").bootstrap();
            assertThat(s.low()).as(group).isCloseTo(r.low(), within(0.15 * (r.high() - r.low())));
            assertThat(s.high()).as(group).isCloseTo(r.high(), within(0.15 * (r.high() - r.low())));
        }
        Interval s = stats.attribute("race").disparity("African-American").comparison("fpr").ratio().bootstrap();
        Interval r = rows.attribute("race").disparity("African-American").comparison("fpr").ratio().bootstrap();
        assertThat((s.high() - s.low()) / (r.high() - r.low())).isCloseTo(1.0, within(0.15));
    }

    @Test
    void bootstrapIntervalsBracketTheEstimateAndAgreeWithWilson() {
        AuditResult r = Audit.run(Datasets.load("compas"), AuditSpec.builder().label("two_year_recid")
                .prediction("decile_score >= 5").protectedAttributes("race").bootstrap(1000).seed(9).build());
        var fpr = r.attribute("race").group("African-American").metric("fpr");
        assertThat(fpr.bootstrap().contains(fpr.number())).isTrue();
        assertThat(fpr.bootstrap().high() - fpr.bootstrap().low())
                .isCloseTo(fpr.analytic().high() - fpr.analytic().low(), within(0.01));
        assertThat(fpr.undefinedReplicates()).isZero();
    }
}
