package dev.probity.mitigation.pre;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.Missing;
import dev.probity.mitigation.Groups;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The disparate impact remover (Feldman, Friedler, Moeller, Scheidegger & Venkatasubramanian, KDD 2015):
 * each numeric feature is moved, within every group, towards the median distribution across groups while
 * keeping each row's rank inside its group. A value at within-group quantile q becomes
 * {@code (1 − λ)·x + λ·median_g F_g⁻¹(q)}; λ = 1 makes the feature's distribution identical in every group
 * (so it no longer predicts the group), λ = 0 changes nothing. Quantiles are mid-ranks (ties share one);
 * F_g⁻¹ is the group's empirical quantile function with linear interpolation. Missing values stay missing.
 */
public final class DisparateImpactRemover {
    private final double repairLevel;

    public DisparateImpactRemover(double repairLevel) {
        if (!(repairLevel >= 0 && repairLevel <= 1)) {
            throw new InputException("the repair level must be in [0, 1], got " + repairLevel);
        }
        this.repairLevel = repairLevel;
    }

    /** The frame with {@code columns} repaired (as double columns); other columns unchanged. */
    public Frame repair(Frame data, List<String> columns, Groups groups) {
        Frame out = data;
        for (String name : columns) {
            Column c = data.column(name);
            double[] x = switch (c) {
                case DoubleColumn d -> d.values().clone();
                case LongColumn l -> Arrays.stream(l.values()).asDoubleStream().toArray();
                default -> throw new InputException("the disparate impact remover repairs numeric columns; '" + c.name()
                        + "' is " + c.type().label());
            };
            out = out.withColumn(new DoubleColumn(c.name(), repairColumn(x, c.missing(), groups), c.missing()));
        }
        return out;
    }

    double[] repairColumn(double[] x, Missing missing, Groups groups) {
        int g = groups.count();
        List<List<Integer>> members = new ArrayList<>();
        for (int k = 0; k < g; k++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < x.length; i++) {
            if (!missing.isMissing(i)) {
                members.get(groups.of()[i]).add(i);
            }
        }
        double[][] sorted = new double[g][];
        for (int k = 0; k < g; k++) {
            sorted[k] = members.get(k).stream().mapToDouble(i -> x[i]).sorted().toArray();
        }
        double[] out = x.clone();
        double[] atQ = new double[g];
        for (int k = 0; k < g; k++) {
            double[] s = sorted[k];
            for (int i : members.get(k)) {
                double q = midRankQuantile(s, x[i]);
                int used = 0;
                for (int h = 0; h < g; h++) {
                    if (sorted[h].length > 0) {
                        atQ[used++] = quantile(sorted[h], q);
                    }
                }
                double[] vals = Arrays.copyOf(atQ, used);
                Arrays.sort(vals);
                double median = used % 2 == 1 ? vals[used / 2] : (vals[used / 2 - 1] + vals[used / 2]) / 2;
                out[i] = (1 - repairLevel) * x[i] + repairLevel * median;
            }
        }
        return out;
    }

    /** The mid-rank of v in sorted s, as a fraction in [0, 1]. */
    static double midRankQuantile(double[] s, double v) {
        if (s.length == 1) {
            return 0.5;
        }
        int lo = lowerBound(s, v);
        int hi = lowerBound(s, Math.nextUp(v)) - 1;
        return ((lo + hi) / 2.0) / (s.length - 1);
    }

    static double quantile(double[] s, double q) {
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    private static int lowerBound(double[] s, double v) {
        int lo = 0;
        int hi = s.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (s[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
