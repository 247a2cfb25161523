package dev.probity.core.io;

import dev.probity.core.frame.ColumnType;

import java.util.BitSet;

/**
 * One column of one CSV chunk, written straight into the column's final array at the chunk's offset. A
 * chunk's rows are bounded by its line breaks (one record needs at least one), so the reader sizes the
 * final arrays before parsing and no per-chunk copy is ever made; gaps left by blank lines or multi-line
 * records are closed afterwards. Final subclasses per type keep the parser's calls monomorphic.
 */
abstract sealed class CsvColumnSink permits CsvColumnSink.Longs, CsvColumnSink.Doubles, CsvColumnSink.Booleans,
        CsvColumnSink.Strings {
    /** Index of this chunk's first row in the shared array. */
    final int base;
    /** Rows this chunk may write. */
    final int limit;
    int size;
    /** Missing rows, indexed from {@link #base}. */
    BitSet missing;

    CsvColumnSink(int base, int limit) {
        this.base = base;
        this.limit = limit;
    }

    abstract ColumnType type();

    final void room() {
        if (size == limit) {
            throw new IllegalStateException("more records than line breaks in a CSV chunk");
        }
    }

    void addMissing() {
        room();
        if (missing == null) {
            missing = new BitSet();
        }
        missing.set(size);
        size++;
    }

    /** Shared storage for one column of every chunk. */
    static Object storage(ColumnType t, int rows) {
        return switch (t) {
            case LONG -> new long[rows];
            case DOUBLE -> new double[rows];
            case BOOLEAN -> new boolean[rows];
            case STRING -> new int[rows];
        };
    }

    /**
     * Whether {@code old}, a previous chunk's array, can hold a column of type {@code t} of exactly {@code rows} rows
     * (every row is written again, missing ones included, so nothing of the old chunk remains).
     */
    static boolean fits(Object old, ColumnType t, int rows) {
        return switch (t) {
            case LONG -> old instanceof long[] a && a.length == rows;
            case DOUBLE -> old instanceof double[] a && a.length == rows;
            case BOOLEAN -> old instanceof boolean[] a && a.length == rows;
            case STRING -> old instanceof int[] a && a.length == rows;
        };
    }

    static CsvColumnSink of(ColumnType t, Object storage, int base, int limit) {
        return switch (t) {
            case LONG -> new Longs((long[]) storage, base, limit);
            case DOUBLE -> new Doubles((double[]) storage, base, limit);
            case BOOLEAN -> new Booleans((boolean[]) storage, base, limit);
            case STRING -> new Strings((int[]) storage, base, limit);
        };
    }

    static final class Longs extends CsvColumnSink {
        final long[] values;

        Longs(long[] values, int base, int limit) {
            super(base, limit);
            this.values = values;
        }

        @Override ColumnType type() { return ColumnType.LONG; }

        void add(long v) {
            room();
            values[base + size++] = v;
        }

        @Override
        void addMissing() {
            values[base + size] = 0; // the array may be a previous chunk's
            super.addMissing();
        }
    }

    static final class Doubles extends CsvColumnSink {
        final double[] values;

        Doubles(double[] values, int base, int limit) {
            super(base, limit);
            this.values = values;
        }

        @Override ColumnType type() { return ColumnType.DOUBLE; }

        void add(double v) {
            room();
            values[base + size++] = v;
        }

        @Override
        void addMissing() {
            values[base + size] = Double.NaN;
            super.addMissing();
        }
    }

    static final class Booleans extends CsvColumnSink {
        final boolean[] values;

        Booleans(boolean[] values, int base, int limit) {
            super(base, limit);
            this.values = values;
        }

        @Override ColumnType type() { return ColumnType.BOOLEAN; }

        void add(boolean v) {
            room();
            values[base + size++] = v;
        }

        @Override
        void addMissing() {
            values[base + size] = false; // the array may be a previous chunk's
            super.addMissing();
        }
    }

    /** Codes are the chunk's own dictionary codes until the reader maps them to the column's dictionary. */
    static final class Strings extends CsvColumnSink {
        final int[] codes;
        final ByteDictionary dictionary = new ByteDictionary();

        Strings(int[] codes, int base, int limit) {
            super(base, limit);
            this.codes = codes;
        }

        @Override ColumnType type() { return ColumnType.STRING; }

        void add(byte[] b, int off, int len) {
            room();
            codes[base + size++] = dictionary.intern(b, off, len);
        }

        /** Adds a value whose bytes the caller packed into {@code packed} while scanning it (used when len ≤ 8). */
        void add(byte[] b, int off, int len, long packed) {
            room();
            codes[base + size++] = len <= 8 ? dictionary.internShort(b, off, len, packed) : dictionary.intern(b, off, len);
        }

        @Override
        void addMissing() {
            codes[base + size] = -1;
            super.addMissing();
        }
    }
}
