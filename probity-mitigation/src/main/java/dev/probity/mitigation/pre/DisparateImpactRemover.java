package dev.probity.mitigation.pre;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.Missing;
import dev.probity.mitigation.GroupIndex;
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

    /**
     * Fits the repair of {@code columns} on {@code data}: each group's distribution of each column, kept as its
     * distinct values and their counts, which is all the mid-rank quantile and the quantile function need.
     */
    public Repair fit(Frame data, List<String> columns, Groups groups) {
        List<ColumnRepair> out = new ArrayList<>();
        for (String name : columns) {
            Column c = data.column(name);
            double[] x = numbers(c);
            int g = groups.count();
            List<List<Double>> members = new ArrayList<>();
            for (int k = 0; k < g; k++) {
                members.add(new ArrayList<>());
            }
            for (int i = 0; i < x.length; i++) {
                if (!c.isMissing(i)) {
                    members.get(groups.of()[i]).add(x[i]);
                }
            }
            List<Distribution> dist = new ArrayList<>();
            for (int k = 0; k < g; k++) {
                dist.add(Distribution.of(members.get(k).stream().mapToDouble(Double::doubleValue).sorted().toArray()));
            }
            out.add(new ColumnRepair(c.name(), dist));
        }
        return new Repair(repairLevel, GroupIndex.of(groups), out);
    }

    /** The frame with {@code columns} repaired with the distributions of {@code data} itself (fit, then apply). */
    public Frame repair(Frame data, List<String> columns, Groups groups) {
        return fit(data, columns, groups).apply(data, groups);
    }

    private static double[] numbers(Column c) {
        if (!dev.probity.core.frame.Numbers.isNumeric(c)) {
            throw new InputException("the disparate impact remover repairs numeric columns; '" + c.name() + "' is " + c.type().label());
        }
        return dev.probity.core.frame.Numbers.of(c);
    }

    /**
     * One group's distribution of one column: its distinct values, ascending, and how often each occurs.
     * {@link #midRank} and {@link #quantile} equal those of the full sorted sample (binary searches over the
     * cumulative counts).
     */
    public static final class Distribution {
        private final double[] values;
        private final long[] counts;
        private final long[] cumulative; // cumulative[i] = number of sample values ≤ values[i]

        public Distribution(double[] values, long[] counts) {
            if (values.length != counts.length) {
                throw new IllegalArgumentException(values.length + " values, " + counts.length + " counts");
            }
            this.values = values.clone();
            this.counts = counts.clone();
            this.cumulative = new long[counts.length];
            long s = 0;
            for (int i = 0; i < counts.length; i++) {
                if (i > 0 && !(values[i] > values[i - 1])) {
                    throw new IllegalArgumentException("values must be strictly ascending");
                }
                s += counts[i];
                cumulative[i] = s;
            }
        }

        static Distribution of(double[] sorted) {
            List<Double> v = new ArrayList<>();
            List<Long> n = new ArrayList<>();
            for (double d : sorted) {
                if (!v.isEmpty() && v.get(v.size() - 1) == d) {
                    n.set(n.size() - 1, n.get(n.size() - 1) + 1);
                } else {
                    v.add(d);
                    n.add(1L);
                }
            }
            return new Distribution(v.stream().mapToDouble(Double::doubleValue).toArray(), n.stream().mapToLong(Long::longValue).toArray());
        }

        public double[] values() {
            return values.clone();
        }

        public long[] counts() {
            return counts.clone();
        }

        long size() {
            return cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
        }

        /** Number of sample values below {@code v}. */
        long below(double v) {
            int lo = 0;
            int hi = values.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (values[mid] < v) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo == 0 ? 0 : cumulative[lo - 1];
        }

        /** The sample value at sorted position {@code index}. */
        double at(long index) {
            int lo = 0;
            int hi = cumulative.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] > index) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return values[lo];
        }

        /** The mid-rank of v, as a fraction in [0, 1] (ties share one rank). */
        double midRank(double v) {
            long n = size();
            if (n == 1) {
                return 0.5;
            }
            long lo = below(v);
            long hi = below(Math.nextUp(v)) - 1;
            return ((lo + hi) / 2.0) / (n - 1);
        }

        /** The empirical quantile with linear interpolation between order statistics. */
        double quantile(double q) {
            long n = size();
            double pos = q * (n - 1);
            long lo = (long) Math.floor(pos);
            long hi = Math.min(lo + 1, n - 1);
            double a = at(lo);
            return a + (pos - lo) * (at(hi) - a);
        }
    }

    /** The fitted repair of one column: each group's distribution. */
    public record ColumnRepair(String column, List<Distribution> groups) {
        public ColumnRepair {
            groups = List.copyOf(groups);
        }
    }

    /**
     * The fitted repair: x ↦ (1 − λ)·x + λ·median_h F_h⁻¹(F_g(x)) for a row of group g, with each group's
     * distribution F from the training data.
     */
    public record Repair(double repairLevel, GroupIndex groups, List<ColumnRepair> repairs) implements FrameTransform {
        public Repair {
            repairs = List.copyOf(repairs);
        }

        @Override
        public List<String> columns() {
            return repairs.stream().map(ColumnRepair::column).toList();
        }

        @Override
        public Frame apply(Frame data) {
            return apply(data, groups.rows(data));
        }

        Frame apply(Frame data, Groups rows) {
            Frame out = data;
            for (ColumnRepair r : repairs) {
                Column c = data.column(r.column());
                double[] x = numbers(c);
                double[] y = x.clone();
                double[] atQ = new double[r.groups().size()];
                for (int i = 0; i < x.length; i++) {
                    if (c.isMissing(i)) {
                        continue;
                    }
                    Distribution own = r.groups().get(rows.of()[i]);
                    if (own.size() == 0) {
                        continue;
                    }
                    double q = own.midRank(x[i]);
                    int used = 0;
                    for (Distribution h : r.groups()) {
                        if (h.size() > 0) {
                            atQ[used++] = h.quantile(q);
                        }
                    }
                    double[] vals = Arrays.copyOf(atQ, used);
                    Arrays.sort(vals);
                    double median = used % 2 == 1 ? vals[used / 2] : (vals[used / 2 - 1] + vals[used / 2]) / 2;
                    y[i] = (1 - repairLevel) * x[i] + repairLevel * median;
                }
                out = out.withColumn(new DoubleColumn(c.name(), y, c.missing()));
            }
            return out;
        }
    }
}
