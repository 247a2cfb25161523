package dev.probity.monitor.window;

import dev.probity.fairness.metrics.Estimate;

import java.time.Instant;
import java.util.List;

/**
 * The monitor's report: the reference, then each window — drift per column, the decisions, performance where labels
 * exist, the fairness audit by group — and the alerts raised, in window order.
 *
 * @param reference   what the windows are compared with: the reference data's name, or the first window's
 * @param referenceIsFirstWindow whether no reference was given and the first window serves as one
 */
public record MonitorResult(Settings settings, String source, String reference, boolean referenceIsFirstWindow, WindowReport referenceWindow,
                            List<WindowReport> windows, List<Alert> alerts, List<String> notes) {

    /** The rules the alerts follow. */
    public record Settings(String timeColumn, String window, List<String> columns, double psiMinor, double psiMajor, double rateShift,
                           double significance, double tolerance, double confidence, List<String> protectedAttributes, String label,
                           String prediction) {
    }

    /**
     * One window.
     *
     * @param columns drift of each monitored column against the reference
     * @param outcome the decisions and, where labels exist, performance; null without an audit
     * @param groups  the fairness audit by protected group; empty without one
     * @param note    why a part is missing, or null
     * @param estimated performance estimated from the scores before labels arrive (CBPE), or null; computed from the
     *                  window's rows, not from its state
     */
    public record WindowReport(String label, Instant start, Instant end, long rows, List<ColumnDrift> columns, Outcome outcome,
                               List<GroupRates> groups, String note, dev.probity.monitor.perf.Cbpe.ChunkResult estimated) {
    }

    /**
     * A column's drift in a window: the population stability index and Jensen–Shannon distance of its cells' shares
     * (reference deciles or levels; empty cells floored as Evidently floors them), the level reached, the missing share
     * and, for numbers, the 5th, 50th and 95th percentiles (DDSketch, within 0.5 %).
     */
    public record ColumnDrift(String column, double psi, double jensenShannon, String level, double missingShare, double[] quantiles) {
    }

    /** Overall decisions and performance in the audited rows of a window. */
    public record Outcome(long rows, Estimate selectionRate, Estimate accuracy, Estimate tpr, Estimate fpr) {
    }

    /** A protected group's rates in a window, and how they compare with the reference group's. */
    public record GroupRates(String attribute, String group, long rows, Estimate selectionRate, Estimate tpr, Estimate fpr, List<Gap> gaps) {
    }

    /** A rate against the reference group's: ratio, difference, whether the ratio is within the tolerance, and the adjusted p-value. */
    public record Gap(String metric, String referenceGroup, double ratio, double difference, Boolean parity, double pAdjusted) {
    }

    /**
     * An alert: in which window, of what kind (drift, prediction, performance, fairness), about what, the value and
     * the threshold it crossed, its severity (major or minor) and a sentence.
     */
    public record Alert(String window, String kind, String subject, double value, double threshold, String severity, String text) {
    }
}
