package dev.probity.fairness.audit;

import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import dev.probity.fairness.metrics.Consistency;
import dev.probity.core.model.TaskKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Hand-computed cases for scores, regression, multiclass, consistency, CDD and LL144. */
class MoreMetricsTest {
    static final double EPS = 1e-12;

    @Test
    void scoreMetricsAgainstBruteForce() {
        String[] g = {"A", "A", "A", "A", "A", "B", "B", "B", "B", "B"};
        long[] y = {1, 0, 1, 0, 1, 0, 1, 0, 0, 1};
        double[] s = {0.9, 0.3, 0.3, 0.8, 0.6, 0.2, 0.7, 0.7, 0.1, 0.4};
        Frame f = Frame.of(StringColumn.of("g", g), LongColumn.of("y", y), DoubleColumn.of("s", s));
        AuditResult r = Audit.run(f, AuditSpec.builder().label("y").score("s").threshold(0.5).protectedAttributes("g")
                .minGroupSize(1).build());
        for (String group : List.of("A", "B")) {
            double pairs = 0;
            double wins = 0;
            double brier = 0;
            double logLoss = 0;
            int n = 0;
            for (int i = 0; i < g.length; i++) {
                if (!g[i].equals(group)) {
                    continue;
                }
                n++;
                brier += (s[i] - y[i]) * (s[i] - y[i]);
                logLoss -= y[i] == 1 ? Math.log(s[i]) : Math.log(1 - s[i]);
                for (int j = 0; j < g.length; j++) {
                    if (g[j].equals(group) && y[i] == 1 && y[j] == 0) {
                        pairs++;
                        wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                    }
                }
            }
            GroupResult gr = r.attribute("g").group(group);
            assertThat(gr.metric("roc_auc").number()).as(group).isCloseTo(wins / pairs, within(EPS));
            assertThat(gr.metric("brier_score").number()).isCloseTo(brier / n, within(EPS));
            assertThat(gr.metric("log_loss").number()).isCloseTo(logLoss / n, within(1e-12));
        }
        // Group A: AUC by hand = (0.9 beats both, 0.3 ties 0.3 and loses to 0.8, 0.6 beats 0.3) = (2 + 0.5 + 1) / 6
        assertThat(r.attribute("g").group("A").metric("roc_auc").number()).isCloseTo(3.5 / 6, within(EPS));
        // LL144 scoring rate: the sample median of the ten scores is (0.4 + 0.6) / 2 = 0.5
        var scoring = r.attribute("g").ll144().get(1);
        assertThat(scoring.kind()).isEqualTo("scoring");
        assertThat(scoring.sampleMedian()).isCloseTo(0.5, within(EPS));
        assertThat(scoring.rows().get(0).rate().number()).isCloseTo(3.0 / 5, within(EPS)); // A: 0.9, 0.8, 0.6
        assertThat(scoring.rows().get(1).rate().number()).isCloseTo(2.0 / 5, within(EPS)); // B: 0.7, 0.7
        assertThat(scoring.rows().get(1).impactRatio().number()).isCloseTo((2.0 / 5) / (3.0 / 5), within(EPS));
    }

    @Test
    void regressionMetricsByHand() {
        Frame f = Frame.of(StringColumn.of("g", "A", "A", "A", "A", "B", "B"), DoubleColumn.of("y", 1, 2, 3, 4, 0, 2),
                DoubleColumn.of("p", 1.5, 2, 2.5, 5, 1, 1));
        AuditResult r = Audit.run(f, AuditSpec.builder().label("y").prediction("p").protectedAttributes("g")
                .task(TaskKind.REGRESSION).minGroupSize(1).build());
        GroupResult a = r.attribute("g").group("A");
        assertThat(a.metric("mean_label").number()).isCloseTo(2.5, within(EPS));
        assertThat(a.metric("mean_prediction").number()).isCloseTo(2.75, within(EPS));
        assertThat(a.metric("mean_error").number()).isCloseTo(0.25, within(EPS));
        assertThat(a.metric("mae").number()).isCloseTo(0.5, within(EPS));
        assertThat(a.metric("mse").number()).isCloseTo(0.375, within(EPS));
        assertThat(a.metric("rmse").number()).isCloseTo(Math.sqrt(0.375), within(EPS));
        assertThat(a.metric("r2").number()).isCloseTo(1 - 1.5 / 5, within(EPS));
        Summary mae = r.attribute("g").aggregates().get("mae");
        assertThat(mae.values().get("group_max").number()).isCloseTo(1.0, within(EPS)); // B: |1-0|, |1-2|
    }

