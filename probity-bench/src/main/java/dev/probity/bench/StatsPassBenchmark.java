package dev.probity.bench;

import dev.probity.sql.DuckDb;
import dev.probity.fairness.stats.AuditData;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * The statistics pass over the 10,000,000-row synthetic table (per-group confusion counts), ours against
 * the same aggregation run by DuckDB on a table in the same process. Rows per second = 10⁷ / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx6g"})
public class StatsPassBenchmark {
    AuditData data;
    Connection duck;
    Statement st;
    int threads;

    @Setup
    public void setup() throws Exception {
        threads = Runtime.getRuntime().availableProcessors();
        data = SyntheticTable.generate(SyntheticTable.ROWS, SyntheticTable.SEED);
        Path csv = SyntheticTable.ensureCsv(Path.of(System.getProperty("probity.bench.data", "bench-data/synthetic-10m.csv")));
        duck = DuckDb.open(threads);
        st = duck.createStatement();
        st.execute("CREATE TABLE t AS SELECT * FROM read_csv(" + DuckDb.literal(csv.toAbsolutePath().toString()) + ")");
    }

    @TearDown
    public void tearDown() throws SQLException {
        st.close();
        duck.close();
    }

    /** Our in-memory pass: per-group confusion counts over primitive arrays, all threads. */
    @Benchmark
    public StatsTable probity() {
        return InMemoryStats.compute(data, threads);
    }

    /** The same aggregation in DuckDB: rows per (group, label, prediction). */
    @Benchmark
    public long duckdb() throws SQLException {
        long total = 0;
        try (ResultSet rs = st.executeQuery("SELECT \"group\", y_true, y_pred, count(*) FROM t GROUP BY ALL")) {
            while (rs.next()) {
                total += rs.getLong(4);
            }
        }
        return total;
    }
}
