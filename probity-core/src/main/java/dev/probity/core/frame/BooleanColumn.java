package dev.probity.core.frame;

import java.util.Objects;

/** A column of booleans. A missing row holds {@code false} in {@link #values()} and is set in {@link #missing()}. */
public final class BooleanColumn implements Column {
    private final String name;
    private final boolean[] values;
    private final Missing missing;

    public BooleanColumn(String name, boolean[] values, Missing missing) {
        this.name = Objects.requireNonNull(name);
        this.values = Objects.requireNonNull(values);
        this.missing = missing == null ? Missing.NONE : missing;
    }

    public static BooleanColumn of(String name, boolean... values) {
        return new BooleanColumn(name, values, Missing.NONE);
    }

    @Override public String name() { return name; }
    @Override public ColumnType type() { return ColumnType.BOOLEAN; }
    @Override public int size() { return values.length; }
    @Override public Missing missing() { return missing; }

    /** The values; do not modify. */
    public boolean[] values() {
        return values;
    }

    public boolean getBoolean(int row) {
        return values[row];
    }

    @Override
    public String format(int row) {
        return missing.isMissing(row) ? null : Boolean.toString(values[row]);
    }

    @Override
    public Object get(int row) {
        return missing.isMissing(row) ? null : values[row];
    }

    @Override
    public BooleanColumn select(int[] rows) {
        boolean[] out = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return new BooleanColumn(name, out, missing.select(rows));
    }

    @Override
    public BooleanColumn rename(String newName) {
        return new BooleanColumn(newName, values, missing);
    }
}
