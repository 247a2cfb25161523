package dev.probity.fairness.audit;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.model.TaskKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An audit computed in parts and merged equals the audit of all rows at once (Audit.run), whatever the cuts. */
class AuditPartTest {
    /** The rows cut at the given row numbers, in order; equal cuts make empty parts. */
    static List<Frame> cut(Frame f, int... at) {
        List<Frame> parts = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= at.length; i++) {
            int to = i < at.length ? at[i] : f.rowCount();
            parts.add(f.select(IntStream.range(from, to).toArray()));
            from = to;
        }
        return parts;
    }

    /** Each part through its binary form, merged in order. */
    static AuditPart merged(List<Frame> parts, AuditSpec spec) {
        AuditPart all = AuditPart.empty();
        for (Frame p : parts) {
            all = all.merge(AuditPart.fromBytes(Audit.part(p, spec).toBytes()));
        }
        return all;
    }

    static void agree(Frame f, AuditSpec spec, int... cuts) {
        AuditResult whole = Audit.run(f, spec);
        AuditResult parts = Audit.fromPart(merged(cut(f, cuts), spec), spec, f.source(), "parts", w -> { });
        assertThat(parts.input().engine()).isEqualTo("parts");
        assertThat(whole.differenceFrom(parts, 1e-12)).isNull();
    }

    @Test
    void compasInPartsWithAnEmptyOneEqualsTheWhole() {
        Frame compas = Datasets.load("compas");
        AuditSpec spec = AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5").score("decile_score")
                .threshold(5.0).protectedAttributes("race", "sex").where(Datasets.PROPUBLICA_FILTER).bootstrap(200).seed(7)
                .build();
        agree(compas, spec, 1000, 1000, 3000, 7000);
    }

    @Test
    void unweightedBootstrapIsTheSameWhenPartsMergeInRowOrder() {
        Frame compas = Datasets.load("compas");
        AuditSpec spec = AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5").protectedAttributes("race")
                .bootstrap(100).seed(3).build();
        AuditResult whole = Audit.run(compas, spec);
        AuditResult parts = Audit.fromPart(merged(cut(compas, 17, 4000), spec), spec, "x", "parts", w -> { });
        assertThat(whole.differenceFrom(parts, 1e-12)).isNull();
        assertThat(parts.attribute("race").group("African-American").metric("fpr").bootstrap()).isNotNull();
    }

    @Test
    void aPartWithoutThePositiveTextOrWithoutAnyRowAfterTheFilterCounts() {
        Frame f = new Frame("t.csv", List.of(
                StringColumn.of("y", "no", "no", "no", "yes", "no", "yes", "yes", "no"),
                StringColumn.of("p", "no", "no", "no", "yes", "yes", "no", "yes", "yes"),
                StringColumn.of("g", "a", "b", "a", "b", "a", "b", "a", "b"),
                LongColumn.of("k", 0, 0, 0, 1, 1, 1, 1, 1)));
        AuditSpec spec = AuditSpec.builder().label("y").prediction("p").positive("yes").protectedAttributes("g")
                .minGroupSize(1).where("k >= 0").build();
        agree(f, spec, 3);
        AuditSpec filtered = AuditSpec.builder().label("y").prediction("p").positive("yes").protectedAttributes("g")
                .minGroupSize(1).where("k = 1").build();
        agree(f, filtered, 3);
        AuditPart first = Audit.part(cut(f, 3).get(0), filtered);
        assertThat(first.statistics()).isNull();
        assertThat(first.rowsRead()).isEqualTo(3);
        assertThat(first.rowsAfterFilter()).isZero();
    }

    @Test
    void aPositiveValueThatOccursInNoPartIsRefusedAfterTheMerge() {
        Frame f = new Frame("t.csv", List.of(
                StringColumn.of("y", "no", "no", "maybe", "no"),
                StringColumn.of("p", "no", "no", "no", "no"),
                StringColumn.of("g", "a", "b", "a", "b")));
        AuditSpec spec = AuditSpec.builder().label("y").prediction("p").positive("yes").protectedAttributes("g").build();
        assertThatThrownBy(() -> Audit.run(f, spec)).isInstanceOf(InputException.class);
        AuditPart all = merged(cut(f, 2), spec);
        assertThatThrownBy(() -> Audit.fromPart(all, spec, "t.csv", "parts", w -> { }))
                .isInstanceOf(InputException.class).hasMessageContaining("'yes' does not occur in the label");
    }

    @Test
    void missingRowsDroppedInPartsAreCountedAndWarnedOnce() {
        Frame compas = Datasets.load("compas");
        AuditSpec spec = AuditSpec.builder().label("two_year_recid").prediction("r_days_from_arrest >= 10")
                .protectedAttributes("race").dropMissing(true).build();
        AuditResult whole = Audit.run(compas, spec);
        assertThat(whole.input().rowsDropped()).isPositive();
        agree(compas, spec, 10, 2500, 2500, 6000);
    }

    @Test
    void multiclassPartsThatSawDifferentClassesEqualTheWhole() {
        Frame f = new Frame("t.csv", List.of(
                StringColumn.of("y", "a", "a", "b", "c", "a", "b", "c", "c", "b", "a"),
                StringColumn.of("p", "a", "a", "a", "c", "a", "b", "b", "c", "b", "c"),
                StringColumn.of("g", "x", "y", "x", "y", "x", "y", "x", "y", "x", "y")));
        AuditSpec spec = AuditSpec.builder().label("y").prediction("p").protectedAttributes("g").task(TaskKind.MULTICLASS)
                .minGroupSize(1).bootstrap(50).seed(1).build();
        agree(f, spec, 2, 5);
    }

    @Test
    void weightedRegressionInPartsEqualsTheWholeToRounding() {
        int n = 500;
        double[] y = new double[n];
        double[] p = new double[n];
        double[] w = new double[n];
        String[] g = new String[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (int i = 0; i < n; i++) {
            y[i] = r.nextDouble() * 100;
            p[i] = y[i] + r.nextGaussian() * 7;
            w[i] = 0.5 + r.nextDouble();
            g[i] = i % 7 == 0 ? "small" : i % 2 == 0 ? "even" : "odd";
        }
        Frame f = new Frame("t.csv", List.of(DoubleColumn.of("y", y), DoubleColumn.of("p", p), DoubleColumn.of("w", w),
                StringColumn.of("g", g)));
        AuditSpec spec = AuditSpec.builder().label("y").prediction("p").weight("w").protectedAttributes("g")
                .task(TaskKind.REGRESSION).build();
        agree(f, spec, 1, 100, 333);
    }

    @Test
    void damagedBytesAreRefused() {
        byte[] b = Audit.part(Datasets.load("compas"), AuditSpec.builder().label("two_year_recid")
                .prediction("decile_score >= 5").protectedAttributes("race").build()).toBytes();
        assertThatThrownBy(() -> AuditPart.fromBytes(java.util.Arrays.copyOf(b, b.length - 3)))
                .isInstanceOf(InputException.class);
        b[0] = 'X';
        assertThatThrownBy(() -> AuditPart.fromBytes(b)).isInstanceOf(InputException.class).hasMessageContaining("PRBP");
    }
}
