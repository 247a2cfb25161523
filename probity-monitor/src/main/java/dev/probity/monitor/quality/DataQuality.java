package dev.probity.monitor.quality;

import dev.probity.core.frame.Column;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Data quality of current data against a reference, column by column: columns that appeared or disappeared, a
 * column whose kind changed (numbers became text), the share of missing values on each side, current numbers outside
 * the reference's range, categories the reference never had, columns with a single value, and the share of rows that
 * repeat an earlier row. Each finding is stated in words; nothing is judged beyond what is counted.
 */
public final class DataQuality {
    private DataQuality() {
    }

    /** Findings for one column present in both. */
    public record ColumnQuality(String column, String referenceKind, String currentKind, double missingReference, double missingCurrent,
                                long outOfRange, double outOfRangeShare, Double referenceMin, Double referenceMax,
                                List<String> newCategories, long newCategoryRows, boolean constantReference, boolean constantCurrent,
                                List<String> issues) {
    }

    /** The comparison. */
    public record Report(List<String> onlyInReference, List<String> onlyInCurrent, double duplicateRowsReference,
                         double duplicateRowsCurrent, List<ColumnQuality> columns, int issues) {
    }

    /** New categories listed by name, at most this many (all are counted). */
    public static final int SHOWN = 10;

    public static Report compare(Frame ref, Frame cur) {
        List<String> onlyRef = ref.columnNames().stream().filter(c -> !cur.has(c)).toList();
        List<String> onlyCur = cur.columnNames().stream().filter(c -> !ref.has(c)).toList();
        List<ColumnQuality> cols = new ArrayList<>();
        int issues = onlyRef.size() + onlyCur.size();
        for (String name : ref.columnNames()) {
            if (!cur.has(name)) {
                continue;
            }
            ColumnQuality q = column(name, ref.column(name), cur.column(name));
            issues += q.issues().size();
            cols.add(q);
        }
        double dupR = duplicateShare(ref);
        double dupC = duplicateShare(cur);
        if (dupC > dupR + 0.01) {
            issues++;
        }
        return new Report(onlyRef, onlyCur, dupR, dupC, List.copyOf(cols), issues);
    }

    static ColumnQuality column(String name, Column r, Column c) {
        String kr = kind(r);
        String kc = kind(c);
        List<String> issues = new ArrayList<>();
        boolean emptyNow = c.size() > 0 && absent(c) == c.size();
        if (emptyNow && absent(r) < r.size()) {
            // an empty column is read as text, and holds no value: say that, not that it became text or constant
            issues.add("it holds no value at all now");
            kc = kr;
        } else if (!kr.equals(kc)) {
            issues.add("its values were " + kr + " and are now " + kc);
        }
        double mr = share(absent(r), r.size());
        double mc = share(absent(c), c.size());
        if (mc > mr + 0.01) {
            issues.add(String.format(java.util.Locale.ROOT, "missing values rose from %.1f%% to %.1f%%", mr * 100, mc * 100));
        }
        long out = 0;
        Double lo = null;
        Double hi = null;
        List<String> fresh = new ArrayList<>();
        long freshRows = 0;
        if (kr.equals("numbers") && kc.equals("numbers")) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < r.size(); i++) {
                if (!absent(r, i)) {
                    double v = value(r, i);
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            if (min <= max) {
                lo = min;
                hi = max;
                for (int i = 0; i < c.size(); i++) {
                    if (!absent(c, i)) {
                        double v = value(c, i);
                        if (v < min || v > max) {
                            out++;
                        }
                    }
                }
                if (out > 0) {
                    issues.add(out + " current value" + (out == 1 ? "" : "s") + " outside the reference's range [" + num(min) + ", " + num(max) + "]");
                }
            }
        } else if (!kr.equals("numbers") && !kc.equals("numbers")) {
            Set<String> known = new HashSet<>();
            for (int i = 0; i < r.size(); i++) {
                if (!r.isMissing(i)) {
                    known.add(r.format(i));
                }
            }
            Set<String> seen = new TreeSet<>();
            for (int i = 0; i < c.size(); i++) {
                if (!c.isMissing(i) && !known.contains(c.format(i))) {
                    seen.add(c.format(i));
                    freshRows++;
                }
            }
            fresh.addAll(seen);
            if (!fresh.isEmpty()) {
                issues.add(fresh.size() + " categor" + (fresh.size() == 1 ? "y" : "ies") + " the reference never had, in " + freshRows + " row"
                        + (freshRows == 1 ? "" : "s"));
            }
        }
        boolean constR = distinctAtMostOne(r);
        boolean constC = distinctAtMostOne(c);
        if (constC && !constR && !emptyNow) {
            issues.add("it now holds a single value");
        }
        return new ColumnQuality(name, kr, kc, mr, mc, out, share(out, c.size()), lo, hi,
                List.copyOf(fresh.subList(0, Math.min(SHOWN, fresh.size()))), freshRows, constR, constC, List.copyOf(issues));
    }

    /**
     * The share of rows equal, in every column, to an earlier row: rows are hashed (64 bits over their values' text),
     * and a row whose hash was seen is compared value by value with the earlier row, so a hash collision never counts.
     */
    static double duplicateShare(Frame f) {
        int n = f.rowCount();
        if (n == 0) {
            return 0;
        }
        List<Column> cols = f.columns();
        java.util.Map<Long, Integer> first = new java.util.HashMap<>(n * 2);
        long dup = 0;
        for (int i = 0; i < n; i++) {
            long h = 1125899906842597L;
            for (Column c : cols) {
                String v = c.isMissing(i) ? "\u0000missing" : c.format(i);
                h = 31 * h + v.hashCode();
                h = dev.probity.core.stats.SplitMix64.mix(h);
            }
            Integer j = first.putIfAbsent(h, i);
            if (j != null && sameRow(cols, i, j)) {
                dup++;
            }
        }
        return (double) dup / n;
    }

    private static boolean sameRow(List<Column> cols, int i, int j) {
        for (Column c : cols) {
            boolean mi = c.isMissing(i);
            if (mi != c.isMissing(j) || !mi && !c.format(i).equals(c.format(j))) {
                return false;
            }
        }
        return true;
    }

    /** Missing, or for numbers not finite (NaN and ±∞ are no measurement), as the drift tests leave them out. */
    static boolean absent(Column c, int i) {
        if (c.isMissing(i)) {
            return true;
        }
        return c instanceof DoubleColumn d && !Double.isFinite(d.getDouble(i));
    }

    private static long absent(Column c) {
        long k = 0;
        for (int i = 0; i < c.size(); i++) {
            if (absent(c, i)) {
                k++;
            }
        }
        return k;
    }

    private static boolean distinctAtMostOne(Column c) {
        Set<String> s = new LinkedHashSet<>();
        for (int i = 0; i < c.size() && s.size() < 2; i++) {
            if (!absent(c, i)) {
                s.add(c.format(i));
            }
        }
        return s.size() <= 1;
    }

    private static String kind(Column c) {
        return c instanceof DoubleColumn || c instanceof LongColumn ? "numbers" : "text";
    }

    private static double value(Column c, int i) {
        return c instanceof DoubleColumn d ? d.getDouble(i) : ((LongColumn) c).getLong(i);
    }

    private static double share(long k, int n) {
        return n == 0 ? 0 : (double) k / n;
    }

    private static String num(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
    }
}
