package dev.probity.fairness.audit;

import dev.probity.fairness.metrics.Frozen;
import dev.probity.fairness.metrics.Aggregate;
import dev.probity.fairness.metrics.Disparity;
import dev.probity.fairness.metrics.Estimate;
import dev.probity.fairness.metrics.Value;

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

    /**
     * The groups with fewer than {@code minRows} rows that hold the minimum or maximum of a metric the attribute's
     * summaries are made of (selection rate, TPR and FPR for a binary task; accuracy; MAE): the summaries over
     * groups (demographic parity, equalized odds, differences and ratios) are set by their extremes, so a summary
     * set by a group of two says little about the model.
     */
    public List<GroupResult> smallGroupsSettingSummaries(dev.probity.core.model.TaskKind task, long minRows) {
        List<String> metrics = switch (task) {
            case BINARY -> List.of("selection_rate", "tpr", "fpr");
            case MULTICLASS -> List.of("accuracy");
            case REGRESSION -> List.of("mae");
        };
        java.util.Set<GroupResult> out = new java.util.LinkedHashSet<>();
        for (String m : metrics) {
            Summary s = aggregates.get(m);
            if (s == null) {
                continue;
            }
            for (String name : new String[] {s.minGroup(), s.maxGroup()}) {
                GroupResult g = name == null ? null : group(name);
                if (g != null && g.rows() < minRows) {
                    out.add(g);
                }
            }
        }
        return List.copyOf(out);
    }

    /** Every group's estimate of one catalogue metric, by group name, largest group first (Fairlearn's {@code by_group}). */
    public Map<String, Estimate> byGroup(String metric) {
        Map<String, Estimate> out = new java.util.LinkedHashMap<>();
        for (GroupResult g : groups) {
            Estimate e = g.metric(metric);
            if (e == null) {
                throw new IllegalArgumentException("no metric '" + metric + "' in " + name + "; metrics: " + g.metrics().keySet());
            }
            out.put(g.name(), e);
        }
        return out;
    }

    /**
     * The between-group summaries of one metric, derived from the groups on demand (as Fairlearn's MetricFrame
     * derives them): {@code groupMin}, {@code groupMax} with the groups holding them, {@code difference} = max − min
     * and {@code ratio} = min / max over the groups whose value is defined. The "to overall" summaries need the
     * overall value: they are in {@link #aggregates()}.
     */
    public Aggregate summarize(String metric) {
        Map<String, Estimate> by = byGroup(metric);
        List<Value> values = by.values().stream().map(Estimate::value).toList();
        return Aggregate.of(List.copyOf(by.keySet()), values, Value.undefined("no overall value"));
    }

    /** A named disparity of this table (Fairlearn's: demographic parity, equalized odds, equal opportunity). */
    public Estimate disparity(Disparity d) {
        return summary.get(d.key());
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
