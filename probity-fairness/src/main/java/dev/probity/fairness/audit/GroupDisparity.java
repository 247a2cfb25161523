package dev.probity.fairness.audit;

import dev.probity.fairness.metrics.Frozen;
import dev.probity.fairness.metrics.Estimate;

import java.util.List;
import java.util.Map;

/**
 * How one group compares: with the reference group (per metric, AIF360's named composites, Aequitas
 * verdicts) and with the rest of the attribute (SageMaker Clarify's facet metrics).
 *
 * @param group the group's display name
 * @param comparisons one per catalogue metric
 * @param aif360 AIF360's composites against the reference (privileged) group
 * @param clarify Clarify's metrics with this group as facet d and all other groups as a
 * @param verdicts Aequitas' named fairness verdicts (e.g. "FPR Parity"); null entries mean undetermined
 */
public record GroupDisparity(String group, List<Comparison> comparisons, Map<String, Estimate> aif360,
                             Map<String, Estimate> clarify, Map<String, Boolean> verdicts) {
    public GroupDisparity {
        comparisons = Frozen.list(comparisons);
        aif360 = Frozen.map(aif360);
        clarify = Frozen.map(clarify);
        verdicts = Frozen.map(verdicts);
    }


    public Comparison comparison(String metric) {
        for (Comparison c : comparisons) {
            if (c.metric().equals(metric)) {
                return c;
            }
        }
        return null;
    }
}
