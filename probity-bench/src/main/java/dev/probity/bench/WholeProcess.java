package dev.probity.bench;

import dev.probity.core.frame.Frame;
import dev.probity.core.io.DataReader;
import dev.probity.core.io.ReadOptions;
import dev.probity.sql.DuckDb;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.fairness.stats.AuditData;
import dev.probity.fairness.stats.InMemoryStats;
import dev.probity.fairness.stats.StatsTable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whole-process and in-process measurements of the audit on the 10,000,000-row synthetic table, each
 * against its reference in the same run, reporting medians (the machines are shared and noisy):
 * <ol>
 *   <li>{@code ./probity audit} as a separate process, from the CSV (target ≤ 2 s wall on 2 cores), with its
 *       peak heap;</li>
 *   <li>in one JVM, alternating: our CSV read + statistics pass + metrics against DuckDB's
 *       {@code read_csv} + GROUP BY of the same counts (target ours ≤ 1.5× DuckDB);</li>
 *   <li>the in-memory statistics pass alone, rows per second (target ≥ 200 million);</li>
 *   <li>1,000 bootstrap replicates of every metric and disparity from the statistics (target &lt; 1 s).</li>
 * </ol>
 * Usage: {@code WholeProcess REPO_DIR [RUNS]}. Writes the summary to probity-bench/target/bench-results.md.
 */
