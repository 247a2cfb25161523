package dev.probity.fairness.audit;

import dev.probity.fairness.metrics.Frozen;
import dev.probity.fairness.metrics.Estimate;

import java.util.Map;

/**
 * Fairlearn's summaries of one metric across an attribute's groups (see
 * {@link dev.probity.fairness.metrics.Aggregate}): {@code group_min}, {@code group_max}, {@code difference},
 * {@code ratio}, {@code difference_to_overall}, {@code ratio_to_overall}, with the groups holding the
 * minimum and maximum.
 */
public record Summary(String minGroup, String maxGroup, Map<String, Estimate> values, int undefinedGroups) {
    public Summary {
        values = Frozen.map(values);
    }

}
