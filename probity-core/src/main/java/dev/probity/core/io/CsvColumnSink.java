package dev.probity.core.io;

import dev.probity.core.frame.ColumnType;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Growable primitive storage for one column of one CSV chunk. Final subclasses per type keep the parser's
 * calls monomorphic.
 */
abstract sealed class CsvColumnSink permits CsvColumnSink.Longs, CsvColumnSink.Doubles, CsvColumnSink.Booleans,
        CsvColumnSink.Strings {
    int size;
    BitSet missing;

    abstract ColumnType type();

    void addMissing() {
        if (missing == null) {
            missing = new BitSet();
        }
        missing.set(size);
        grow();
        size++;
    }

    /** Makes room for one more value at {@code size}. */
    abstract void grow();

    static CsvColumnSink of(ColumnType t, int capacity) {
        return switch (t) {
            case LONG -> new Longs(capacity);
            case DOUBLE -> new Doubles(capacity);
            case BOOLEAN -> new Booleans(capacity);
            case STRING -> new Strings(capacity);
        };
    }

    static final class Longs extends CsvColumnSink {
        long[] values;

        Longs(int capacity) {
            values = new long[Math.max(16, capacity)];
        }

        @Override ColumnType type() { return ColumnType.LONG; }

        @Override
        void grow() {
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length + (values.length >> 1) + 16);
            }
        }

        void add(long v) {
            grow();
            values[size++] = v;
        }
    }

    static final class Doubles extends CsvColumnSink {
        double[] values;

        Doubles(int capacity) {
            values = new double[Math.max(16, capacity)];
        }

        @Override ColumnType type() { return ColumnType.DOUBLE; }

        @Override
        void grow() {
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length + (values.length >> 1) + 16);
            }
        }

        void add(double v) {
            grow();
            values[size++] = v;
        }
    }

    static final class Booleans extends CsvColumnSink {
        boolean[] values;

        Booleans(int capacity) {
            values = new boolean[Math.max(16, capacity)];
        }

        @Override ColumnType type() { return ColumnType.BOOLEAN; }

        @Override
        void grow() {
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length + (values.length >> 1) + 16);
            }
        }

        void add(boolean v) {
            grow();
            values[size++] = v;
        }
    }

    static final class Strings extends CsvColumnSink {
        int[] codes;
        final ByteDictionary dictionary = new ByteDictionary();

        Strings(int capacity) {
            codes = new int[Math.max(16, capacity)];
        }

        @Override ColumnType type() { return ColumnType.STRING; }

        @Override
        void grow() {
            if (size == codes.length) {
                codes = Arrays.copyOf(codes, codes.length + (codes.length >> 1) + 16);
            }
        }

        void add(byte[] b, int off, int len) {
            grow();
            codes[size++] = dictionary.intern(b, off, len);
        }

        @Override
        void addMissing() {
            super.addMissing();
            codes[size - 1] = -1;
        }
    }
}
