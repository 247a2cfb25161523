package dev.probity.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code probity-bench/run data-audit [RUNS]}: the data bias report of the 10,000,000-row synthetic table, whole process
 * ({@code ./probity data-audit}: read the CSV, representation, label gaps, missingness, the proxy measures and the
 * cross-validated logistic model on 100,000 rows; target under 3 s on 2 cores), beside the same statistics computed with
 * Debian's pandas, scipy and scikit-learn ({@code python/data_audit_reference.py}). The reference is timed inside its
 * interpreter, after its imports; ours includes starting the JVM — the ratio does not flatter us.
 */
public final class DataBiasHarness {
    private DataBiasHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path csv = SyntheticTable.ensureCsv(repo.resolve("bench-data/synthetic-10m.csv"));
        List<String> cmd = List.of(repo.resolve("probity").toString(), "data-audit", "--data", csv.toString(), "--protected", "group",
                "--label", "y_true", "--json", repo.resolve("probity-bench/target/bench-data-audit.json").toString(), "-q", "--no-progress");
        Files.createDirectories(repo.resolve("probity-bench/target"));
        WholeProcess.run(cmd, repo); // warm-up: builds if needed
        List<Double> wall = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            WholeProcess.run(cmd, repo);
            wall.add((System.nanoTime() - t0) / 1e9);
        }
        double ours = WholeProcess.median(wall);
        System.out.printf(Locale.ROOT, "probity data-audit, 10,000,000 rows, whole process: median %.2f s (min %.2f, max %.2f), %d runs; target < 3 s%n",
                ours, WholeProcess.min(wall), WholeProcess.max(wall), runs);
        Path python = Path.of("/usr/bin/python3");
        Process p = new ProcessBuilder(python.toString(), repo.resolve("probity-bench/python/data_audit_reference.py").toString(),
                csv.toString(), Integer.toString(runs)).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
            }
        }
        if (p.waitFor() != 0 || lines.isEmpty()) {
            System.out.println("pandas/scipy/scikit-learn reference: not available (" + String.join(" | ", lines)
                    + "); install python3-pandas, python3-scipy and python3-sklearn to compare");
            return;
        }
        String[] s = lines.get(lines.size() - 1).trim().split("\\s+");
        double ref = Double.parseDouble(s[0]);
        System.out.printf(Locale.ROOT, "pandas + scipy + scikit-learn, same statistics, in-interpreter: median %.2f s (min %s, max %s) -> probity %.1fx faster%n",
                ref, s[1], s[2], ref / ours);
    }
}
