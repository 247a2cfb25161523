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

    /**
     * The column as {@link #of} reads it, refusing infinite values: {@code inf}, {@code -inf} and numbers too large
     * for a double ({@code 1e400}) are read as ±∞ by every reader, and no metric, model or explanation means anything
     * with them, so every role refuses them as it refuses NaN — naming the row's line and the column. Missing values
     * stay NaN; the caller decides about those.
     *
     * @param role what the column is for, in the message ("score", "feature")
     */
    public static double[] finite(Frame frame, Column c, String role) {
        return requireFinite(frame, c.name(), of(c), role);
    }

    /** {@code x}, the numbers of column {@code name} of {@code frame}, or the error for its first infinite value. */
    public static double[] requireFinite(Frame frame, String name, double[] x, String role) {
        for (int i = 0; i < x.length; i++) {
            if (Double.isInfinite(x[i])) {
                throw new dev.probity.core.InputException("the " + role + " '" + name + "' is "
                        + (x[i] > 0 ? "+∞" : "−∞") + " on " + frame.origin().describe(i)
                        + " (read from a value such as inf or 1e400); infinite numbers are refused like NaN: fix the value or "
                        + "filter the row out",
                        new dev.probity.core.InputException.Location(frame.source(), 0, 0, name, Double.toString(x[i])));
            }
        }
        return x;
    }

    private static void withMissing(double[] out, Column c) {
        Missing m = c.missing();
        for (int i = m.next(0); i >= 0; i = m.next(i + 1)) {
            out[i] = Double.NaN;
        }
    }
}
