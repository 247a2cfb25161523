package dev.probity.fairness.stats;

import dev.probity.core.model.TaskKind;
import dev.probity.core.InputException;
import dev.probity.core.expr.Expression;
import dev.probity.core.frame.Frame;
import dev.probity.core.io.CsvReader;
import dev.probity.core.io.Format;
import dev.probity.core.io.ReadOptions;
import dev.probity.core.testing.RandomTables;
import dev.probity.core.testing.Shrink;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Statistics are values that travel: written to bytes and read back they are the same (bit for bit, and written
 * again to the same bytes); parts read back merge to the whole; multiclass parts that saw different classes merge
 * on the union of their classes to exactly what one pass over all rows gives.
 */
class StatsCodecTest {
    // the specifications, splits and their shrinking are the merge law's (MergePropertyTest)
    static final List<AuditSpec> SPECS = MergePropertyTest.SPECS;

    static Stream<MergePropertyTest.Split> splits() {
        return MergePropertyTest.splits(0x5E71AL, 60, 500);
    }

    static Frame table(long seed, int rows) {
        return CsvReader.read("t.csv", RandomTables.csv(seed, rows).getBytes(StandardCharsets.UTF_8), ReadOptions.defaults(), Format.CSV);
    }

    static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splits")
    void serializedPartsReadBackAndMergeToTheWhole(MergePropertyTest.Split split) {
        Shrink.check(split, MergePropertyTest::smaller, s -> {
            AuditSpec spec = SPECS.get(s.spec());
            Frame f = table(s.tableSeed(), s.rows());
            StatsTable whole = Audit.statistics(f, spec);
            StatsTable a = Audit.statistics(f.select(range(0, s.cut())), spec);
            StatsTable b = Audit.statistics(f.select(range(s.cut(), s.rows())), spec);
            byte[] ab = a.toBytes();
            StatsTable a2 = StatsTable.fromBytes(ab);
            StatsTable b2 = StatsTable.fromBytes(b.toBytes());
            assertThat(a2.differenceFrom(a, 0)).as("read back").isNull();
            assertThat(a2.toBytes()).as("written again").isEqualTo(ab);
            double tol = spec.task() == TaskKind.REGRESSION ? 1e-9 : 0;
            assertThat(a2.merge(b2).differenceFrom(whole, tol)).as("parts read back, merged, vs the whole").isNull();
            assertThat(a2.merge(b2).differenceFrom(a.merge(b), 0)).as("same as merging the originals").isNull();
        });
    }

    /** Partitions that saw different classes: one without "high", the other with every class. */
    @Test
    void multiclassPartsWithDifferentClassesMergeOnTheUnion() {
        AuditSpec spec = SPECS.get(2);
        Frame f = table(77, 400);
        boolean[] noHigh = Expression.parse("cls <> 'high' AND pcls <> 'high'").filter(f);
        boolean[] rest = new boolean[noHigh.length];
        for (int i = 0; i < rest.length; i++) {
            rest[i] = !noHigh[i];
        }
        StatsTable a = StatsTable.fromBytes(Audit.statistics(f.filter(noHigh), spec).toBytes());
        StatsTable b = StatsTable.fromBytes(Audit.statistics(f.filter(rest), spec).toBytes());
        assertThat(a.classes()).containsExactly("low", "mid");
        assertThat(b.classes()).containsExactly("high", "low", "mid");
        StatsTable whole = Audit.statistics(f, spec);
        assertThat(a.merge(b).differenceFrom(whole, 0)).isNull();
        assertThat(b.merge(a).differenceFrom(whole, 0)).isNull();
        // and the audit of the merged statistics is the audit of the whole
        assertThat(Audit.fromStatistics(a.merge(b), spec, "t").estimates().toString())
                .isEqualTo(Audit.fromStatistics(whole, spec, "t").estimates().toString());
    }

    @Test
    void damagedOrForeignBytesAreNamed() {
        byte[] ok = Audit.statistics(table(5, 50), SPECS.get(1)).toBytes();
        assertThatThrownBy(() -> StatsTable.fromBytes("hello world".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InputException.class).hasMessageContaining("not Probity group statistics");
        assertThatThrownBy(() -> StatsTable.fromBytes(Arrays.copyOf(ok, ok.length / 2)))
                .isInstanceOf(InputException.class).hasMessageContaining("truncated");
        byte[] future = ok.clone();
        future[4] = 2;
        assertThatThrownBy(() -> StatsTable.fromBytes(future)).isInstanceOf(InputException.class)
                .hasMessageContaining("format version 2");
        byte[] family = ok.clone();
        family[5] = 9;
        assertThatThrownBy(() -> StatsTable.fromBytes(family)).isInstanceOf(InputException.class).hasMessageContaining("family 9");
        byte[] tail = Arrays.copyOf(ok, ok.length + 3);
        assertThatThrownBy(() -> StatsTable.fromBytes(tail)).isInstanceOf(InputException.class).hasMessageContaining("3 bytes after");
        // one group's statistics travel alone too
        GroupStats g = Audit.statistics(table(5, 50), SPECS.get(1)).overall();
        assertThat(StatsCodec.groupFromBytes(StatsCodec.toBytes(g)).sameAs(g, 0)).isTrue();
    }
}
