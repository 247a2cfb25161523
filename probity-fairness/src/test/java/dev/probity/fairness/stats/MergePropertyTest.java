package dev.probity.fairness.stats;

import dev.probity.core.model.TaskKind;
import dev.probity.core.frame.Frame;
import dev.probity.core.io.CsvReader;
import dev.probity.core.io.Format;
import dev.probity.core.io.ReadOptions;
import dev.probity.core.testing.Cases;
import dev.probity.core.testing.RandomTables;
import dev.probity.core.testing.Shrink;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.fairness.audit.TestAccess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statistics of two parts, merged, equal the statistics of the whole — for every task kind. 80 seeded cases;
 * a failure is shrunk to the smallest table and split that still break the law.
 */
class MergePropertyTest {
    static final List<AuditSpec> SPECS = List.of(
            AuditSpec.builder().label("y").prediction("p").protectedAttributes("g1", "g2").build(),
            AuditSpec.builder().label("y").prediction("p").score("s").protectedAttributes("g1").weight("w").build(),
            AuditSpec.builder().label("cls").prediction("pcls").protectedAttributes("g1").task(TaskKind.MULTICLASS).weight("w").build(),
            AuditSpec.builder().label("yv").prediction("pv").protectedAttributes("g1").task(TaskKind.REGRESSION).weight("w").build());

    /** A random table of {@code rows} rows from {@code tableSeed}, audited with spec {@code spec}, split at row {@code cut}. */
    record Split(int spec, long tableSeed, int rows, int cut) {
        @Override
        public String toString() {
            return "spec " + spec + " (" + SPECS.get(spec).task() + "), table seed " + tableSeed + ", " + rows + " rows, cut at " + cut;
        }
    }

    static Stream<Split> splits() {
        return splits(0x6D657267L, 80, 600);
    }

    /** {@code count} seeded splits of tables of up to {@code maxRows} rows (shared with StatsCodecTest). */
    static Stream<Split> splits(long seed, int count, int maxRows) {
        return Cases.of(seed, count, g -> {
            int rows = g.between(2, maxRows);
            return new Split(g.between(0, SPECS.size() - 1), g.nextLong(), rows, g.between(1, rows - 1));
        });
    }

    /** Fewer rows (the cut kept inside), then the cut moved towards either end. */
    static List<Split> smaller(Split s) {
        List<Split> out = new ArrayList<>();
        for (int rows : new int[] {s.rows() / 2, s.rows() - 1}) {
            if (rows >= 2 && rows < s.rows()) {
                out.add(new Split(s.spec(), s.tableSeed(), rows, Math.min(s.cut(), rows - 1)));
            }
        }
        if (s.cut() > 1) {
            out.add(new Split(s.spec(), s.tableSeed(), s.rows(), 1));
            out.add(new Split(s.spec(), s.tableSeed(), s.rows(), s.cut() - 1));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splits")
    void mergingPartsEqualsTheWhole(Split split) {
        Shrink.check(split, MergePropertyTest::smaller, MergePropertyTest::mergeLaw);
    }

    static void mergeLaw(Split s) {
        AuditSpec spec = SPECS.get(s.spec());
        Frame frame = CsvReader.read("t.csv", RandomTables.csv(s.tableSeed(), s.rows()).getBytes(StandardCharsets.UTF_8),
                ReadOptions.defaults(), Format.CSV);
        AuditData all = TestAccess.prepare(frame, spec);
        StatsTable whole = InMemoryStats.compute(all, 2);
        StatsTable a = InMemoryStats.compute(slice(all, 0, s.cut()), 1);
        StatsTable b = InMemoryStats.compute(slice(all, s.cut(), s.rows()), 1);
        double tol = spec.task() == TaskKind.REGRESSION ? 1e-9 : 0;
        assertThat(a.merge(b).differenceFrom(whole, tol)).as("a.merge(b) vs whole").isNull();
        assertThat(b.merge(a).differenceFrom(whole, tol)).as("b.merge(a) vs whole").isNull();
    }

    static AuditData slice(AuditData d, int from, int to) {
        return new AuditData(d.attributes(), d.cellKeys(), Arrays.copyOfRange(d.cell(), from, to), d.kind(),
                d.label() == null ? null : Arrays.copyOfRange(d.label(), from, to),
                d.prediction() == null ? null : Arrays.copyOfRange(d.prediction(), from, to),
                d.score() == null ? null : Arrays.copyOfRange(d.score(), from, to),
                d.weight() == null ? null : Arrays.copyOfRange(d.weight(), from, to),
                d.labelClass() == null ? null : Arrays.copyOfRange(d.labelClass(), from, to),
                d.predictionClass() == null ? null : Arrays.copyOfRange(d.predictionClass(), from, to),
                d.classes(),
                d.labelValue() == null ? null : Arrays.copyOfRange(d.labelValue(), from, to),
                d.predictionValue() == null ? null : Arrays.copyOfRange(d.predictionValue(), from, to));
    }
}
