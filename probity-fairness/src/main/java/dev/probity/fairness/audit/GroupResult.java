package dev.probity.fairness.audit;

import dev.probity.fairness.metrics.Frozen;
import dev.probity.fairness.metrics.Estimate;

import dev.probity.fairness.metrics.ScoreMetrics;
import dev.probity.fairness.stats.Confusion;

import java.util.List;
import java.util.Map;

/**
 * One group's results.
 *
 * @param name display name (an intersection joins values with " & ")
 * @param key one value per attribute column
 * @param rows rows in the group (unweighted)
 * @param size weighted size (equal to rows when unweighted)
 * @param share size as a share of all rows
 * @param counts unweighted confusion counts (binary tasks), else null
 * @param weighted weighted confusion (binary, weighted audits), else null
 * @param metrics catalogue metrics by key
 * @param flags warnings about the group (small, one label class, ...)
 * @param calibration calibration table (scores), else null
 * @param scoreQuantiles score quantiles 0, .25, .5, .75, 1 (scores), else null
 * @param perClass one-vs-rest metrics by class (multiclass), else null
 * @param confusionMatrix K×K counts, rows = label, columns = prediction (multiclass), else null
 */
public record GroupResult(String name, List<String> key, long rows, double size, double share, Confusion counts,
                          Confusion weighted, Map<String, Estimate> metrics, List<String> flags,
                          List<ScoreMetrics.Bin> calibration, double[] scoreQuantiles,
                          Map<String, Map<String, Estimate>> perClass, long[][] confusionMatrix) {
    public GroupResult {
        key = Frozen.list(key);
        metrics = Frozen.map(metrics);
        flags = Frozen.list(flags);
        calibration = Frozen.list(calibration);
        if (perClass != null) {
            java.util.Map<String, java.util.Map<String, Estimate>> pc = new java.util.LinkedHashMap<>();
            perClass.forEach((k, v) -> pc.put(k, Frozen.map(v)));
            perClass = Frozen.map(pc);
        }
    }


    public Estimate metric(String key) {
        return metrics.get(key);
    }

    /** Equality by value, arrays included (a result read back from JSON equals the one written). */
    @Override
    public boolean equals(Object o) {
        return o instanceof GroupResult g && name.equals(g.name) && key.equals(g.key) && rows == g.rows
                && Double.compare(size, g.size) == 0 && Double.compare(share, g.share) == 0 && java.util.Objects.equals(counts, g.counts)
                && java.util.Objects.equals(weighted, g.weighted) && metrics.equals(g.metrics) && flags.equals(g.flags)
                && java.util.Objects.equals(calibration, g.calibration) && java.util.Arrays.equals(scoreQuantiles, g.scoreQuantiles)
                && java.util.Objects.equals(perClass, g.perClass) && java.util.Arrays.deepEquals(confusionMatrix, g.confusionMatrix);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, key, rows, metrics);
    }
}