    @Test
    void multiclassMetricsByHand() {
        // Group A: labels and predictions over classes x, y, z.
        String[] lab = {"x", "x", "x", "y", "y", "z", "z", "z", "x", "y"};
        String[] pre = {"x", "x", "y", "y", "z", "z", "z", "x", "x", "y"};
        String[] grp = {"A", "A", "A", "A", "A", "A", "A", "A", "B", "B"};
        Frame f = Frame.of(StringColumn.of("g", grp), StringColumn.of("y", lab), StringColumn.of("p", pre));
        AuditResult r = Audit.run(f, AuditSpec.builder().label("y").prediction("p").protectedAttributes("g")
                .task(TaskKind.MULTICLASS).minGroupSize(1).build());
        GroupResult a = r.attribute("g").group("A");
        // A's confusion (rows label, columns prediction): x: 2 1 0; y: 0 1 1; z: 1 0 2 — 5 correct of 8.
        assertThat(a.metric("accuracy").number()).isCloseTo(5.0 / 8, within(EPS));
        double recX = 2.0 / 3;
        double recY = 1.0 / 2;
        double recZ = 2.0 / 3;
        assertThat(a.metric("balanced_accuracy").number()).isCloseTo((recX + recY + recZ) / 3, within(EPS));
        double precX = 2.0 / 3;
        double precY = 1.0 / 2;
        double precZ = 2.0 / 3;
        assertThat(a.metric("macro_precision").number()).isCloseTo((precX + precY + precZ) / 3, within(EPS));
        double f1X = 2 * precX * recX / (precX + recX);
        double f1Y = 2 * precY * recY / (precY + recY);
        double f1Z = 2 * precZ * recZ / (precZ + recZ);
        assertThat(a.metric("macro_f1").number()).isCloseTo((f1X + f1Y + f1Z) / 3, within(EPS));
        assertThat(a.metric("weighted_f1").number()).isCloseTo((3 * f1X + 2 * f1Y + 3 * f1Z) / 8, within(EPS));
        assertThat(a.confusionMatrix()).isEqualTo(new long[][] {{2, 1, 0}, {0, 1, 1}, {1, 0, 2}});
        assertThat(a.perClass().get("y").get("fpr").number()).isCloseTo(1.0 / 6, within(EPS));
    }

    @Test
    void consistencyByHand() {
        double[] x = {0, 1, 2, 10, 11, 12};
        double[] yhat = {1, 1, 0, 0, 0, 1};
        // Neighbourhoods of 3 (each row its own neighbour): deviations 1/3, 1/3, 2/3, 1/3, 1/3, 2/3.
        assertThat(Consistency.of(x, 1, yhat, 3, 2).value()).isCloseTo(1 - (8.0 / 3) / 6, within(EPS));
        assertThat(Consistency.of(x, 1, yhat, 1, 1).value()).isCloseTo(1.0, within(EPS));
    }

    @Test
    void conditionalDemographicDisparityByHand() {
        // Stratum S1: A has 2 positive, 1 negative labels; B 1 and 2. Stratum S2: A 0 and 2; B 2 and 0.
        Frame f = Frame.of(StringColumn.of("g", "A", "A", "A", "B", "B", "B", "A", "A", "B", "B"),
                StringColumn.of("s", "S1", "S1", "S1", "S1", "S1", "S1", "S2", "S2", "S2", "S2"),
                LongColumn.of("y", 1, 1, 0, 1, 0, 0, 0, 0, 1, 1), LongColumn.of("p", 1, 0, 0, 1, 1, 0, 0, 1, 1, 1));
        AuditResult r = Audit.run(f, AuditSpec.builder().label("y").prediction("p").protectedAttributes("g").strata("s")
                .reference("g", "B").minGroupSize(1).build());
        // DD(S1) = 1/3 − 2/3, DD(S2) = 2/2 − 0/2; CDDL = (6·(−1/3) + 4·1) / 10
        assertThat(r.attribute("g").disparity("A").clarify().get("CDDL").number()).isCloseTo(0.2, within(EPS));
        // Predictions: S1: A pos 1 neg 2, all pos 3 neg 3 → 2/3 − 1/3; S2: A pos 1 neg 1, all pos 3 neg 1 → 1/1 − 1/3
        double cddpl = (6 * (2.0 / 3 - 1.0 / 3) + 4 * (1.0 - 1.0 / 3)) / 10;
        assertThat(r.attribute("g").disparity("A").clarify().get("CDDPL").number()).isCloseTo(cddpl, within(EPS));
    }

    @Test
    void localLaw144ExcludesSmallCategoriesFromRatios() {
        Frame f = Tables.confusion("X", 30, 0, 30, 0, "Y", 13, 0, 26, 0, "Z", 1, 0, 0, 0);
        AuditResult r = Audit.run(f, AuditSpec.builder().label("y").prediction("p").protectedAttributes("g").minGroupSize(1)
                .minGroupRows(1).build());
        var t = r.attribute("g").ll144().get(0);
        assertThat(t.kind()).isEqualTo("selection");
        assertThat(t.highestCategory()).isEqualTo("X");
        var z = t.rows().stream().filter(x -> x.category().equals("Z")).findFirst().orElseThrow();
        assertThat(z.excluded()).isTrue();
        assertThat(z.share()).isCloseTo(0.01, within(EPS));
        assertThat(z.rate().number()).isEqualTo(1.0);
        assertThat(z.impactRatio().isDefined()).isFalse();
        var y = t.rows().stream().filter(x -> x.category().equals("Y")).findFirst().orElseThrow();
        assertThat(y.impactRatio().number()).isCloseTo((13.0 / 39) / 0.5, within(EPS));
    }
}
