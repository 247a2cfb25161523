package dev.probity.core.frame;

import java.util.Objects;

/** A column of doubles. A missing row holds {@code NaN} in {@link #values()} and is set in {@link #missing()}. */
public final class DoubleColumn implements Column {
    private final String name;
    private final double[] values;
    private final Missing missing;

    public DoubleColumn(String name, double[] values, Missing missing) {
        this.name = Objects.requireNonNull(name);
        this.values = Objects.requireNonNull(values);
        this.missing = missing == null ? Missing.NONE : missing;
    }

    public static DoubleColumn of(String name, double... values) {
        return new DoubleColumn(name, values, Missing.NONE);
    }

    @Override public String name() { return name; }
    @Override public ColumnType type() { return ColumnType.DOUBLE; }
    @Override public int size() { return values.length; }
    @Override public Missing missing() { return missing; }

    /** The values; do not modify. */
    public double[] values() {
        return values;
    }

    public double getDouble(int row) {
        return values[row];
    }

    @Override
    public String format(int row) {
        if (missing.isMissing(row)) {
            return null;
        }
        double v = values[row];
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v) + ".0";
        }
        return Double.toString(v);
    }

    @Override
    public Object get(int row) {
        return missing.isMissing(row) ? null : values[row];
    }

    @Override
    public DoubleColumn select(int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return new DoubleColumn(name, out, missing.select(rows));
    }

    @Override
    public DoubleColumn rename(String newName) {
        return new DoubleColumn(newName, values, missing);
    }
}
