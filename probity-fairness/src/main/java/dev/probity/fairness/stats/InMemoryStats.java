package dev.probity.fairness.stats;

import dev.probity.core.Internal;
import dev.probity.core.model.TaskKind;
import dev.probity.core.Parallel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-memory statistics engine: one pass over primitive arrays, cut into fixed-size chunks that run in
 * parallel and are merged in chunk order. Because the chunk size does not depend on the thread count, even
 * floating-point sums come out bit for bit the same on every machine.
 */
@Internal("use Audit.statistics")
public final class InMemoryStats {
    /** Rows per chunk. */
    public static final int CHUNK = 1 << 18;

    private InMemoryStats() {
    }

    public static StatsTable compute(AuditData d, int threads) {
        int rows = d.rows();
        int cells = d.cellKeys().size();
        int chunks = Math.max(1, (rows + CHUNK - 1) / CHUNK);
        boolean weighted = d.weight() != null;
        boolean withScores = d.score() != null;
        int classes = d.classes() == null ? 0 : d.classes().size();
        if (d.kind() == TaskKind.BINARY && !weighted && !withScores) {
            return binaryCounts(d, threads, rows, cells, chunks);
        }
        GroupStats[][] partial = new GroupStats[chunks][];
        Parallel.forEach(chunks, threads, c -> {
            GroupStats[] local = new GroupStats[cells];
            for (int g = 0; g < cells; g++) {
                local[g] = new GroupStats(d.kind(), weighted, withScores, classes);
            }
            int from = c * CHUNK;
            int to = (int) Math.min(rows, (long) from + CHUNK);
            accumulate(d, local, from, to);
            partial[c] = local;
        });
        GroupStats[] total = partial[0];
        for (int c = 1; c < chunks; c++) {
            for (int g = 0; g < cells; g++) {
                total[g].merge(partial[c][g]);
            }
        }
        return table(d, total, weighted, withScores);
    }

    private static void accumulate(AuditData d, GroupStats[] local, int from, int to) {
        int[] cell = d.cell();
        double[] w = d.weight();
        switch (d.kind()) {
            case BINARY -> {
                byte[] y = d.label();
                byte[] p = d.prediction();
                double[] s = d.score();
                for (int i = from; i < to; i++) {
                    GroupStats g = local[cell[i]];
                    double wi = w == null ? 1 : w[i];
                    int c = (y[i] << 1) | p[i];
                    g.addBinary(c, wi);
                    if (s != null) {
                        g.scores.add(s[i], c, wi);
                    }
                }
            }
            case MULTICLASS -> {
                int[] y = d.labelClass();
                int[] p = d.predictionClass();
                for (int i = from; i < to; i++) {
                    local[cell[i]].addMulticlass(y[i], p[i], w == null ? 1 : w[i]);
                }
            }
            case REGRESSION -> {
                double[] y = d.labelValue();
                double[] p = d.predictionValue();
                for (int i = from; i < to; i++) {
                    local[cell[i]].addRegression(y[i], p[i], w == null ? 1 : w[i]);
                }
            }
        }
    }

    /** The hot path: unweighted binary confusion counts per cell, a histogram of {@code cell*4 + label*2 + prediction}. */
    private static StatsTable binaryCounts(AuditData d, int threads, int rows, int cells, int chunks) {
        long[][] partial = new long[chunks][];
        int[] cell = d.cell();
        byte[] y = d.label();
        byte[] p = d.prediction();
        Parallel.forEach(chunks, threads, c -> {
            long[] counts = new long[cells * 4];
            int from = c * CHUNK;
            int to = (int) Math.min(rows, (long) from + CHUNK);
            for (int i = from; i < to; i++) {
                counts[(cell[i] << 2) | (y[i] << 1) | p[i]]++;
            }
            partial[c] = counts;
        });
        GroupStats[] total = new GroupStats[cells];
        for (int g = 0; g < cells; g++) {
            total[g] = new GroupStats(TaskKind.BINARY, false, false, 0);
            for (int k = 0; k < 4; k++) {
                long sum = 0;
                for (long[] counts : partial) {
                    sum += counts[g * 4 + k];
                }
                total[g].addCell(k, sum, 0, 0);
            }
        }
        return table(d, total, false, false);
    }

    private static StatsTable table(AuditData d, GroupStats[] total, boolean weighted, boolean withScores) {
        Map<List<String>, GroupStats> map = new LinkedHashMap<>();
        for (int g = 0; g < total.length; g++) {
            if (total[g].rows() > 0) {
                map.put(d.cellKeys().get(g), total[g]);
            }
        }
        return new StatsTable(d.attributes(), d.kind(), weighted, withScores, d.classes(), map);
    }
}
