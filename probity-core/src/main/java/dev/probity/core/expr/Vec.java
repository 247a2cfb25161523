package dev.probity.core.expr;

/**
 * A column of intermediate values while an expression is evaluated, or a scalar broadcast to every row.
 * Numbers are doubles (with an "integral" flag when every value is a whole number by type); booleans are
 * bytes with {@link #NULL_BOOL} for SQL NULL; text is dictionary-coded like
 * {@link dev.probity.core.frame.StringColumn}, so text predicates run once per distinct value.
 */
abstract sealed class Vec permits Vec.Num, Vec.Bool, Vec.Str {
    static final byte FALSE = 0;
    static final byte TRUE = 1;
    static final byte NULL_BOOL = 2;

    /** Rows, or 1 for a scalar. */
    final int length;
    final boolean scalar;

    Vec(int length, boolean scalar) {
        this.length = length;
        this.scalar = scalar;
    }

    abstract boolean isNull(int row);

    static final class Num extends Vec {
        final double[] values;
        /** null when no value is NULL. */
        final boolean[] nulls;

        Num(double[] values, boolean[] nulls, boolean scalar) {
            super(values.length, scalar);
            this.values = values;
            this.nulls = nulls;
        }

        static Num scalar(Double v) {
            return v == null ? new Num(new double[] {0}, new boolean[] {true}, true)
                    : new Num(new double[] {v}, null, true);
        }

        double get(int row) {
            return values[scalar ? 0 : row];
        }

        @Override
        boolean isNull(int row) {
            return nulls != null && nulls[scalar ? 0 : row];
        }
    }

    static final class Bool extends Vec {
        final byte[] values;

        Bool(byte[] values, boolean scalar) {
            super(values.length, scalar);
            this.values = values;
        }

        static Bool scalar(Boolean v) {
            return new Bool(new byte[] {v == null ? NULL_BOOL : v ? TRUE : FALSE}, true);
        }

        byte get(int row) {
            return values[scalar ? 0 : row];
        }

        @Override
        boolean isNull(int row) {
            return get(row) == NULL_BOOL;
        }
    }

    static final class Str extends Vec {
        /** -1 for NULL. */
        final int[] codes;
        final String[] dictionary;

        Str(int[] codes, String[] dictionary, boolean scalar) {
            super(codes.length, scalar);
            this.codes = codes;
            this.dictionary = dictionary;
        }

        static Str scalar(String v) {
            return v == null ? new Str(new int[] {-1}, new String[0], true)
                    : new Str(new int[] {0}, new String[] {v}, true);
        }

        int code(int row) {
            return codes[scalar ? 0 : row];
        }

        String get(int row) {
            int c = code(row);
            return c < 0 ? null : dictionary[c];
        }

        @Override
        boolean isNull(int row) {
            return code(row) < 0;
        }
    }
}
