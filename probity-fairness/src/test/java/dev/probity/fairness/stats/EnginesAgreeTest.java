package dev.probity.fairness.stats;

import dev.probity.core.frame.Frame;
import dev.probity.core.io.DataReader;
import dev.probity.core.io.ReadOptions;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.fairness.audit.SqlStats;
import dev.probity.fairness.audit.TestAccess;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory engine and the SQL engine (DuckDB) compute the same statistics on the same file. */
class EnginesAgreeTest {

    @Provide
    Arbitrary<AuditSpec> specs() {
        return Arbitraries.of(
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
    }

    @Property(tries = 45)
    void sqlAndMemoryEnginesAgree(@ForAll("specs") AuditSpec spec, @ForAll long seed,
                                  @ForAll @IntRange(min = 1, max = 400) int rows) throws IOException {
        Path dir = Files.createTempDirectory("engines");
        try {
            Path file = RandomTables.write(dir, seed, rows);
            Frame frame = DataReader.read(file, ReadOptions.defaults());
            StatsTable memory;
            try {
                memory = InMemoryStats.compute(TestAccess.prepare(frame, spec), 2);
            } catch (dev.probity.core.InputException e) {
                // e.g. every row filtered out: the SQL engine must refuse too
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> SqlStats.compute(file, ReadOptions.defaults(), spec, 2))
                        .isInstanceOf(dev.probity.core.InputException.class);
                return;
            }
            StatsTable sql = SqlStats.compute(file, ReadOptions.defaults(), spec, 2).table();
            double tol = spec.task() == TaskKind.REGRESSION ? 1e-9 : 0;
            assertThat(memory.differenceFrom(sql, tol)).isNull();
            assertThat(memory.sameAs(sql, tol)).isTrue();
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
