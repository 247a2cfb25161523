package dev.probity.fairness.regulatory;

import dev.probity.fairness.metrics.Frozen;
import dev.probity.fairness.metrics.Estimate;
import dev.probity.fairness.metrics.Value;

import java.util.ArrayList;
import java.util.List;

/**
 * The EEOC's four-fifths rule (Uniform Guidelines on Employee Selection Procedures, 29 CFR 1607.4(D)): a
 * selection rate for any group below four-fifths (80%) of the rate of the group with the highest rate is
 * generally regarded as evidence of adverse impact. Groups smaller than the audit's small-group size are
 * reported but marked, and left out when choosing the highest rate and when a CI gate checks the rule.
 */
public record FourFifths(String highestGroup, Value highestRate, List<Row> rows, double threshold) {
    public FourFifths {
        rows = Frozen.list(rows);
    }


    /** One group's line. */
    public record Row(String group, long rows, double selected, Estimate selectionRate, Estimate impactRatio, Boolean adverse,
                      boolean small) {}

    /** True when some group that is not small falls below the threshold. */
    public boolean adverseImpact() {
        return rows.stream().anyMatch(r -> !r.small() && Boolean.TRUE.equals(r.adverse()));
    }

    public static FourFifths of(List<String> groups, long[] rows, double[] sizes, double[] selected, int minGroupSize,
                                double threshold) {
        int best = -1;
        double bestRate = -1;
        for (int g = 0; g < groups.size(); g++) {
            if (rows[g] < minGroupSize || sizes[g] == 0) {
                continue;
            }
            double r = selected[g] / sizes[g];
            if (r > bestRate) {
                bestRate = r;
                best = g;
            }
        }
        List<Row> out = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            Value rate = Value.ratio(selected[g], sizes[g], "no rows");
            Value ratio;
            Boolean adverse;
            if (best < 0) {
                ratio = Value.undefined("no group has at least " + minGroupSize + " rows");
                adverse = null;
            } else if (bestRate == 0) {
                ratio = Value.undefined("no group has any selections");
                adverse = null;
            } else {
                ratio = rate.isDefined() ? Value.of(rate.value() / bestRate) : rate;
                adverse = ratio.isDefined() ? ratio.value() < threshold : null;
            }
            out.add(new Row(groups.get(g), rows[g], selected[g], Estimate.of(rate), Estimate.of(ratio), adverse,
                    rows[g] < minGroupSize));
        }
        return new FourFifths(best < 0 ? null : groups.get(best), best < 0 ? Value.undefined("no eligible group")
                : Value.of(bestRate), out, threshold);
    }
}
