package dev.probity.sql;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.io.DataReader;
import dev.probity.core.io.ReadOptions;
import dev.probity.core.testing.Cases;
import dev.probity.core.testing.RandomTables;
import dev.probity.core.testing.Shrink;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.stats.StatsTable;
import dev.probity.core.model.TaskKind;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The in-memory engine and the SQL engine (DuckDB) compute the same statistics on the same file: 45 seeded
 * cases over nine audit specifications; a failure is shrunk to the smallest table that still disagrees.
 */
class EnginesAgreeTest {
    static final List<AuditSpec> SPECS = List.of(
            AuditSpec.builder().label("y").prediction("p").protectedAttributes("g1").build(),
            AuditSpec.builder().label("y").prediction("p").protectedAttributes("g1", "g2").weight("w").build(),
            AuditSpec.builder().label("y").prediction("p").score("s").protectedAttributes("g1").build(),
            AuditSpec.builder().label("y").score("s").threshold(0.5).protectedAttributes("g2", "g1").weight("w").build(),
            AuditSpec.builder().label("y").prediction("s >= 0.375 AND g2 = 'x'").protectedAttributes("g1")
                    .where("s < 0.9").build(),
            AuditSpec.builder().label("cls").prediction("pcls").protectedAttributes("g1")
                    .task(TaskKind.MULTICLASS).build(),
            AuditSpec.builder().label("cls").prediction("pcls").protectedAttributes("g1", "g2").weight("w")
                    .task(TaskKind.MULTICLASS).build(),
            AuditSpec.builder().label("yv").prediction("pv").protectedAttributes("g1").task(TaskKind.REGRESSION).build(),
            AuditSpec.builder().label("yv").prediction("pv").protectedAttributes("g1").weight("w")
                    .task(TaskKind.REGRESSION).build());

    @TempDir
    Path dir;

    record Table(int spec, long tableSeed, int rows) {
        @Override
        public String toString() {
            return "spec " + spec + " (" + SPECS.get(spec).task() + "), table seed " + tableSeed + ", " + rows + " rows";
        }
    }

    static Stream<Table> tables() {
        return Cases.of(0x656E67L, 45, g -> new Table(g.between(0, SPECS.size() - 1), g.nextLong(), g.between(1, 400)));
    }

    static List<Table> smaller(Table t) {
        List<Table> out = new ArrayList<>();
        for (int rows : new int[] {t.rows() / 2, t.rows() - 1}) {
            if (rows >= 1 && rows < t.rows()) {
                out.add(new Table(t.spec(), t.tableSeed(), rows));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void sqlAndMemoryEnginesAgree(Table table) {
        Shrink.check(table, EnginesAgreeTest::smaller, this::enginesAgree);
    }

    void enginesAgree(Table t) {
        AuditSpec spec = SPECS.get(t.spec());
        Path file;
        try {
            file = RandomTables.write(Files.createTempDirectory(dir, "t"), t.tableSeed(), t.rows());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Frame frame = DataReader.read(file, ReadOptions.defaults());
        StatsTable memory;
        try {
            memory = Audit.statistics(frame, spec);
        } catch (InputException e) {
            // e.g. every row filtered out: the SQL engine must refuse too
            assertThatThrownBy(() -> SqlStats.compute(file, ReadOptions.defaults(), spec, 2)).isInstanceOf(InputException.class);
            return;
        }
        StatsTable sql = SqlStats.compute(file, ReadOptions.defaults(), spec, 2).table();
        double tol = spec.task() == TaskKind.REGRESSION ? 1e-9 : 0;
        assertThat(memory.differenceFrom(sql, tol)).isNull();
        assertThat(memory.sameAs(sql, tol)).isTrue();
    }
}
