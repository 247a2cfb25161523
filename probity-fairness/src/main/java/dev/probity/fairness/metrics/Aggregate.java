package dev.probity.fairness.metrics;

import dev.probity.core.Internal;
import java.util.List;
import java.util.Map;

/**
 * Fairlearn's {@code MetricFrame} summaries of one metric over the groups of one attribute. Groups whose
 * value is undefined are left out (as pandas leaves out NaN); fewer than two defined groups make the
 * between-group summaries undefined.
 *
 * <ul>
 *   <li>{@code group_min}, {@code group_max}: smallest and largest group value;</li>
 *   <li>{@code difference} (method {@code between_groups}): max − min;</li>
 *   <li>{@code ratio} (between_groups): min / max (undefined when max is 0);</li>
 *   <li>{@code difference_to_overall}: max over groups of |value − overall|;</li>
 *   <li>{@code ratio_to_overall}: min over groups of min(value/overall, overall/value), 0 when a value is 0.</li>
 * </ul>
 */
@Internal("use AuditResult and MetricTable")
public record Aggregate(Value groupMin, String minGroup, Value groupMax, String maxGroup, Value difference,
                        Value ratio, Value differenceToOverall, Value ratioToOverall, int undefinedGroups) {

    public static Aggregate of(List<String> groups, List<Value> values, Value overall) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        String minG = null;
        String maxG = null;
        int defined = 0;
        int undefined = 0;
        double maxDiffOverall = 0;
        double minRatioOverall = Double.POSITIVE_INFINITY;
        boolean ratioOverallDefined = overall.isDefined();
        for (int i = 0; i < groups.size(); i++) {
            Value v = values.get(i);
            if (!v.isDefined()) {
                undefined++;
                continue;
            }
            defined++;
            double x = v.value();
            if (x < min) {
                min = x;
                minG = groups.get(i);
            }
            if (x > max) {
                max = x;
                maxG = groups.get(i);
            }
            if (overall.isDefined()) {
                maxDiffOverall = Math.max(maxDiffOverall, Math.abs(x - overall.value()));
                double o = overall.value();
                double r;
                if (x == 0 && o == 0) {
                    r = 1;
                } else if (o == 0) {
                    ratioOverallDefined = false;
                    r = Double.NaN;
                } else if (x == 0) {
                    r = 0;
                } else {
                    r = x / o;
                    if (r > 1) {
                        r = 1 / r;
                    }
                }
                if (!Double.isNaN(r)) {
                    minRatioOverall = Math.min(minRatioOverall, r);
                }
            }
        }
        if (defined == 0) {
            Value u = Value.undefined("no group has a defined value");
            return new Aggregate(u, null, u, null, u, u, u, u, undefined);
        }
        Value vmin = Value.of(min);
        Value vmax = Value.of(max);
        Value diff;
        Value ratio;
        if (defined < 2) {
            diff = Value.undefined("fewer than two groups have a defined value");
            ratio = diff;
        } else {
            diff = Value.of(max - min);
            ratio = max == 0 ? (min == 0 ? Value.undefined("every group's value is 0") : Value.of(min / max))
                    : Value.of(min / max);
        }
        Value dOverall = overall.isDefined() ? Value.of(maxDiffOverall)
                : Value.undefined("the overall value is undefined");
        Value rOverall = !overall.isDefined() ? Value.undefined("the overall value is undefined")
                : !ratioOverallDefined ? Value.undefined("the overall value is 0")
                : Value.of(minRatioOverall);
        return new Aggregate(vmin, minG, vmax, maxG, diff, ratio, dOverall, rOverall, undefined);
    }

    /** The six summaries by Fairlearn-style key, always in this order (the JSON's key order depends on it). */
    public Map<String, Value> asMap() {
        Map<String, Value> m = new java.util.LinkedHashMap<>();
        m.put("group_min", groupMin);
        m.put("group_max", groupMax);
        m.put("difference", difference);
        m.put("ratio", ratio);
        m.put("difference_to_overall", differenceToOverall);
        m.put("ratio_to_overall", ratioToOverall);
        return m;
    }
}
