package dev.probity.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit in bounded memory: {@code ./probity audit} of the synthetic table at 10,000,000 rows (60 MB of CSV),
 * 100,000,000 rows (600 MB) and, when asked, 500,000,000 rows (3 GB, over the old 2 GB limit of one array), each as a
 * separate process with {@code -Xmx256m}, reporting the median wall time, the peak heap the audit reports, and the
 * ratio of the 100M time to the 10M time (target: at most 10.5, linear), then the 100M audit's speed-up per thread
 * count up to the machine's cores. Each run's row count is checked in its JSON.
 * Usage: {@code ScaleHarness REPO_DIR [RUNS] [3gb]}; the tables are generated into bench-data/ on first use.
 */
public final class ScaleHarness {
    private static final Pattern STATS = Pattern.compile("since JVM start (\\d+) ms, peak heap ([0-9.]+) MiB");
    private static final Pattern ROWS = Pattern.compile("\"rows_read\"\\s*:\\s*(\\d+)");

    private ScaleHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        boolean big = args.length > 2 && args[2].equalsIgnoreCase("3gb");
        List<long[]> sizes = new ArrayList<>(List.of(new long[] {10_000_000L}, new long[] {100_000_000L}));
        if (big) {
            sizes.add(new long[] {500_000_000L});
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "Audit in bounded memory — ./probity audit with -Xmx256m, %d cores, Java %s, median of %d runs%n%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), runs));
        out.append(String.format(Locale.ROOT, "%-14s %10s %12s %12s %14s%n", "rows", "CSV MB", "wall s", "peak heap MiB", "rows/s"));
        double wall10 = 0;
        double wall100 = 0;
        for (long[] s : sizes) {
            long rows = s[0];
            Path csv = SyntheticTable.ensureCsv(repo.resolve("bench-data/synthetic-" + label(rows) + ".csv"), rows);
            List<Double> walls = new ArrayList<>();
            List<Double> heaps = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                double[] m = run(repo, csv, rows, 0);
                walls.add(m[0]);
                heaps.add(m[1]);
            }
            double wall = median(walls);
            double heap = Collections.max(heaps);
            if (rows == 10_000_000L) {
                wall10 = wall;
            } else if (rows == 100_000_000L) {
                wall100 = wall;
            }
            out.append(String.format(Locale.ROOT, "%-14s %10.0f %12.2f %12.0f %14.0f%n", String.format(Locale.ROOT, "%,d", rows),
                    Files.size(csv) / 1e6, wall, heap, rows / wall));
        }
        out.append(String.format(Locale.ROOT, "%n100M time / 10M time: %.2f (target at most 10.5)%n", wall100 / wall10));
        // speed-up per thread count: the 100M audit with --threads 1 .. cores
        int cores = Runtime.getRuntime().availableProcessors();
        Path csv100 = repo.resolve("bench-data/synthetic-100m.csv");
        out.append(String.format(Locale.ROOT, "%nthreads   wall s   speed-up (100M rows)%n"));
        double one = 0;
        for (int t = 1; t <= cores; t++) {
            List<Double> walls = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                walls.add(run(repo, csv100, 100_000_000L, t)[0]);
            }
            double w = median(walls);
            if (t == 1) {
                one = w;
            }
            out.append(String.format(Locale.ROOT, "%7d %8.2f %10.2f%n", t, w, one / w));
        }
        System.out.print(out);
        Path results = repo.resolve("probity-bench/target/scale-results.md");
        Files.createDirectories(results.getParent());
        Files.writeString(results, out.toString());
    }

    private static String label(long rows) {
        return rows % 1_000_000_000L == 0 ? rows / 1_000_000_000L + "b" : rows / 1_000_000L + "m";
    }

    /** One whole-process audit ({@code threads} 0: all cores): {wall seconds, peak heap MiB}. */
    private static double[] run(Path repo, Path csv, long rows, int threads) throws IOException, InterruptedException {
        Path json = repo.resolve("probity-bench/target/scale-audit.json");
        List<String> cmd = new ArrayList<>(List.of(repo.resolve("probity").toString(), "audit", "--data", csv.toString(),
                "--label", "y_true", "--prediction", "y_pred", "--protected", "group", "--json", json.toString(),
                "-q", "--no-progress", "--stats"));
        if (threads > 0) {
            cmd.addAll(List.of("--threads", String.valueOf(threads)));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JAVA_OPTS", "-Xmx256m");
        pb.redirectErrorStream(true);
        long t0 = System.nanoTime();
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int rc = p.waitFor();
        double wall = (System.nanoTime() - t0) / 1e9;
        if (rc != 0) {
            throw new IllegalStateException("probity audit of " + csv + " exited " + rc + ":\n" + text);
        }
        Matcher m = STATS.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no --stats line in:\n" + text);
        }
        Matcher n = ROWS.matcher(Files.readString(json));
        if (!n.find() || Long.parseLong(n.group(1)) != rows) {
            throw new IllegalStateException("the audit of " + csv + " did not read " + rows + " rows");
        }
        return new double[] {wall, Double.parseDouble(m.group(2))};
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
