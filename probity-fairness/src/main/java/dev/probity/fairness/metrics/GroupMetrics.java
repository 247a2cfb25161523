package dev.probity.fairness.metrics;

import dev.probity.fairness.stats.Confusion;
import dev.probity.fairness.stats.GroupStats;
import dev.probity.fairness.stats.ScoreHistogram;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The full set of per-group metrics for a group's statistics, keyed by catalogue name, in catalogue order.
 */
public final class GroupMetrics {
    private GroupMetrics() {
    }

    /**
     * @param g the group's statistics
     * @param calibrationEdges bin edges for the expected calibration error (scores only), or null
     * @param attributePredictedPositives predicted positives over all groups of the attribute (for Aequitas'
     *                                    ppr), or NaN when not applicable
     */
    public static Map<String, Value> compute(GroupStats g, double[] calibrationEdges, double attributePredictedPositives) {
        Map<String, Value> out = new LinkedHashMap<>();
        switch (g.kind()) {
            case BINARY -> {
                Confusion c = g.confusion();
                for (BinaryMetric m : BinaryMetric.values()) {
                    out.put(m.key(), m.compute(c));
                }
                if (!Double.isNaN(attributePredictedPositives)) {
                    out.put("ppr", Value.ratio(c.predictedPositives(), attributePredictedPositives,
                            "no rows predicted positive in any group"));
                }
                ScoreHistogram h = g.scores();
                if (h != null) {
                    out.put("roc_auc", ScoreMetrics.rocAuc(h));
                    out.put("mean_score", ScoreMetrics.meanScore(h));
                    out.put("brier_score", ScoreMetrics.brier(h));
                    out.put("log_loss", ScoreMetrics.logLoss(h));
                    if (calibrationEdges != null) {
                        out.put("ece", ScoreMetrics.expectedCalibrationError(h, calibrationEdges));
                    }
                }
            }
            case MULTICLASS -> {
                for (MulticlassMetric m : MulticlassMetric.values()) {
                    out.put(m.key(), m.compute(g));
                }
            }
            case REGRESSION -> {
                for (RegressionMetric m : RegressionMetric.values()) {
                    out.put(m.key(), m.compute(g.moments()));
                }
            }
        }
        return out;
    }
}
