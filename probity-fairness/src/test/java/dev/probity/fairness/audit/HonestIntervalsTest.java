package dev.probity.fairness.audit;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.stats.Interval;
import dev.probity.core.stats.ProportionIntervals;
import dev.probity.fairness.metrics.Estimate;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * No false certainty: a bootstrap of a handful of rows, or of a value that most resamples cannot define, gives an
 * interval that looks precise and is not. Issue 9: the demo printed {@code Asian & Female 0.00 [0.00–0.00]} for a
 * group of two.
 */
class HonestIntervalsTest {
    static final AuditResult DEMO = Audit.run(Datasets.load("compas"), AuditSpec.builder().label("two_year_recid")
            .prediction("decile_score >= 5").protectedAttributes("race", "sex").intersections(true)
            .reference("race", "Caucasian").reference("sex", "Male").bootstrap(300).seed(42).build());

    @Test
    void aGroupOfTwoGetsWilsonsIntervalNotAZeroWidthBootstrap() {
        Estimate sel = DEMO.attribute("race&sex").group("Asian & Female").metric("selection_rate");
        assertThat(sel.number()).isZero();
        assertThat(sel.bootstrap()).isNull();
        assertThat(sel.bootstrapWithheld()).contains("'Asian & Female' has 2 rows, fewer than 30");
        Interval shown = sel.interval();
        assertThat(shown.method()).isEqualTo("wilson");
        assertThat(shown.low()).isEqualTo(0.0);
        // Wilson's 95% interval for 0 of 2: z²/(n+z²) = 3.8415/5.8415
        assertThat(shown.high()).isCloseTo(3.841459 / 5.841459, within(1e-6));
    }

    @Test
    void aComparisonWithATinyGroupHasNoBootstrapInterval() {
        Comparison c = DEMO.attribute("race&sex").disparity("Asian & Female").comparison("selection_rate");
        assertThat(c.ratio().number()).isZero();
        assertThat(c.ratio().bootstrap()).isNull();
        assertThat(c.ratio().bootstrapWithheld()).isNotNull();
        assertThat(c.ratio().interval()).as("Katz has no interval for 0 successes").isNull();
        assertThat(c.difference().interval().method()).isEqualTo("newcombe");
    }

    @Test
    void largeGroupsKeepTheirBootstrapIntervals() {
        Estimate fpr = DEMO.attribute("race").group("African-American").metric("fpr");
        assertThat(fpr.bootstrap()).isNotNull();
        assertThat(fpr.bootstrapWithheld()).isNull();
    }

    /** Across the whole audit, every interval shown has width: none presents a point as an interval. */
    @Test
    void noShownIntervalHasZeroWidth() {
        List<String> degenerate = new ArrayList<>();
        int shown = 0;
        for (Estimate e : DEMO.estimates()) {
            Interval i = e.interval();
            if (e.isDefined() && i != null) {
                shown++;
                if (!(i.high() > i.low())) {
                    degenerate.add(e + " " + i);
                }
            }
        }
        assertThat(shown).isGreaterThan(200);
        assertThat(degenerate).isEmpty();
    }

    /**
     * A group of 40 with one positive label: its true positive rate is undefined in about (39/40)^40 ≈ 36% of the
     * resamples, so a percentile interval would describe only the others.
     */
    @Test
    void aValueUndefinedInManyResamplesHasItsIntervalWithheld() {
        int n = 400;
        String[] g = new String[n];
        long[] y = new long[n];
        long[] p = new long[n];
        for (int i = 0; i < n; i++) {
            g[i] = i < 40 ? "small" : "large";
            y[i] = i < 40 ? (i == 0 ? 1 : 0) : (i % 2);
            p[i] = i % 3 == 0 ? 1 : 0;
        }
        Frame f = Frame.of(StringColumn.of("g", g), LongColumn.of("y", y), LongColumn.of("p", p));
        AuditResult r = Audit.run(f, AuditSpec.builder().label("y").prediction("p").protectedAttributes("g")
                .reference("g", "large").bootstrap(400).seed(1).build());
        Estimate tpr = r.attribute("g").group("small").metric("tpr");
        assertThat(tpr.undefinedReplicates()).isBetween(100, 190);
        assertThat(tpr.bootstrap()).isNull();
        assertThat(tpr.bootstrapWithheld()).contains("undefined in " + tpr.undefinedReplicates() + " of 400 replicates");
        assertThat(tpr.interval().method()).isEqualTo("wilson");
        Estimate fpr = r.attribute("g").group("small").metric("fpr");
        assertThat(fpr.bootstrap()).as("39 negatives define the FPR in every resample but a vanishing few").isNotNull();
    }

    @Test
    void katzGivesNoIntervalWhereItsVarianceVanishes() {
        assertThat(ProportionIntervals.katz(1.0, 3, 0.5, 100, 0.95)).isNull();
        assertThat(ProportionIntervals.katz(0.5, 100, 1.0, 3, 0.95)).isNull();
        assertThat(ProportionIntervals.katz(0.0, 3, 0.5, 100, 0.95)).isNull();
        Interval i = ProportionIntervals.katz(2.0 / 3, 3, 0.5, 100, 0.95);
        assertThat(i.low()).isLessThan(1.0);
        assertThat(i.high()).isGreaterThan(2.0);
    }

    @Test
    void wilsonsBoundsAreExactAtTheEdges() {
        assertThat(Interval.wilson(0, 2, 0.95).low()).isEqualTo(0.0);
        assertThat(Interval.wilson(2, 2, 0.95).high()).isEqualTo(1.0);
    }
}
