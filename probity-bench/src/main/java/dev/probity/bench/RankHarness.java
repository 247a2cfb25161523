package dev.probity.bench;

import dev.probity.core.stats.SplitMix64;
import dev.probity.fairness.ranking.RankAudit;
import dev.probity.fairness.ranking.RankAuditResult;
import dev.probity.fairness.ranking.RankAuditSpec;
import dev.probity.fairness.ranking.RankedLists;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code probity-bench/run rank [RUNS]}: the rank audit of 100,000 lists of 100 items (10,000,000 ranked items, with
 * relevance), in one JVM after a warm-up: every measure of {@code probity rank-audit} — exposure and its three ratios,
 * top-5/10/20 shares, FA*IR at k = 10 with the adjusted significance, rND/rKL/rRD, NDKL. Target: under 2 s on 2 cores.
 * The lists are generated (seeded): two groups, the protected one 40% of the items and pushed down by a planted penalty.
 */
public final class RankHarness {
    private RankHarness() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int queries = 100_000;
        int n = 100;
        RankedLists lists = generate(queries, n, 7);
        RankAuditSpec spec = RankAuditSpec.defaults("b");
        RankAudit.run(lists, spec); // warm-up
        List<Double> times = new ArrayList<>();
        RankAuditResult last = null;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            last = RankAudit.run(lists, spec);
            times.add((System.nanoTime() - t0) / 1e9);
        }
        System.out.printf(Locale.ROOT, "rank audit of %,d lists of %d items: median %.2f s (min %.2f, max %.2f), %d runs; target < 2 s%n",
                queries, n, WholeProcess.median(times), WholeProcess.min(times), WholeProcess.max(times), runs);
        System.out.printf(Locale.ROOT, "  (exposure ratio %.4f, FA*IR failing %.1f%%)%n", last.measure("exposure_ratio").value(),
                100 * last.fairStar().failedShare());
    }

    static RankedLists generate(int queries, int n, long seed) {
        List<String> ids = new ArrayList<>(queries);
        List<String[]> items = new ArrayList<>(queries);
        List<int[]> groups = new ArrayList<>(queries);
        List<double[]> rel = new ArrayList<>(queries);
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = Integer.toString(i);
        }
        for (int q = 0; q < queries; q++) {
            SplitMix64 rng = SplitMix64.stream(seed, q);
            int[] g = new int[n];
            double[] u = new double[n];
            double[] s = new double[n];
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                g[i] = rng.nextDouble() < 0.4 ? 1 : 0;
                u[i] = rng.nextDouble();
                s[i] = u[i] + 0.2 * (rng.nextDouble() - 0.5) - (g[i] == 1 ? 0.1 : 0);
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(s[b], s[a]));
            int[] go = new int[n];
            double[] uo = new double[n];
            for (int r = 0; r < n; r++) {
                go[r] = g[order[r]];
                uo[r] = u[order[r]];
            }
            ids.add("q" + q);
            items.add(names);
            groups.add(go);
            rel.add(uo);
        }
        return new RankedLists("generated", ids, items, groups, rel, null, List.of("a", "b"));
    }
}
