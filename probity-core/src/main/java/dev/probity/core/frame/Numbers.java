package dev.probity.core.frame;

/**
 * The one way Probity reads a column as numbers: the audit's scores and weights, training labels, encoders,
 * feature repairs and consistency all use it, so a boolean is 0/1 and a missing row NaN everywhere.
 */
public final class Numbers {
    private Numbers() {
    }

    /** Whether {@link #of} reads the column (numbers and booleans; not text). */
    public static boolean isNumeric(Column c) {
        return !(c instanceof StringColumn);
    }

    /**
     * The column as doubles: numbers as they are, booleans 1 and 0, missing rows NaN. For a double column this is
     * the column's own storage (which already holds NaN where values are missing): read it, do not change it.
     *
     * @throws IllegalArgumentException for a text column; callers say which role needed a number
     */
    public static double[] of(Column c) {
        return switch (c) {
            case DoubleColumn d -> d.values();
            case LongColumn l -> {
                long[] v = l.values();
                double[] out = new double[v.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = v[i];
                }
                withMissing(out, c);
                yield out;
            }
            case BooleanColumn b -> {
                boolean[] v = b.values();
                double[] out = new double[v.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = v[i] ? 1 : 0;
                }
                withMissing(out, c);
                yield out;
            }
            case StringColumn s -> throw new IllegalArgumentException("column '" + s.name() + "' holds text, not numbers");
        };
    }

    private static void withMissing(double[] out, Column c) {
        Missing m = c.missing();
        for (int i = m.next(0); i >= 0; i = m.next(i + 1)) {
            out[i] = Double.NaN;
        }
    }
}
