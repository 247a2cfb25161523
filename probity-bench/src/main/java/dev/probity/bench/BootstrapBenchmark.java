package dev.probity.bench;

import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.fairness.stats.InMemoryStats;
import dev.probity.fairness.stats.StatsTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * 1,000 bootstrap replicates of every metric and every disparity of the 10,000,000-row synthetic table,
 * from its statistics (exact multinomial resampling), against the same audit without the bootstrap.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx6g"})
public class BootstrapBenchmark {
    StatsTable stats;
    AuditSpec withBootstrap;
    AuditSpec without;

    @Setup
    public void setup() {
        stats = InMemoryStats.compute(SyntheticTable.generate(SyntheticTable.ROWS, SyntheticTable.SEED), 2);
        AuditSpec.Builder b = AuditSpec.builder().label("y_true").prediction("y_pred").protectedAttributes("group");
        without = b.build();
        withBootstrap = b.bootstrap(1000).seed(1).build();
    }

    @Benchmark
    public AuditResult bootstrap1000() {
        return Audit.fromStatistics(stats, withBootstrap, "synthetic");
    }

    @Benchmark
    public AuditResult pointEstimatesOnly() {
        return Audit.fromStatistics(stats, without, "synthetic");
    }
}
