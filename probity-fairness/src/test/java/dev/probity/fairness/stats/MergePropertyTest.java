package dev.probity.fairness.stats;

import dev.probity.core.frame.Frame;
import dev.probity.core.io.CsvReader;
import dev.probity.core.io.Format;
import dev.probity.core.io.ReadOptions;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.fairness.audit.TestAccess;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Statistics of two parts, merged, equal the statistics of the whole — for every task kind. */
class MergePropertyTest {

    @Provide
    Arbitrary<AuditSpec> specs() {
        return Arbitraries.of(
                AuditSpec.builder().label("y").prediction("p").protectedAttributes("g1", "g2").build(),
                AuditSpec.builder().label("y").prediction("p").score("s").protectedAttributes("g1").weight("w").build(),
                AuditSpec.builder().label("cls").prediction("pcls").protectedAttributes("g1").task(TaskKind.MULTICLASS).weight("w").build(),
                AuditSpec.builder().label("yv").prediction("pv").protectedAttributes("g1").task(TaskKind.REGRESSION).weight("w").build());
    }

    @Property(tries = 80)
    void mergingPartsEqualsTheWhole(@ForAll("specs") AuditSpec spec, @ForAll long seed,
                                    @ForAll @IntRange(min = 2, max = 600) int rows, @ForAll @IntRange(min = 1, max = 99) int cutPercent) {
        Frame frame = CsvReader.read("t.csv", RandomTables.csv(seed, rows).getBytes(StandardCharsets.UTF_8),
                ReadOptions.defaults(), Format.CSV);
        AuditData all = TestAccess.prepare(frame, spec);
        int cut = Math.max(1, Math.min(rows - 1, rows * cutPercent / 100));
        StatsTable whole = InMemoryStats.compute(all, 2);
        StatsTable a = InMemoryStats.compute(slice(all, 0, cut), 1);
        StatsTable b = InMemoryStats.compute(slice(all, cut, rows), 1);
        double tol = spec.task() == TaskKind.REGRESSION ? 1e-9 : 0;
        StatsTable merged = a.merge(b);
        assertThat(merged.differenceFrom(whole, tol)).isNull();
        assertThat(b.merge(a).sameAs(whole, tol)).isTrue();
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
