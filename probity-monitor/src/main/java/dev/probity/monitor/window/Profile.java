package dev.probity.monitor.window;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the windows are compared with, fixed from the reference before any window is counted, so that every window's
 * counts line up and merge: for a numerical column, bin edges at the reference's deciles (the 10th, 20th, …, 90th
 * percentiles, numpy's default linear interpolation, repeated edges dropped), giving bins (−∞, e₁], (e₁, e₂], …,
 * (e_k, +∞) — so a column with few values gets one bin per value and values outside the reference's range land in
 * the outer bins; for any other column, its {@link #MAX_LEVELS} most frequent reference values, and "(other)" for the
 * rest and for values the reference never had.
 *
 * @param columns the monitored columns, in order
 */
public record Profile(List<ColumnProfile> columns) implements java.io.Serializable {
    /** Values of a categorical column counted by name; the rest are counted together as "(other)". */
    public static final int MAX_LEVELS = 100;
    /** The name of the bin that counts every value not named. */
    public static final String OTHER = "(other)";

    /** One column: numerical with bin edges, or categorical with its levels. */
    public record ColumnProfile(String name, boolean numerical, double[] edges, List<String> levels) implements java.io.Serializable {
        /** The number of bins or levels, "(other)" included. */
        public int cells() {
            return numerical ? edges.length + 1 : levels.size() + 1;
        }

        /** The cell names: "≤ e₁", "(e₁, e₂]", …, "> e_k"; or the levels and "(other)". */
        public List<String> cellNames() {
            List<String> out = new ArrayList<>();
            if (!numerical) {
                out.addAll(levels);
                out.add(OTHER);
                return out;
            }
            for (int i = 0; i <= edges.length; i++) {
                out.add(i == 0 ? "≤ " + fmt(edges[0]) : i == edges.length ? "> " + fmt(edges[i - 1])
                        : "(" + fmt(edges[i - 1]) + ", " + fmt(edges[i]) + "]");
            }
            return out;
        }

        private static String fmt(double v) {
            return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
        }
    }

    public ColumnProfile column(String name) {
        for (ColumnProfile c : columns) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** The profile of the named columns of a reference. */
    public static Profile of(Frame reference, List<String> names) {
        List<ColumnProfile> out = new ArrayList<>();
        for (String name : names) {
            if (!reference.has(name)) {
                throw new InputException(reference.source() + ": " + reference.unknownColumnMessage(name));
            }
            Column c = reference.column(name);
            if (c instanceof DoubleColumn || c instanceof LongColumn) {
                double[] v = new double[c.size()];
                int k = 0;
                for (int i = 0; i < c.size(); i++) {
                    if (!c.isMissing(i)) {
                        double x = c instanceof DoubleColumn d ? d.getDouble(i) : ((LongColumn) c).getLong(i);
                        if (Double.isFinite(x)) {
                            v[k++] = x;
                        }
                    }
                }
                if (k == 0) {
                    throw new InputException(reference.source() + ": column '" + name + "' has no number to set bins by");
                }
                double[] s = Arrays.copyOf(v, k);
                Arrays.sort(s);
                double[] edges = new double[9];
                int e = 0;
                for (int q = 1; q <= 9; q++) {
                    double x = quantile(s, q / 10.0);
                    if (e == 0 || x > edges[e - 1]) {
                        edges[e++] = x;
                    }
                }
                out.add(new ColumnProfile(name, true, Arrays.copyOf(edges, e), List.of()));
            } else {
                Map<String, Integer> counts = new LinkedHashMap<>();
                for (int i = 0; i < c.size(); i++) {
                    if (!c.isMissing(i)) {
                        counts.merge(c.format(i), 1, Integer::sum);
                    }
                }
                List<String> levels = counts.entrySet().stream()
                        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                        .limit(MAX_LEVELS).map(Map.Entry::getKey).sorted().toList();
                out.add(new ColumnProfile(name, false, null, levels));
            }
        }
        return new Profile(List.copyOf(out));
    }

    /** numpy's default (linear, "type 7") quantile of sorted values. */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
