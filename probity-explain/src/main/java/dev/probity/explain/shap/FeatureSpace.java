package dev.probity.explain.shap;

import dev.probity.core.InputException;
import dev.probity.core.frame.BooleanColumn;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.Missing;
import dev.probity.core.frame.StringColumn;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The space model-agnostic explainers work in: the model's input columns, each as one number per row —
 * numbers as they are (NaN when missing), text as an index into the feature's dictionary (NaN when
 * missing). Rows are dense and row-major, so explainers build hybrid rows by copying numbers, and
 * {@link #toFrame} turns them back into the columns the model reads.
 */
public final class FeatureSpace {
    private final List<String> names;
    private final List<ColumnType> types;
    private final List<List<String>> dictionaries;
    private final List<Map<String, Integer>> lookup;

    private FeatureSpace(List<String> names, List<ColumnType> types, List<List<String>> dictionaries) {
        this.names = List.copyOf(names);
        this.types = List.copyOf(types);
        this.dictionaries = dictionaries;
        this.lookup = new ArrayList<>();
        for (List<String> d : dictionaries) {
            Map<String, Integer> m = new HashMap<>();
            if (d != null) {
                for (int i = 0; i < d.size(); i++) {
                    m.put(d.get(i), i);
                }
            }
            lookup.add(m);
        }
    }

    /** The space of {@code features} of {@code frames} (text dictionaries are the union over all frames). */
    public static FeatureSpace of(List<String> features, Frame... frames) {
        List<ColumnType> types = new ArrayList<>();
        List<List<String>> dicts = new ArrayList<>();
        List<String> resolved = new ArrayList<>();
        for (String f : features) {
            Column first = frames[0].column(f);
            resolved.add(first.name());
            types.add(first.type());
            if (first.type() == ColumnType.STRING) {
                LinkedHashMap<String, Boolean> seen = new LinkedHashMap<>();
                for (Frame fr : frames) {
                    Column c = fr.column(f);
                    if (!(c instanceof StringColumn s)) {
                        throw new InputException(fr.source() + ": column '" + f + "' is " + c.type().label() + " here but text elsewhere");
                    }
                    for (String v : s.dictionary()) {
                        seen.put(v, true);
                    }
                }
                dicts.add(new ArrayList<>(seen.keySet()));
            } else {
                dicts.add(null);
            }
        }
        return new FeatureSpace(resolved, types, dicts);
    }

    public int size() {
        return names.size();
    }

    public List<String> names() {
        return names;
    }

    public ColumnType type(int j) {
        return types.get(j);
    }

    /** The dictionary of a text feature (null for numbers). */
    public List<String> dictionary(int j) {
        return dictionaries.get(j);
    }

    /** The rows of {@code frame} in this space, row-major. */
    public double[] encode(Frame frame) {
        int n = frame.rowCount();
        int m = size();
        double[] out = new double[n * m];
        for (int j = 0; j < m; j++) {
            Column c = frame.column(names.get(j));
            if (c instanceof DoubleColumn d) {
                dev.probity.core.frame.Numbers.finite(frame, d, "feature");
            }
            for (int i = 0; i < n; i++) {
                out[i * m + j] = value(j, c, i);
            }
        }
        return out;
    }

    private double value(int j, Column c, int i) {
        if (c.isMissing(i)) {
            return Double.NaN;
        }
        return switch (c) {
            case DoubleColumn d -> d.values()[i];
            case LongColumn l -> l.values()[i];
            case BooleanColumn b -> b.values()[i] ? 1 : 0;
            case StringColumn s -> {
                Integer k = lookup.get(j).get(s.getString(i));
                if (k == null) {
                    throw new InputException("value '" + s.getString(i) + "' of '" + names.get(j) + "' is not in the explainer's dictionary");
                }
                yield k;
            }
        };
    }

    /** A frame of {@code n} rows of this space, with the columns' original types. */
    public Frame toFrame(double[] rows, int n) {
        int m = size();
        List<Column> cols = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            BitSet miss = new BitSet();
            switch (types.get(j)) {
                case STRING -> {
                    int[] codes = new int[n];
                    for (int i = 0; i < n; i++) {
                        double v = rows[i * m + j];
                        codes[i] = Double.isNaN(v) ? StringColumn.MISSING : (int) v;
                        if (Double.isNaN(v)) {
                            miss.set(i);
                        }
                    }
                    cols.add(StringColumn.of(names.get(j), codes, dictionaries.get(j).toArray(new String[0]), Missing.of(miss)));
                }
                case LONG -> {
                    long[] v = new long[n];
                    for (int i = 0; i < n; i++) {
                        double d = rows[i * m + j];
                        if (Double.isNaN(d)) {
                            miss.set(i);
                        } else {
                            v[i] = Math.round(d);
                        }
                    }
                    cols.add(new LongColumn(names.get(j), v, Missing.of(miss)));
                }
                case BOOLEAN -> {
                    boolean[] v = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        double d = rows[i * m + j];
                        if (Double.isNaN(d)) {
                            miss.set(i);
                        } else {
                            v[i] = d != 0;
                        }
                    }
                    cols.add(new BooleanColumn(names.get(j), v, Missing.of(miss)));
                }
                default -> {
                    double[] v = new double[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = rows[i * m + j];
                        if (Double.isNaN(v[i])) {
                            miss.set(i);
                        }
                    }
                    cols.add(new DoubleColumn(names.get(j), v, Missing.of(miss)));
                }
            }
        }
        return new Frame("explainer", cols);
    }

    /** The text of feature {@code j}'s value {@code v}, for messages and reports. */
    public String format(int j, double v) {
        if (Double.isNaN(v)) {
            return "(missing)";
        }
        if (types.get(j) == ColumnType.STRING) {
            return dictionaries.get(j).get((int) v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }
}
