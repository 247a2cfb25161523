package dev.probity.privacy.audit;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.model.TaskKind;
import dev.probity.core.stats.SplitMix64;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.privacy.budget.BudgetExceededException;
import dev.probity.privacy.budget.PrivacyBudget;
import dev.probity.privacy.mechanism.Randomness;
import dev.probity.privacy.mechanism.Release;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PrivateAuditTest {
    static final AuditSpec COMPAS = AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5")
            .protectedAttributes("race", "sex").reference("race", "Caucasian").build();

    @Test
    void compasRaceFalsePositiveRatesStayCloseAtEpsilonOne() {
        Frame compas = Datasets.load("compas");
        AuditResult exact = Audit.run(compas, COMPAS);
        double black = exact.attribute("race").group("African-American").metric("fpr").number();
        double white = exact.attribute("race").group("Caucasian").metric("fpr").number();
        for (long seed : new long[] {1, 2, 3}) {
            PrivateAuditResult r = PrivateAudit.run(compas, COMPAS, PrivateAuditSettings.of(1).withRandomness(Randomness.seeded(seed)));
            PrivateAuditResult.Attribute race = r.attribute("race");
            double pb = race.group("African-American").metric("fpr").value();
            double pw = race.group("Caucasian").metric("fpr").value();
            System.out.printf("seed %d: FPR African-American exact %.4f private %.4f [%.4f, %.4f]; Caucasian exact %.4f private %.4f [%.4f, %.4f]%n",
                    seed, black, pb, race.group("African-American").metric("fpr").lower(), race.group("African-American").metric("fpr").upper(),
                    white, pw, race.group("Caucasian").metric("fpr").lower(), race.group("Caucasian").metric("fpr").upper());
            if (seed == 1) {
                for (PrivateAuditResult.Group g : race.groups()) {
                    var m = g.metric("fpr");
                    System.out.printf("  %s: %d rows (exact %d), FPR exact %.4f private %.4f [%.4f, %.4f]%s%n", g.name(), g.rows(),
                            exact.attribute("race").group(g.name()).rows(), exact.attribute("race").group(g.name()).metric("fpr").number(),
                            m.value(), m.lower(), m.upper(), m.defined() ? "" : " " + m.undefined());
                }
            }
            assertThat(pb).isCloseTo(black, within(0.03));
            assertThat(pw).isCloseTo(white, within(0.03));
            assertThat(race.group("African-American").metric("fpr").covers(black)).isTrue();
            assertThat(race.reference()).isEqualTo("Caucasian");
            assertThat(race.disparity("African-American", "fpr").difference().value()).isCloseTo(black - white, within(0.04));
            assertThat(r.privateNoise()).isFalse();
            assertThat(r.privacyNote()).isEqualTo(Release.NOT_PRIVATE).contains("not private (seeded");
            assertThat(r.notes().get(0)).startsWith(Release.NOT_PRIVATE);
            // race has 6 groups and sex 2: 12 joint cells, 48 counts; a race group sums 2 cells
            assertThat(r.privacy().cells()).isEqualTo(12);
            assertThat(r.privacy().countsReleased()).isEqualTo(48);
            assertThat(race.group("Caucasian").cellsSummed()).isEqualTo(2);
            assertThat(r.attribute("sex").group("Male").cellsSummed()).isEqualTo(6);
        }
        PrivateAuditResult secure = PrivateAudit.run(compas, COMPAS, PrivateAuditSettings.of(1));
        assertThat(secure.privateNoise()).isTrue();
        assertThat(secure.privacyNote()).startsWith("private: ε = 1.0");
        assertThat(secure.privacy().mechanism()).isEqualTo("geometric (discrete Laplace)");
        assertThat(secure.privacy().noiseScale()).isCloseTo(1, within(1e-9));
        assertThat(secure.notes()).anyMatch(n -> n.contains("were taken from the data"));
    }

    /** With next to no noise the private audit's rates are the audit's own, under the same names. */
    @Test
    void withNegligibleNoiseTheRatesAreTheAudits() {
        Frame compas = Datasets.load("compas");
        AuditResult exact = Audit.run(compas, COMPAS);
        PrivateAuditResult r = PrivateAudit.run(compas, COMPAS, PrivateAuditSettings.of(1000).withRandomness(Randomness.seeded(1)));
        for (String attribute : List.of("race", "sex")) {
            for (PrivateAuditResult.Group g : r.attribute(attribute).groups()) {
                assertThat(g.rows()).isEqualTo(exact.attribute(attribute).group(g.name()).rows());
                for (String metric : PrivateAudit.METRICS) {
                    var m = g.metric(metric);
                    var e = exact.attribute(attribute).group(g.name()).metric(metric);
                    if (m.defined()) {
                        assertThat(m.value()).as(attribute + " " + g.name() + " " + metric).isCloseTo(e.number(), within(1e-12));
                    } else {
                        assertThat(Double.isNaN(e.number())).isTrue();
                    }
                }
            }
        }
    }

    /**
     * Intersections are post-processing of the same noisy joint cells: the "race&sex" groups with next to no noise equal
     * the exact audit's intersection table, under its names; with real noise each intersection group is one cell, so its
     * noise is one count's, and the attributes' own groups are the same as without intersections.
     */
    @Test
    void intersectionsAreTheJointCellsUnderTheAuditsNames() {
        Frame compas = Datasets.load("compas");
        AuditSpec spec = AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5").protectedAttributes("race", "sex")
                .intersections(true).reference("race&sex", "Caucasian & Male").build();
        AuditResult exact = Audit.run(compas, spec);
        PrivateAuditResult r = PrivateAudit.run(compas, spec, PrivateAuditSettings.of(1000).withRandomness(Randomness.seeded(1)));
        PrivateAuditResult.Attribute both = r.attribute("race&sex");
        assertThat(both.groups()).hasSize(12);
        assertThat(both.reference()).isEqualTo("Caucasian & Male");
        for (PrivateAuditResult.Group g : both.groups()) {
            assertThat(g.cellsSummed()).isEqualTo(1);
            var e = exact.attribute("race&sex").group(g.name());
            assertThat(g.rows()).as(g.name()).isEqualTo(e.rows());
            for (String metric : PrivateAudit.METRICS) {
                if (g.metric(metric).defined()) {
                    assertThat(g.metric(metric).value()).as(g.name() + " " + metric).isCloseTo(e.metric(metric).number(), within(1e-12));
                }
            }
        }
        assertThat(both.disparity("African-American & Male", "fpr").difference().value()).isCloseTo(
                exact.attribute("race&sex").group("African-American & Male").metric("fpr").number()
                        - exact.attribute("race&sex").group("Caucasian & Male").metric("fpr").number(), within(1e-12));
        // the same release as without intersections: the attributes' groups do not change (same seed, same noise)
        PrivateAuditResult plain = PrivateAudit.run(compas, COMPAS, PrivateAuditSettings.of(1).withRandomness(Randomness.seeded(7)));
        PrivateAuditResult withBoth = PrivateAudit.run(compas, AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5")
                .protectedAttributes("race", "sex").reference("race", "Caucasian").intersections(true).build(),
                PrivateAuditSettings.of(1).withRandomness(Randomness.seeded(7)));
        assertThat(withBoth.attribute("race").groups()).isEqualTo(plain.attribute("race").groups());
        assertThat(withBoth.privacy().countsReleased()).isEqualTo(plain.privacy().countsReleased());
        assertThatThrownBy(() -> PrivateAudit.run(compas, AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5")
                .protectedAttributes("race", "sex").intersections(true).reference("race&sex", "Martian & Male").build(), PrivateAuditSettings.of(1)))
                .isInstanceOf(InputException.class).hasMessageContaining("Martian");
    }

    @Test
    void theGaussianWithDeltaReportsItsSigma() {
        Frame compas = Datasets.load("compas");
        PrivateAuditResult r = PrivateAudit.run(compas, COMPAS,
                PrivateAuditSettings.of(1).withDelta(1e-6).withRandomness(Randomness.seeded(5)));
        assertThat(r.privacy().mechanism()).isEqualTo("discrete Gaussian");
        assertThat(r.privacy().delta()).isEqualTo(1e-6);
        assertThat(r.privacy().noiseScale()).isBetween(3.0, 6.0);
        assertThat(r.privacy().noiseVariance()).isCloseTo(r.privacy().noiseScale() * r.privacy().noiseScale(), within(1e-6));
        assertThat(r.attribute("race").group("African-American").metric("fpr").value()).isCloseTo(0.4485, within(0.03));
    }

    /** Synthetic people in groups g (A, B) and s (X, Y), with known rates: base rate 0.4, TPR 0.7, FPR 0.2 (B: 0.3). */
    static Frame synthetic(long seed, int n, int nB) {
        SplitMix64 rng = new SplitMix64(seed);
        String[] g = new String[n];
        String[] s = new String[n];
        long[] y = new long[n];
        long[] p = new long[n];
        for (int i = 0; i < n; i++) {
            g[i] = i < nB ? "B" : "A";
            s[i] = rng.nextDouble() < 0.5 ? "X" : "Y";
            y[i] = rng.nextDouble() < 0.4 ? 1 : 0;
            double fpr = i < nB ? 0.3 : 0.2;
            p[i] = rng.nextDouble() < (y[i] == 1 ? 0.7 : fpr) ? 1 : 0;
        }
        return Frame.of(StringColumn.of("g", g), StringColumn.of("s", s), LongColumn.of("y", y), LongColumn.of("p", p));
    }

    static final AuditSpec SYNTHETIC = AuditSpec.builder().label("y").prediction("p").positive("1")
            .protectedAttributes("g", "s").reference("g", "A").build();

    /** Over 400 seeded data sets and noise draws, the 95 % intervals cover the true rates about 95 % of the time. */
    @Test
    void intervalsCoverAtTheirNominalLevel() {
        int reps = 400;
        // the discrete Laplace at ε = 0.1 (noise s.d. 14 per count) and the discrete Gaussian at ε = 0.4, δ = 1e-6 (σ ≈ 12)
        for (double[] privacy : new double[][] {{0.1, 0}, {0.4, 1e-6}}) {
            double epsilon = privacy[0];
            double delta = privacy[1];
            int fpr = 0;
            int tpr = 0;
            int diff = 0;
            int selection = 0;
            double noiseShare = 0;
            for (int k = 0; k < reps; k++) {
                Frame f = synthetic(1000 + k, 1300, 300);
                PrivateAuditResult r = PrivateAudit.run(f, SYNTHETIC,
                        PrivateAuditSettings.of(epsilon).withDelta(delta).withRandomness(Randomness.seeded(k)));
                var b = r.attribute("g").group("B");
                if (b.metric("fpr").covers(0.3)) {
                    fpr++;
                }
                if (b.metric("tpr").covers(0.7)) {
                    tpr++;
                }
                if (b.metric("selection_rate").covers(0.4 * 0.7 + 0.6 * 0.3)) {
                    selection++;
                }
                var d = r.attribute("g").disparity("B", "fpr").difference();
                if (d.lower() <= 0.1 && 0.1 <= d.upper()) {
                    diff++;
                }
                var rate = b.metric("fpr");
                assertThat(rate.defined()).isTrue();
                noiseShare += rate.noiseVariance() / (rate.noiseVariance() + rate.samplingVariance()) / reps;
            }
            System.out.printf("coverage over %d runs at ε = %s, δ = %s (noise s.d. %.1f per count): FPR %.3f, TPR %.3f, selection rate %.3f, FPR difference %.3f;"
                    + " noise's share of the FPR's variance %.2f%n", reps, epsilon, delta,
                    Math.sqrt(PrivateAudit.run(synthetic(1, 1300, 300), SYNTHETIC, PrivateAuditSettings.of(epsilon).withDelta(delta)
                            .withRandomness(Randomness.seeded(1))).privacy().noiseVariance()), fpr / (double) reps, tpr / (double) reps,
                    selection / (double) reps, diff / (double) reps, noiseShare);
            // the noise must matter here, or the test would check only the binomial part
            assertThat(noiseShare).isGreaterThan(0.3);
            for (int c : new int[] {fpr, tpr, selection, diff}) {
                assertThat(c / (double) reps).isBetween(0.92, 0.98);
            }
        }
    }

    /** Ignoring the noise (sampling variance only) would undercover: the test above would catch a dropped term. */
    @Test
    void samplingAloneWouldUndercover() {
        int reps = 200;
        int covered = 0;
        for (int k = 0; k < reps; k++) {
            PrivateAuditResult r = PrivateAudit.run(synthetic(5000 + k, 1300, 300), SYNTHETIC,
                    PrivateAuditSettings.of(0.1).withRandomness(Randomness.seeded(k)));
            var rate = r.attribute("g").group("B").metric("fpr");
            double se = Math.sqrt(rate.samplingVariance());
            if (Math.abs(rate.value() - 0.3) <= 1.96 * se) {
                covered++;
            }
        }
        assertThat(covered / (double) reps).isLessThan(0.85);
    }

    @Test
    void onePersonChangesOneCount() {
        Frame f = synthetic(7, 500, 100);
        PrivateAuditSettings s = PrivateAuditSettings.of(1).withGroups("g", List.of("A", "B", "C")).withGroups("s", List.of("X", "Y"));
        long[] all = PrivateAudit.prepare(f, SYNTHETIC, s).counts;
        int[] rows = new int[499];
        for (int i = 0; i < 499; i++) {
            rows[i] = i < 42 ? i : i + 1;
        }
        long[] without = PrivateAudit.prepare(f.select(rows), SYNTHETIC, s).counts;
        assertThat(all).hasSize(3 * 2 * 4);
        assertThat(without).hasSize(all.length);
        long l1 = 0;
        for (int i = 0; i < all.length; i++) {
            l1 += Math.abs(all[i] - without[i]);
        }
        assertThat(l1).isEqualTo(1);
        // the declared group C has no rows, and is noised all the same
        PrivateAuditResult r = PrivateAudit.run(f, SYNTHETIC, s.withRandomness(Randomness.seeded(3)));
        assertThat(r.attribute("g").groups()).extracting(PrivateAuditResult.Group::name).containsExactly("A", "B", "C");
        assertThat(r.notes()).noneMatch(n -> n.contains("were taken from the data"));
    }

    @Test
    void tinyGroupsAreUndefinedByNoiseNotNaN() {
        Frame f = synthetic(8, 300, 3);
        PrivateAuditResult r = PrivateAudit.run(f, SYNTHETIC, PrivateAuditSettings.of(0.05).withRandomness(Randomness.seeded(11)));
        for (var m : r.attribute("g").group("B").metrics().values()) {
            if (!m.defined()) {
                assertThat(m.undefined()).startsWith("undefined (noise)");
            } else {
                assertThat(m.value()).isBetween(0.0, 1.0);
                assertThat(m.lower()).isLessThanOrEqualTo(m.upper());
            }
        }
    }

    @Test
    void oneRowPerUnitIsKept() {
        int n = 900;
        String[] person = new String[n];
        String[] g = new String[n];
        long[] y = new long[n];
        long[] p = new long[n];
        for (int i = 0; i < n; i++) {
            person[i] = "p" + (i / 3);   // 300 people, 3 rows each
            g[i] = (i / 3) % 2 == 0 ? "A" : "B";
            y[i] = i % 2;
            p[i] = (i / 2) % 2;
        }
        Frame f = Frame.of(StringColumn.of("person", person), StringColumn.of("g", g), LongColumn.of("y", y), LongColumn.of("p", p));
        AuditSpec spec = AuditSpec.builder().label("y").prediction("p").positive("1").protectedAttributes("g").build();
        PrivateAuditResult r = PrivateAudit.run(f, spec, PrivateAuditSettings.of(1).withUnit("person").withRandomness(Randomness.seeded(1)));
        assertThat(r.privacy().rowsDropped()).isEqualTo(600);
        assertThat(r.privacy().unit()).isEqualTo("person");
        long rows = r.attribute("g").groups().stream().mapToLong(PrivateAuditResult.Group::rows).sum();
        assertThat(rows).isBetween(280L, 320L);
        // the filter applies before bounding: a unit's kept row is one the audit reads
        AuditSpec filtered = AuditSpec.builder().label("y").prediction("p").positive("1").protectedAttributes("g").where("y = 1").build();
        long[] counts = PrivateAudit.prepare(f, filtered, PrivateAuditSettings.of(1).withUnit("person").withRandomness(Randomness.seeded(2))).counts;
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        assertThat(total).isEqualTo(300);
    }

    @Test
    void theBudgetIsDebitedBeforeTheNoiseAndRefusesOverspending(@TempDir Path dir) {
        Frame f = synthetic(9, 500, 100);
        PrivacyBudget budget = PrivacyBudget.create(dir.resolve("s.budget"), "synthetic", new BigDecimal("1.5"), BigDecimal.ZERO);
        var released = PrivateAudit.run(f, SYNTHETIC, PrivateAuditSettings.of(1), budget, "auditor");
        assertThat(released.entry().charge().epsilon()).isEqualByComparingTo("1");
        assertThat(released.entry().charge().mechanism()).isEqualTo("geometric (discrete Laplace)");
        assertThat(released.after().epsilonLeft()).isEqualByComparingTo("0.5");
        assertThat(released.result().privateNoise()).isTrue();
        assertThatThrownBy(() -> PrivateAudit.run(f, SYNTHETIC, PrivateAuditSettings.of(1), budget, "auditor"))
                .isInstanceOf(BudgetExceededException.class);
        assertThat(budget.balance().releases()).isEqualTo(1);
        // an audit the private audit refuses spends nothing
        AuditSpec weighted = AuditSpec.builder().label("y").prediction("p").positive("1").protectedAttributes("g").weight("w").build();
        assertThatThrownBy(() -> PrivateAudit.run(f, weighted, PrivateAuditSettings.of(0.1), budget, "auditor"))
                .isInstanceOf(InputException.class);
        assertThat(budget.balance().releases()).isEqualTo(1);
    }

    /** Statistics gathered earlier (a service's windows, merged) release what the rows would, paid from the budget. */
    @Test
    void fromStatisticsReleasesWhatTheRowsWouldAndPaysFirst(@TempDir Path dir) {
        Frame f = synthetic(11, 400, 80);
        PrivacyBudget budget = PrivacyBudget.create(dir.resolve("t.budget"), "synthetic", new BigDecimal("1"), BigDecimal.ZERO);
        var fromRows = PrivateAudit.run(f, SYNTHETIC, PrivateAuditSettings.of(0.5).withRandomness(Randomness.seeded(7)));
        var released = PrivateAudit.fromStatistics(Audit.statistics(f, SYNTHETIC), f.source(), SYNTHETIC,
                PrivateAuditSettings.of(0.5).withRandomness(Randomness.seeded(7)), budget, "analyst (token abc)");
        assertThat(released.result()).isEqualTo(fromRows);
        assertThat(released.entry().charge().who()).isEqualTo("analyst (token abc)");
        assertThat(released.after().epsilonLeft()).isEqualByComparingTo("0.5");
        // no rows to bound per unit: refused before anything is debited
        assertThatThrownBy(() -> PrivateAudit.fromStatistics(Audit.statistics(f, SYNTHETIC), "s", SYNTHETIC,
                PrivateAuditSettings.of(0.1).withUnit("person"), budget, "analyst")).hasMessageContaining("privacy unit");
        assertThat(budget.balance().releases()).isEqualTo(1);
        assertThatThrownBy(() -> PrivateAudit.fromStatistics(Audit.statistics(f, SYNTHETIC), "s", SYNTHETIC,
                PrivateAuditSettings.of(0.6), budget, "analyst")).isInstanceOf(BudgetExceededException.class);
    }

    /** Statistics bounded where the rows are release what the library's own bounding would, when both keep the same rows. */
    @Test
    void boundedStatisticsReleaseWhatBoundingInMemoryWould() {
        int n = 600;
        String[] person = new String[n];
        String[] g = new String[n];
        long[] y = new long[n];
        long[] p = new long[n];
        for (int i = 0; i < n; i++) {
            person[i] = "p" + i;   // one row each: any bounding keeps every row
            g[i] = i % 3 == 0 ? "A" : "B";
            y[i] = (i / 2) % 2;
            p[i] = (i / 3) % 2;
        }
        Frame f = Frame.of(StringColumn.of("person", person), StringColumn.of("g", g), LongColumn.of("y", y), LongColumn.of("p", p));
        AuditSpec spec = AuditSpec.builder().label("y").prediction("p").positive("1").protectedAttributes("g").build();
        long[] inMemory = PrivateAudit.prepare(f, spec, PrivateAuditSettings.of(1).withUnit("person").withRandomness(Randomness.seeded(3))).counts;
        long[] given = PrivateAudit.bounded(Audit.statistics(f, spec), f.source(), spec,
                PrivateAuditSettings.of(1).withUnit("person").withRandomness(Randomness.seeded(3)), 0).counts;
        assertThat(given).isEqualTo(inMemory);
        PrivateAuditResult r = PrivateAudit.fromBoundedStatistics(Audit.statistics(f, spec), "cluster", spec,
                PrivateAuditSettings.of(1).withUnit("person").withRandomness(Randomness.seeded(4)), 42);
        assertThat(r.privacy().unit()).isEqualTo("person");
        assertThat(r.privacy().rowsDropped()).isEqualTo(42);
        assertThat(r.notes()).anyMatch(x -> x.contains("42 rows left out"));
        assertThatThrownBy(() -> PrivateAudit.fromBoundedStatistics(Audit.statistics(f, spec), "cluster", spec, PrivateAuditSettings.of(1), 0))
                .hasMessageContaining("name the privacy unit");
    }

    @Test
    void refusesWhatItDoesNotDo() {
        Frame f = synthetic(10, 200, 50).withColumn(DoubleColumn.of("score", new double[200]));
        var base = AuditSpec.builder().label("y").prediction("p").positive("1").protectedAttributes("g");
        PrivateAuditSettings s = PrivateAuditSettings.of(1);
        assertThatThrownBy(() -> PrivateAudit.run(f, AuditSpec.builder().label("y").score("score").threshold(0.5).positive("1")
                .protectedAttributes("g").build(), s)).hasMessageContaining("score");
        assertThatThrownBy(() -> PrivateAudit.run(f, AuditSpec.builder().label("y").prediction("p").task(TaskKind.MULTICLASS)
                .protectedAttributes("g").build(), s)).hasMessageContaining("binary");
        assertThatThrownBy(() -> PrivateAudit.run(f, AuditSpec.builder().label("y").prediction("p").positive("1")
                .protectedAttributes("g").bootstrap(100).build(), s)).hasMessageContaining("bootstrap");
        assertThatThrownBy(() -> PrivateAudit.run(f, SYNTHETIC, s.withGroups("race", List.of("x")))).hasMessageContaining("race");
        assertThatThrownBy(() -> PrivateAuditSettings.of(0)).isInstanceOf(InputException.class);
        assertThatThrownBy(() -> PrivateAudit.run(f, SYNTHETIC, s.withUnit("nope"))).isInstanceOf(InputException.class);
    }
}
