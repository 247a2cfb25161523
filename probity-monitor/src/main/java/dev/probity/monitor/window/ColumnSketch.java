package dev.probity.monitor.window;

import dev.probity.core.frame.Column;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.LongColumn;
import dev.probity.fairness.stats.QuantileSketch;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One column's statistics in one window, on the cells of its {@link Profile.ColumnProfile}: the count in each bin or
 * level, the missing values, and for numbers a DDSketch of the values (relative accuracy 0.5 %) for quantiles. Merging
 * adds counts and sketches, so it is exact, associative and commutative: the sketch of two windows merged equals, count
 * for count, the sketch of their rows together.
 */
public final class ColumnSketch {
    private final long[] counts;
    private long missing;
    private long wrongKind;
    private final QuantileSketch values;

    ColumnSketch(int cells, boolean numerical) {
        this.counts = new long[cells];
        this.values = numerical ? new QuantileSketch() : null;
    }

    ColumnSketch(long[] counts, long missing, long wrongKind, QuantileSketch values) {
        this.counts = counts;
        this.missing = missing;
        this.wrongKind = wrongKind;
        this.values = values;
    }

    /** Counts the given rows of a column. */
    static ColumnSketch of(Profile.ColumnProfile p, Column c, int[] rows) {
        ColumnSketch s = new ColumnSketch(p.cells(), p.numerical());
        boolean numbers = c instanceof DoubleColumn || c instanceof LongColumn;
        Map<String, Integer> index = new HashMap<>();
        if (!p.numerical()) {
            for (int i = 0; i < p.levels().size(); i++) {
                index.put(p.levels().get(i), i);
            }
        }
        int other = p.cells() - 1;
        for (int r : rows) {
            if (c.isMissing(r)) {
                s.missing++;
                continue;
            }
            if (p.numerical()) {
                if (!numbers) {
                    // the reference had numbers here and this window has text: not a number, counted as missing and as such
                    s.missing++;
                    s.wrongKind++;
                    continue;
                }
                double x = c instanceof DoubleColumn d ? d.getDouble(r) : ((LongColumn) c).getLong(r);
                if (Double.isNaN(x)) {
                    s.missing++;
                    continue;
                }
                s.counts[bin(p.edges(), x)]++;
                if (Double.isFinite(x)) {
                    s.values.add(x);
                }
            } else {
                s.counts[index.getOrDefault(c.format(r), other)]++;
            }
        }
        return s;
    }

    /** The bin of x: the first i with x ≤ edges[i], or the last bin. */
    static int bin(double[] edges, double x) {
        int lo = 0;
        int hi = edges.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x <= edges[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    public ColumnSketch merge(ColumnSketch o) {
        long[] c = counts.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] += o.counts[i];
        }
        return new ColumnSketch(c, missing + o.missing, wrongKind + o.wrongKind, values == null ? null : values.copy().merge(o.values));
    }

    public long[] counts() {
        return counts.clone();
    }

    /** Values missing, or unreadable as the reference's kind (text where it had numbers). */
    public long missing() {
        return missing;
    }

    /** Of the missing values, those that were text where the reference had numbers. */
    public long wrongKind() {
        return wrongKind;
    }

    /** Values counted in a cell (not missing). */
    public long present() {
        long n = 0;
        for (long x : counts) {
            n += x;
        }
        return n;
    }

    /** The values' sketch (numbers only), or null. */
    public QuantileSketch values() {
        return values == null ? null : values.copy();
    }

    /** The share of each cell among the present values; all zero when none is present. */
    public double[] shares() {
        long n = present();
        double[] s = new double[counts.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = n == 0 ? 0 : (double) counts[i] / n;
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColumnSketch c && Arrays.equals(counts, c.counts) && missing == c.missing && wrongKind == c.wrongKind
                && java.util.Objects.equals(values, c.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts) * 31 + Long.hashCode(missing);
    }
}