public final class WholeProcess {
    private WholeProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Path csv = SyntheticTable.ensureCsv(repo.resolve("bench-data/synthetic-10m.csv"));
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Probity audit benchmarks — %s, %d cores, Java %s, %d runs each (medians)%n%n",
                csv.getFileName(), cores, Runtime.version(), runs));

        // 1. Whole process.
        List<Double> wall = new ArrayList<>();
        List<Double> heap = new ArrayList<>();
        Path json = repo.resolve("probity-bench/target/bench-audit.json");
        Files.createDirectories(json.getParent());
        List<String> cmd = List.of(repo.resolve("probity").toString(), "audit", "--data", csv.toString(), "--label", "y_true",
                "--prediction", "y_pred", "--protected", "group", "--json", json.toString(), "-q", "--stats");
        run(cmd, repo); // warm-up: builds if needed, writes the class-data archive
        Pattern peak = Pattern.compile("peak heap (\\d+) MiB");
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            String err = run(cmd, repo);
            wall.add((System.nanoTime() - t0) / 1e9);
            Matcher m = peak.matcher(err);
            if (m.find()) {
                heap.add(Double.parseDouble(m.group(1)));
            }
        }
        out.append(String.format(Locale.ROOT,
                "whole process  ./probity audit (CSV → metrics, disparities, JSON)   median %.2f s (min %.2f, max %.2f)   target ≤ 2 s%n",
                median(wall), min(wall), max(wall)));
        out.append(String.format(Locale.ROOT, "               peak heap                                           median %.0f MiB%n%n",
                median(heap)));

        // 2. Ours against DuckDB from the same CSV, same process, alternating.
        AuditSpec spec = AuditSpec.builder().label("y_true").prediction("y_pred").protectedAttributes("group").build();
        List<Double> ours = new ArrayList<>();
        List<Double> chunked = new ArrayList<>();
        List<Double> duck = new ArrayList<>();
        try (Connection c = DuckDb.open(cores); Statement st = c.createStatement()) {
            String q = "SELECT \"group\", y_true, y_pred, count(*) FROM read_csv(" + DuckDb.literal(csv.toString())
                    + ") GROUP BY ALL";
            for (int i = -2; i < runs; i++) {
                long t0 = System.nanoTime();
                Frame f = DataReader.read(csv, ReadOptions.defaults().columns(Set.of("group", "y_true", "y_pred")));
                AuditResult r = Audit.run(f, spec);
                long t1 = System.nanoTime();
                long n = 0;
                try (ResultSet rs = st.executeQuery(q)) {
                    while (rs.next()) {
                        n += rs.getLong(4);
                    }
                }
                long t2 = System.nanoTime();
                // what the command line does: the file in chunks of 4 MiB, statistics merged chunk by chunk
                AuditResult inChunks = Audit.streamed(csv, ReadOptions.defaults().columns(Set.of("group", "y_true", "y_pred")), spec,
                        dev.probity.core.io.ChunkedReader.DEFAULT_CHUNK_BYTES, x -> x, w -> { });
                long t3 = System.nanoTime();
                if (n != SyntheticTable.ROWS || r.input().rows() != SyntheticTable.ROWS || inChunks.input().rows() != SyntheticTable.ROWS) {
                    throw new IllegalStateException("row counts differ: " + n + " vs " + r.input().rows() + " vs " + inChunks.input().rows());
                }
                if (i >= 0) {
                    ours.add((t1 - t0) / 1e6);
                    duck.add((t2 - t1) / 1e6);
                    chunked.add((t3 - t2) / 1e6);
                }
            }
        }
        out.append(String.format(Locale.ROOT, "from CSV, one JVM: Probity read + statistics + full metric algebra   median %.0f ms%n",
                median(ours)));
        out.append(String.format(Locale.ROOT, "                   the same read in 4 MiB chunks (the CLI's path)   median %.0f ms (min %.0f, max %.0f)%n",
                median(chunked), min(chunked), max(chunked)));
        out.append(String.format(Locale.ROOT, "                   DuckDB read_csv + GROUP BY (counts only)         median %.0f ms (min %.0f, max %.0f)%n",
                median(duck), min(duck), max(duck)));
        out.append(String.format(Locale.ROOT, "                   ratio Probity / DuckDB: whole file %.2f×, in chunks %.2f×   target ≤ 1.0×%n%n",
                median(ours) / median(duck), median(chunked) / median(duck)));

        // 3. The statistics pass alone.
        AuditData data = SyntheticTable.generate(SyntheticTable.ROWS, SyntheticTable.SEED);
        List<Double> pass = new ArrayList<>();
        StatsTable table = null;
        for (int i = -5; i < runs * 3; i++) {
            long t0 = System.nanoTime();
            table = InMemoryStats.compute(data, cores);
            long t1 = System.nanoTime();
            if (i >= 0) {
                pass.add((t1 - t0) / 1e6);
            }
        }
        double mps = SyntheticTable.ROWS / (median(pass) / 1e3) / 1e6;
        out.append(String.format(Locale.ROOT, "statistics pass (in memory, %d threads)                              median %.1f ms = %.0f million rows/s   target ≥ 200%n%n",
                cores, median(pass), mps));

        // 4. Bootstrap.
        AuditSpec boot = AuditSpec.builder().label("y_true").prediction("y_pred").protectedAttributes("group").bootstrap(1000)
                .seed(1).build();
        List<Double> bt = new ArrayList<>();
        for (int i = -2; i < runs; i++) {
            long t0 = System.nanoTime();
            AuditResult r = Audit.fromStatistics(table, boot, "synthetic");
            long t1 = System.nanoTime();
            if (i >= 0) {
                bt.add((t1 - t0) / 1e6);
            }
            if (r.estimates().get(0).bootstrap() == null) {
                throw new IllegalStateException("no bootstrap interval");
            }
        }
        out.append(String.format(Locale.ROOT, "1,000 bootstrap replicates of every metric and disparity (%d estimates)  median %.0f ms   target < 1 s%n",
                Audit.fromStatistics(table, spec, "synthetic").estimates().size(), median(bt)));
        System.out.print(out);
        Path result = repo.resolve("probity-bench/target/bench-results.md");
        Files.writeString(result, out.toString(), StandardCharsets.UTF_8);
        System.out.println("\nwritten to " + result);
    }

    static String run(List<String> cmd, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false).start();
        byte[] err = p.getErrorStream().readAllBytes();
        p.getInputStream().readAllBytes();
        int code = p.waitFor();
        String e = new String(err, StandardCharsets.UTF_8);
        if (code != 0) {
            throw new IllegalStateException("probity exited with " + code + ": " + e);
        }
        return e;
    }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length == 0 ? Double.NaN : a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
