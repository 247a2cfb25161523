package dev.probity.monitor.slice;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.Numbers;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.model.Model;
import dev.probity.core.model.TaskKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Turns a frame into SliceLine's input. Text and booleans keep their values; a number with at most {@code bins} distinct
 * values keeps them too; any other number is cut into {@code bins} equal-width bins over its range, as SystemDS's
 * {@code transformencode} does ({@code ceil((x − min) / (max − min) · bins)}, clipped to 1..bins), so a bin
 * holds {@code lo < x ≤ hi} (the first also its lower edge), labelled {@code in (lo, hi]}. A missing value is a value of its own, {@code (missing)}.
 */
public final class SliceData {
    /** The paper's choice for Adult and Salaries: 10 equal-width bins. */
    public static final int DEFAULT_BINS = 10;
    static final String MISSING = "(missing)";

    private SliceData() {
    }

    /** The frame's {@code features} with the given per-row errors. */
    public static SliceLine.Encoded encode(Frame data, List<String> features, double[] errors, int bins) {
        if (bins < 2 || bins > 1000) {
            throw new InputException("SliceLine bins numbers into 2 to 1,000 bins; got " + bins);
        }
        if (features.isEmpty()) {
            throw new InputException("SliceLine needs at least one feature to slice by");
        }
        List<String> names = new ArrayList<>();
        List<String[]> labels = new ArrayList<>();
        int[][] codes = new int[features.size()][];
        for (int f = 0; f < features.size(); f++) {
            if (!data.has(features.get(f))) {
                throw new InputException(data.unknownColumnMessage(features.get(f)));
            }
            Column c = data.column(features.get(f));
            names.add(c.name());
            List<String> l = new ArrayList<>();
            codes[f] = c.type() == ColumnType.STRING ? text((StringColumn) c, l) : number(c, bins, l);
            labels.add(l.toArray(String[]::new));
        }
        return new SliceLine.Encoded(names, labels, codes, errors);
    }

    /**
     * Each row's error under {@code model}: 1 where a classifier's decision differs from the label and 0 where it agrees;
     * the squared error for a regressor.
     */
    public static double[] errors(Model model, Frame data, String label) {
        if (!data.has(label)) {
            throw new InputException(data.unknownColumnMessage(label));
        }
        Column y = data.column(label);
        int n = data.rowCount();
        double[] out = new double[n];
        if (model.info().output() == TaskKind.REGRESSION) {
            double[] pred = model.predict(data);
            double[] truth = Numbers.finite(data, y, "label");
            for (int i = 0; i < n; i++) {
                double d = pred[i] - truth[i];
                out[i] = d * d;
            }
            return out;
        }
        double[] pred = model.predict(data);
        List<String> classes = model.info().classes();
        for (int i = 0; i < n; i++) {
            String truth = y.format(i);
            if (truth == null) {
                throw new InputException(data.source() + ": row " + (i + 1) + " has no value in label column '" + label + "'");
            }
            int k = classes.indexOf(truth);
            if (k < 0) {
                k = matchNumeric(classes, truth);
            }
            if (k < 0 && classes.size() == 2 && classes.get(0).equals("not " + classes.get(1))) {
                k = 0; // a model trained as "positive versus the rest": any other label is the rest
            }
            if (k < 0) {
                throw new InputException(data.source() + ": row " + (i + 1) + ": label '" + truth + "' is not one of the model's classes "
                        + classes);
            }
            out[i] = pred[i] == k ? 0 : 1;
        }
        return out;
    }

    private static int matchNumeric(List<String> classes, String truth) {
        try {
            double v = Double.parseDouble(truth);
            for (int k = 0; k < classes.size(); k++) {
                try {
                    if (Double.parseDouble(classes.get(k)) == v) {
                        return k;
                    }
                } catch (NumberFormatException e) {
                    // not a number
                }
            }
        } catch (NumberFormatException e) {
            // not a number
        }
        return -1;
    }

    private static int[] text(StringColumn c, List<String> labels) {
        int[] map = new int[c.cardinality()];
        java.util.Arrays.fill(map, -1);
        int[] codes = c.codes();
        int[] out = new int[codes.length];
        int missing = -1;
        // Labels in sorted order, so the result does not depend on the order rows arrive in.
        TreeSet<String> seen = new TreeSet<>();
        for (int code : codes) {
            if (code >= 0) {
                seen.add(c.dictionary()[code]);
            }
        }
        labels.addAll(seen);
        for (int k = 0; k < map.length; k++) {
            map[k] = labels.indexOf(c.dictionary()[k]);
        }
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] < 0) {
                if (missing < 0) {
                    missing = labels.size();
                    labels.add(MISSING);
                }
                out[i] = missing;
            } else {
                out[i] = map[codes[i]];
            }
        }
        return out;
    }

    private static int[] number(Column c, int bins, List<String> labels) {
        double[] x = Numbers.of(c);
        TreeSet<Double> distinct = new TreeSet<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                if (distinct.size() <= bins) {
                    distinct.add(v);
                }
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        int[] out = new int[x.length];
        int missing = -1;
        if (distinct.size() <= bins) {
            List<Double> values = new ArrayList<>(distinct);
            for (double v : values) {
                labels.add(c.type() == ColumnType.BOOLEAN ? (v == 1 ? "true" : "false") : format(v));
            }
            for (int i = 0; i < x.length; i++) {
                if (Double.isNaN(x[i])) {
                    if (missing < 0) {
                        missing = labels.size();
                        labels.add(MISSING);
                    }
                    out[i] = missing;
                } else {
                    out[i] = values.indexOf(x[i]);
                }
            }
            return out;
        }
        double w = (hi - lo) / bins;
        for (int b = 0; b < bins; b++) {
            double a = lo + b * w;
            double z = b == bins - 1 ? hi : lo + (b + 1) * w;
            labels.add("in " + (b == 0 ? "[" : "(") + format(a) + ", " + format(z) + "]");
        }
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i])) {
                if (missing < 0) {
                    missing = labels.size();
                    labels.add(MISSING);
                }
                out[i] = missing;
                continue;
            }
            int code = (int) Math.ceil((x[i] - lo) / (hi - lo) * bins);
            out[i] = Math.max(1, Math.min(bins, code)) - 1;
        }
        return out;
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        // four significant digits, written out in full (9999.9 reads 10000, not 1.000e+04)
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
