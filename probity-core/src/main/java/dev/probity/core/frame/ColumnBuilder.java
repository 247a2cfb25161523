package dev.probity.core.frame;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds one column of a known type value by value. Use it to build frames in code or in readers whose
 * source has a schema (Parquet through DuckDB, JDBC results).
 */
public final class ColumnBuilder {
    private final String name;
    private final ColumnType type;
    private int size;
    private long[] longs;
    private double[] doubles;
    private boolean[] booleans;
    private int[] codes;
    private Map<String, Integer> dict;
    private BitSet missing;

    public ColumnBuilder(String name, ColumnType type) {
        this.name = name;
        this.type = type;
        switch (type) {
            case LONG -> longs = new long[16];
            case DOUBLE -> doubles = new double[16];
            case BOOLEAN -> booleans = new boolean[16];
            case STRING -> {
                codes = new int[16];
                dict = new HashMap<>();
            }
        }
    }

    public String name() {
        return name;
    }

    public ColumnType type() {
        return type;
    }

    public int size() {
        return size;
    }

    private void grow() {
        int n = size + 1;
        switch (type) {
            case LONG -> {
                if (n > longs.length) {
                    longs = Arrays.copyOf(longs, longs.length * 2);
                }
            }
            case DOUBLE -> {
                if (n > doubles.length) {
                    doubles = Arrays.copyOf(doubles, doubles.length * 2);
                }
            }
            case BOOLEAN -> {
                if (n > booleans.length) {
                    booleans = Arrays.copyOf(booleans, booleans.length * 2);
                }
            }
            case STRING -> {
                if (n > codes.length) {
                    codes = Arrays.copyOf(codes, codes.length * 2);
                }
            }
        }
    }

    public ColumnBuilder addMissing() {
        grow();
        if (missing == null) {
            missing = new BitSet();
        }
        missing.set(size);
        switch (type) {
            case DOUBLE -> doubles[size] = Double.NaN;
            case STRING -> codes[size] = StringColumn.MISSING;
            default -> { }
        }
        size++;
        return this;
    }

    public ColumnBuilder addLong(long v) {
        if (type == ColumnType.DOUBLE) {
            return addDouble(v);
        }
        check(ColumnType.LONG);
        grow();
        longs[size++] = v;
        return this;
    }

    public ColumnBuilder addDouble(double v) {
        check(ColumnType.DOUBLE);
        grow();
        doubles[size++] = v;
        return this;
    }

    public ColumnBuilder addBoolean(boolean v) {
        check(ColumnType.BOOLEAN);
        grow();
        booleans[size++] = v;
        return this;
    }

    public ColumnBuilder addString(String v) {
        if (v == null) {
            return addMissing();
        }
        check(ColumnType.STRING);
        grow();
        Integer c = dict.get(v);
        if (c == null) {
            c = dict.size();
            dict.put(v, c);
        }
        codes[size++] = c;
        return this;
    }

    private void check(ColumnType t) {
        if (type != t) {
            throw new IllegalStateException("column '" + name + "' is " + type.label() + ", not " + t.label());
        }
    }

    public Column build() {
        Missing m = missing == null ? Missing.NONE : Missing.of(missing);
        return switch (type) {
            case LONG -> new LongColumn(name, Arrays.copyOf(longs, size), m);
            case DOUBLE -> new DoubleColumn(name, Arrays.copyOf(doubles, size), m);
            case BOOLEAN -> new BooleanColumn(name, Arrays.copyOf(booleans, size), m);
            case STRING -> {
                String[] d = new String[dict.size()];
                dict.forEach((k, v) -> d[v] = k);
                yield new StringColumn(name, Arrays.copyOf(codes, size), d, m);
            }
        };
    }
}
