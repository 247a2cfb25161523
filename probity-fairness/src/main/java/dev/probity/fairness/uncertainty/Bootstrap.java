package dev.probity.fairness.uncertainty;

import dev.probity.core.Parallel;
import dev.probity.core.stats.Binomial;
import dev.probity.core.stats.Interval;
import dev.probity.core.stats.SplitMix64;
import dev.probity.fairness.metrics.Estimate;
import dev.probity.fairness.stats.AuditData;
import dev.probity.fairness.stats.GroupStats;
import dev.probity.fairness.stats.InMemoryStats;
import dev.probity.fairness.stats.ScoreHistogram;
import dev.probity.fairness.stats.StatsTable;
import dev.probity.core.model.TaskKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The nonparametric bootstrap, percentile intervals, seeded and deterministic.
 *
 * <p>Resampling N rows with replacement gives each row a Multinomial(N, 1/N) count. When every metric is a
 * function of counts per category — binary and multiclass audits without weights, where a category is a
 * cell of protected values times a confusion cell (times a distinct score when scores are audited) — the
 * resampled statistics have exactly the distribution of Multinomial(N, category shares), drawn with one
 * binomial per category. That is the same bootstrap, at a cost per category instead of per row. Weighted
 * and regression audits resample rows.
 *
 * <p>Replicate {@code b} draws from its own stream {@code SplitMix64.stream(seed, b)}, so the result does
 * not depend on the number of threads.
 *
 * <p>No false certainty: an interval is withheld, with the reason, when the value is undefined in more than
 * {@link #MAX_UNDEFINED_SHARE} of the replicates, or when every replicate gives the same value (a group of two with
 * no positive decision resamples to 0 every time; [0, 0] would read as certainty).
 */
public final class Bootstrap {
    /**
     * A percentile interval is withheld when the value is undefined in more than this share of the replicates: it
     * would describe only the resamples in which the group still has, say, a positive label, and so overstate the
     * certainty. The analytic interval, where one exists, is given instead.
     */
    public static final double MAX_UNDEFINED_SHARE = 0.05;

    private Bootstrap() {
    }

    /** Whether this table can be resampled exactly from its statistics. */
    public static boolean exact(StatsTable t) {
        return !t.weighted() && t.kind() != TaskKind.REGRESSION;
    }

    /** The targets with their percentile intervals, and how the resampling was done. */
    public record Result(List<Estimate> estimates, String method) {
        public Result {
            estimates = List.copyOf(estimates);
        }
    }

