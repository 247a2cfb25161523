package dev.probity.core.frame;

import java.util.Objects;

/** A column of 64-bit integers. A missing row holds 0 in {@link #values()} and is set in {@link #missing()}. */
public final class LongColumn implements Column {
    private final String name;
    private final long[] values;
    private final Missing missing;

    public LongColumn(String name, long[] values, Missing missing) {
        this.name = Objects.requireNonNull(name);
        this.values = Objects.requireNonNull(values);
        this.missing = missing == null ? Missing.NONE : missing;
    }

    public static LongColumn of(String name, long... values) {
        return new LongColumn(name, values, Missing.NONE);
    }

    @Override public String name() { return name; }
    @Override public ColumnType type() { return ColumnType.LONG; }
    @Override public int size() { return values.length; }
    @Override public Missing missing() { return missing; }

    /** The values; do not modify. */
    public long[] values() {
        return values;
    }

    public long getLong(int row) {
        return values[row];
    }

    @Override
    public String format(int row) {
        return missing.isMissing(row) ? null : Long.toString(values[row]);
    }

    @Override
    public Object get(int row) {
        return missing.isMissing(row) ? null : values[row];
    }

    @Override
    public LongColumn select(int[] rows) {
        long[] out = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return new LongColumn(name, out, missing.select(rows));
    }

    @Override
    public LongColumn rename(String newName) {
        return new LongColumn(newName, values, missing);
    }
}
