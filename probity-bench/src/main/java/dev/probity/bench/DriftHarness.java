package dev.probity.bench;

import dev.probity.core.frame.Column;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.stats.SplitMix64;
import dev.probity.monitor.drift.Drift;
import dev.probity.monitor.drift.KolmogorovSmirnov;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The drift report's speed, against the targets and beside scipy doing the same arithmetic:
 * 100 numerical columns of 1,000,000 reference and 1,000,000 current rows (Evidently's automatic choice: the normalized
 * Wasserstein distance), and the two-sample Kolmogorov–Smirnov test on 10,000,000 against 10,000,000 values. The
 * Python side (Debian's scipy, one process, data made in numpy, not timed) runs the same tests on data of the same sizes
 * and shapes; ratios are reported as ours ÷ theirs.
 */
public final class DriftHarness {
    private DriftHarness() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        SplitMix64 rng = new SplitMix64(20261130);
        int rows = 1_000_000;
        List<Column> ref = new ArrayList<>();
        List<Column> cur = new ArrayList<>();
        for (int c = 0; c < 100; c++) {
            double[] a = new double[rows];
            double[] b = new double[rows];
            for (int i = 0; i < rows; i++) {
                a[i] = normal(rng);
                b[i] = normal(rng) * (1 + c / 1000.0) + c / 500.0;
            }
            ref.add(DoubleColumn.of("x" + c, a));
            cur.add(DoubleColumn.of("x" + c, b));
        }
        Frame fr = new Frame("reference", ref);
        Frame fc = new Frame("current", cur);
        Drift.run(fr, fc, Drift.Spec.defaults()); // warm-up
        List<Double> t = new ArrayList<>();
        Drift.Report rep = null;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            rep = Drift.run(fr, fc, Drift.Spec.defaults());
            t.add((System.nanoTime() - t0) / 1e9);
        }
        double ours = WholeProcess.median(t);
        System.out.printf(Locale.ROOT, "drift report, 100 numerical columns, 1,000,000 vs 1,000,000 rows (%s): median %.2f s of %d (min %.2f); "
                + "%d columns drifted; target < 3 s%n", rep.columns().get(0).test(), ours, runs, WholeProcess.min(t), rep.drifted());
        fr = null;
        fc = null;
        ref.clear();
        cur.clear();
        int big = 10_000_000;
        double[] a = new double[big];
        double[] b = new double[big];
        for (int i = 0; i < big; i++) {
            a[i] = normal(rng);
            b[i] = normal(rng) + 0.001;
        }
        KolmogorovSmirnov.test(a, b);
        List<Double> k = new ArrayList<>();
        KolmogorovSmirnov.Result ks = null;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            ks = KolmogorovSmirnov.test(a, b);
            k.add((System.nanoTime() - t0) / 1e9);
        }
        double oursKs = WholeProcess.median(k);
        System.out.printf(Locale.ROOT, "Kolmogorov-Smirnov, 10,000,000 vs 10,000,000 values (sorting included): median %.2f s of %d (min %.2f); "
                + "D %.5f, p %.4g (%s); target < 2 s%n", oursKs, runs, WholeProcess.min(k), ks.statistic(), ks.pValue(), ks.method());
        // scipy beside it
        Path py = Files.createTempFile("drift-bench", ".py");
        Files.writeString(py, """
                import sys, time, numpy as np
                from scipy import stats
                rng = np.random.default_rng(20261130)
                runs = int(sys.argv[1])
                ref = [rng.normal(0, 1, 1_000_000) for c in range(100)]
                cur = [rng.normal(0, 1, 1_000_000) * (1 + c / 1000) + c / 500 for c in range(100)]
                def report():
                    return [stats.wasserstein_distance(r, c) / max(np.std(r), 0.001) for r, c in zip(ref, cur)]
                ts = []
                for _ in range(runs):
                    t0 = time.perf_counter(); report(); ts.append(time.perf_counter() - t0)
                print(sorted(ts)[len(ts) // 2])
                del ref, cur
                a = rng.normal(0, 1, 10_000_000); b = rng.normal(0, 1, 10_000_000) + 0.001
                ks = []
                for _ in range(runs):
                    t0 = time.perf_counter(); stats.ks_2samp(a, b); ks.append(time.perf_counter() - t0)
                print(sorted(ks)[len(ks) // 2])
                """);
        Process p = new ProcessBuilder("/usr/bin/python3", py.toString(), Integer.toString(runs)).redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        p.waitFor();
        Files.deleteIfExists(py);
        if (lines.size() >= 2) {
            double sw = Double.parseDouble(lines.get(lines.size() - 2).trim());
            double sk = Double.parseDouble(lines.get(lines.size() - 1).trim());
            System.out.printf(Locale.ROOT, "scipy 1.10.1 (one process, the same arithmetic as Evidently's report, median of %d): "
                    + "100 Wasserstein columns %.2f s (ours ÷ scipy %.2f); ks_2samp 10M vs 10M %.2f s (ours ÷ scipy %.2f)%n",
                    runs, sw, ours / sw, sk, oursKs / sk);
        } else {
            System.out.println("scipy side did not run: " + String.join(" / ", lines));
        }
    }

    private static double normal(SplitMix64 r) {
        double u = (r.nextLong() >>> 11) * 0x1.0p-53;
        double v = (r.nextLong() >>> 11) * 0x1.0p-53;
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