    /**
     * Runs {@code replicates} resamples, evaluates each with {@code evaluate} (which must return estimates in
     * the order of {@code targets}), and returns the targets with percentile intervals, in the same order.
     *
     * @param rows the rows, needed when the table cannot be resampled exactly; may be null otherwise
     */
    public static Result apply(StatsTable table, AuditData rows, List<Estimate> targets,
                               Function<StatsTable, List<Estimate>> evaluate, int replicates, long seed, double level,
                               int threads) {
        boolean exact = exact(table);
        if (!exact && rows == null) {
            throw new IllegalArgumentException("this audit needs row-level resampling, which needs the rows");
        }
        int k = targets.size();
        double[][] values = new double[replicates][];
        Categories cats = exact ? Categories.of(table) : null;
        Parallel.forEach(replicates, threads, b -> {
            SplitMix64 rng = SplitMix64.stream(seed, b);
            StatsTable t = exact ? cats.resample(rng) : resampleRows(rows, rng);
            List<Estimate> est = evaluate.apply(t);
            if (est.size() != k) {
                throw new IllegalStateException("replicate " + b + " produced " + est.size() + " estimates, expected " + k);
            }
            double[] v = new double[k];
            for (int i = 0; i < k; i++) {
                Estimate e = est.get(i);
                v[i] = e.isDefined() ? e.number() : Double.NaN;
            }
            values[b] = v;
        });
        double[] column = new double[replicates];
        List<Estimate> out = new java.util.ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            int n = 0;
            for (int b = 0; b < replicates; b++) {
                double x = values[b][i];
                if (!Double.isNaN(x)) {
                    column[n++] = x;
                }
            }
            Estimate target = targets.get(i);
            int undefined = replicates - n;
            if (!target.isDefined()) {
                out.add(target.withBootstrap(null, undefined));
                continue;
            }
            if (undefined > MAX_UNDEFINED_SHARE * replicates || n < 2) {
                out.add(target.withBootstrap(null, undefined).withBootstrapWithheld("the value is undefined in " + undefined
                        + " of " + replicates + " replicates (more than " + Math.round(MAX_UNDEFINED_SHARE * 100)
                        + "%), so the percentile interval would describe only the resamples where it exists"));
                continue;
            }
            double[] sorted = Arrays.copyOf(column, n);
            Arrays.sort(sorted);
            double alpha = (1 - level) / 2;
            double low = percentile(sorted, alpha);
            double high = percentile(sorted, 1 - alpha);
            if (!(high > low)) {
                out.add(target.withBootstrap(null, undefined).withBootstrapWithheld("the middle "
                        + Interval.percent(level) + " of the resamples all give " + plain(low)
                        + " (too few rows to vary), which is no measure of certainty"));
                continue;
            }
            out.add(target.withBootstrap(new Interval(low, high, level, "percentile bootstrap"), undefined));
        }
        return new Result(out, exact ? "multinomial on statistics" : "rows");
    }

    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(java.util.Locale.ROOT, "%.4g", v);
    }

    /** Linear interpolation between order statistics (Hyndman and Fan's type 7, R's default). */
    static double percentile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * Every resampling category of an unweighted table and its count: per cell, its confusion cells (or the
     * K×K cells of a multiclass task), or — with scores — every (distinct score, confusion cell) pair.
     */
    private record Categories(StatsTable table, List<List<String>> keys, double[] counts, int[] cellStart,
                              List<double[]> scoreValues, long total) {

        static Categories of(StatsTable t) {
            List<List<String>> keys = new ArrayList<>(t.cells().keySet());
            List<double[]> parts = new ArrayList<>();
            List<double[]> scoreValues = new ArrayList<>();
            int[] start = new int[keys.size() + 1];
            int at = 0;
            long total = 0;
            for (int c = 0; c < keys.size(); c++) {
                start[c] = at;
                GroupStats g = t.cells().get(keys.get(c));
                ScoreHistogram h = g.scores();
                long[] src = h != null ? h.cellCounts() : g.cellCounts();
                double[] part = new double[src.length];
                for (int i = 0; i < src.length; i++) {
                    part[i] = src[i];
                }
                parts.add(part);
                scoreValues.add(h != null ? h.values() : null);
                at += part.length;
                total += g.rows();
            }
            start[keys.size()] = at;
            double[] counts = new double[at];
            for (int c = 0; c < parts.size(); c++) {
                System.arraycopy(parts.get(c), 0, counts, start[c], parts.get(c).length);
            }
            return new Categories(t, keys, counts, start, scoreValues, total);
        }

        StatsTable resample(SplitMix64 rng) {
            long[] draw = new long[counts.length];
            Binomial.multinomial(rng, total, counts, draw);
            Map<List<String>, GroupStats> cells = new LinkedHashMap<>();
            for (int c = 0; c < keys.size(); c++) {
                GroupStats g = table.newStats();
                int from = cellStart[c];
                int to = cellStart[c + 1];
                double[] values = scoreValues.get(c);
                if (values == null) {
                    for (int i = from, j = 0; i < to; i++, j++) {
                        g.addCell(j, draw[i], 0, 0);
                    }
                } else {
                    long[] hc = Arrays.copyOfRange(draw, from, to);
                    double[] hw = new double[hc.length];
                    long[] cellTotals = new long[4];
                    for (int i = 0; i < hc.length; i++) {
                        hw[i] = hc[i];
                        cellTotals[i & 3] += hc[i];
                    }
                    for (int j = 0; j < 4; j++) {
                        g.addCell(j, cellTotals[j], 0, 0);
                    }
                    g.setScores(ScoreHistogram.of(values, hw, hc));
                }
                cells.put(keys.get(c), g);
            }
            return new StatsTable(table.attributes(), table.kind(), false, table.withScores(), table.classes(), cells);
        }
    }

    /** Row-level resample: N draws with replacement, then the statistics pass on one thread. */
    static StatsTable resampleRows(AuditData d, SplitMix64 rng) {
        int n = d.rows();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = rng.nextInt(n);
        }
        int[] cell = gather(d.cell(), idx);
        AuditData r = new AuditData(d.attributes(), d.cellKeys(), cell, d.kind(),
                d.label() == null ? null : gather(d.label(), idx),
                d.prediction() == null ? null : gather(d.prediction(), idx),
                d.score() == null ? null : gather(d.score(), idx),
                d.weight() == null ? null : gather(d.weight(), idx),
                d.labelClass() == null ? null : gather(d.labelClass(), idx),
                d.predictionClass() == null ? null : gather(d.predictionClass(), idx),
                d.classes(),
                d.labelValue() == null ? null : gather(d.labelValue(), idx),
                d.predictionValue() == null ? null : gather(d.predictionValue(), idx));
        return InMemoryStats.compute(r, 1);
    }

    private static int[] gather(int[] a, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = a[idx[i]];
        }
        return out;
    }

    private static byte[] gather(byte[] a, int[] idx) {
        byte[] out = new byte[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = a[idx[i]];
        }
        return out;
    }

    private static double[] gather(double[] a, int[] idx) {
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = a[idx[i]];
        }
        return out;
    }
}
