package dev.probity.fairness.audit;

import dev.probity.fairness.metrics.Frozen;
import dev.probity.fairness.metrics.Estimate;

import dev.probity.fairness.regulatory.FourFifths;
import dev.probity.fairness.regulatory.LocalLaw144;

import java.util.List;
import java.util.Map;

/**
 * Results for one protected attribute, or one intersection of attributes: Probity's counterpart of
 * Fairlearn's {@code MetricFrame}, columnar and computed from group statistics — every group's metrics with
 * their intervals, the summaries across groups (min, max, difference, ratio), each group against the
 * reference, and the regulatory tables.
 *
 * @param name the attribute, or the intersection's columns joined with {@code &}
 * @param columns the columns
 * @param reference the reference (privileged) group's name
 * @param referenceRule how it was chosen: "given", "majority" (largest group), or "min-metric" (each metric is
 *                      compared with the group holding its smallest value; AIF360's composites still use
 *                      {@code reference}, the largest group)
 * @param groups per-group results, largest group first
 * @param aggregates Fairlearn summaries (group min/max, difference, ratio) per metric
 * @param summary Fairlearn's named disparity metrics (demographic parity, equalized odds, equal opportunity)
 * @param disparities every group: its comparisons (none for the reference group itself), AIF360 composites
 *                    against the reference, Clarify's metrics against the rest
 * @param entropy between-group entropy indices (AIF360)
 * @param differentialFairness smoothed empirical differential fairness on labels and predictions
 * @param fourFifths the four-fifths table (binary tasks)
 * @param ll144 the NYC Local Law 144 impact-ratio tables (selection, and scoring when scores are given)
 * @param intersection whether this is an intersection of several attributes
 */
public record MetricTable(String name, List<String> columns, String reference, String referenceRule,
                              List<GroupResult> groups, Map<String, Summary> aggregates, Map<String, Estimate> summary,
                              List<GroupDisparity> disparities, Map<String, Estimate> entropy,
                              Map<String, Estimate> differentialFairness, FourFifths fourFifths,
                              List<LocalLaw144> ll144, boolean intersection) {
    public MetricTable {
        columns = Frozen.list(columns);
        groups = Frozen.list(groups);
        aggregates = Frozen.map(aggregates);
        summary = Frozen.map(summary);
        disparities = Frozen.list(disparities);
        entropy = Frozen.map(entropy);
        differentialFairness = Frozen.map(differentialFairness);
        ll144 = Frozen.list(ll144);
    }


    public GroupResult group(String name) {
        for (GroupResult g : groups) {
            if (g.name().equals(name)) {
                return g;
            }
        }
        return null;
    }

    public GroupDisparity disparity(String group) {
        for (GroupDisparity d : disparities) {
            if (d.group().equals(group)) {
                return d;
            }
        }
        return null;
    }
}
