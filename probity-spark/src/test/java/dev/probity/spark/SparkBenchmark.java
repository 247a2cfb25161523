package dev.probity.spark;

import dev.probity.core.frame.Frame;
import dev.probity.core.io.ReadOptions;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditPart;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.sql.ParquetReader;
import dev.probity.sql.SqlAudit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A benchmark harness, not a test (run by {@code probity-bench/run spark}; it lives beside the tests because it needs
 * Spark's Scala 2.13 class path, which the other harnesses' XGBoost4J (Scala 2.12) and Jackson 2.22 cannot share).
 * The audit of N rows of the synthetic table in one Parquet file, three ways on the same machine: on Spark
 * ({@code local[2]}, {@link ProbitySpark#audit}), with DuckDB ({@link SqlAudit}) and with the in-memory engine (the file
 * read into a frame by DuckDB, then {@link Audit#run}). Spark's time is split into what Spark alone costs (scanning the
 * same columns and handing every row to a partition function that only counts them) and what the audit adds (our
 * frames and statistics per partition, the merge, the driver's metric algebra). The first run of each is a warm-up;
 * medians of the rest.
 *
 * <p>Arguments: repository root, rows (default 10,000,000), runs (default 5).
 */
public final class SparkBenchmark {
    private SparkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        long rows = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        SparkSession spark = SparkSession.builder().appName("probity spark benchmark").master("local[2]")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                // several splits of the one file, so that both cores read
                .config("spark.sql.files.maxPartitionBytes", String.valueOf(4L << 20))
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        Path file = ensureParquet(spark, repo.resolve("bench-data/synthetic-" + rows + ".parquet"), rows);
        AuditSpec spec = AuditSpec.builder().label("y_true").prediction("y_pred").protectedAttributes("group").build();

        List<Double> sparkAudit = new ArrayList<>();
        List<Double> sparkScan = new ArrayList<>();
        List<Double> sparkStats = new ArrayList<>();
        List<Double> driver = new ArrayList<>();
        List<Double> duck = new ArrayList<>();
        List<Double> memRead = new ArrayList<>();
        List<Double> memAudit = new ArrayList<>();
        int partitions = spark.read().parquet(file.toString()).javaRDD().getNumPartitions();
        AuditResult reference = null;
        for (int i = -1; i < runs; i++) {
            long t0 = System.nanoTime();
            AuditResult s = ProbitySpark.audit(spark.read().parquet(file.toString()), spec);
            long t1 = System.nanoTime();
            long n = spark.read().parquet(file.toString()).select("y_true", "y_pred", "group").javaRDD()
                    .mapPartitions((Iterator<Row> it) -> {
                        long c = 0;
                        while (it.hasNext()) {
                            it.next();
                            c++;
                        }
                        return List.of(c).iterator();
                    }).reduce(Long::sum);
            long t2 = System.nanoTime();
            AuditPart part = ProbitySpark.statistics(spark.read().parquet(file.toString()), spec, "spark");
            long t3 = System.nanoTime();
            AuditResult fromPart = Audit.fromPart(part, spec, "spark", "spark", w -> { });
            long t4 = System.nanoTime();
            AuditResult d = SqlAudit.run(file, ReadOptions.defaults(), spec, w -> { });
            long t5 = System.nanoTime();
            Frame f = ParquetReader.readParquet(file, ReadOptions.defaults());
            long t6 = System.nanoTime();
            AuditResult m = Audit.run(f, spec);
            long t7 = System.nanoTime();
            if (n != rows || s.input().rowsRead() != rows || d.input().rowsRead() != rows || m.input().rowsRead() != rows) {
                throw new IllegalStateException("row counts differ: " + n + ", " + s.input().rowsRead() + ", "
                        + d.input().rowsRead() + ", " + m.input().rowsRead());
            }
            String diff = m.differenceFrom(s, 1e-12);
            if (diff != null || m.differenceFrom(fromPart, 1e-12) != null) {
                throw new IllegalStateException("Spark's audit differs from the in-memory one: " + diff);
            }
            reference = m;
            if (i >= 0) {
                sparkAudit.add((t1 - t0) / 1e9);
                sparkScan.add((t2 - t1) / 1e9);
                sparkStats.add((t3 - t2) / 1e9);
                driver.add((t4 - t3) / 1e9);
                duck.add((t5 - t4) / 1e9);
                memRead.add((t6 - t5) / 1e9);
                memAudit.add((t7 - t6) / 1e9);
            }
        }
        double a = median(sparkAudit);
        double sc = median(sparkScan);
        System.out.printf(Locale.ROOT, "%,d rows, one Parquet file of %,d bytes, Spark local[2] with %d partitions, %s, median of %d runs%n",
                rows, Files.size(file), partitions, Runtime.version(), runs);
        System.out.printf(Locale.ROOT, "  Spark: ProbitySpark.audit                         %7.3f s%n", a);
        System.out.printf(Locale.ROOT, "    Spark alone: scan the 3 columns, count the rows %7.3f s%n", sc);
        System.out.printf(Locale.ROOT, "    statistics (ProbitySpark.statistics)            %7.3f s%n", median(sparkStats));
        System.out.printf(Locale.ROOT, "    the driver's metric algebra (Audit.fromPart)    %7.4f s%n", median(driver));
        System.out.printf(Locale.ROOT, "    what the audit adds to Spark's scan             %7.3f s%n", a - sc);
        System.out.printf(Locale.ROOT, "  DuckDB: SqlAudit.run on the file                  %7.3f s%n", median(duck));
        System.out.printf(Locale.ROOT, "  in memory: read the file (DuckDB into a frame)    %7.3f s%n", median(memRead));
        System.out.printf(Locale.ROOT, "  in memory: Audit.run on the frame                 %7.3f s%n", median(memAudit));
        System.out.printf(Locale.ROOT, "  all three agree: %d rows audited, fpr of group A %.6f%n", reference.input().rows(),
                reference.attribute("group").group("A").metric("fpr").number());
        spark.stop();
    }

    /** The first {@code rows} rows of the synthetic table as one Parquet file with small row groups, written by Spark. */
    static Path ensureParquet(SparkSession spark, Path dir, long rows) throws IOException {
        Path file = find(dir);
        if (file != null) {
            return file;
        }
        int slices = (int) Math.max(2, Math.min(64, rows / 1_000_000));
        Dataset<Row> d = spark.createDataFrame(spark.range(0, rows, 1, slices).javaRDD().mapPartitions(
                (Iterator<Long> it) -> new Iterator<Row>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Row next() {
                        int[] r = SyntheticRows.row(it.next());
                        return RowFactory.create(String.valueOf((char) ('A' + r[0])), (long) r[1], (long) r[2]);
                    }
                }), SyntheticRows.SCHEMA);
        d.coalesce(1).write().option("parquet.block.size", String.valueOf(2 << 20)).parquet(dir.toString());
        return find(dir);
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static Path find(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElse(null);
        }
    }
}
