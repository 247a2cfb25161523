package dev.probity.core.model;

import dev.probity.core.InputException;
import dev.probity.core.frame.BooleanColumn;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;

import java.util.TreeSet;

/**
 * The one rule by which Probity turns a label or prediction column into positive/negative: used by the audit,
 * by training ({@link Labels#fromColumn}) and by mitigation, so that the same data and positive value mean the
 * same thing everywhere.
 */
public final class Binarization {
    private Binarization() {
    }

    /**
     * A 0/1 view of a column and the value that was taken as positive ({@code "1"} for 0/1 numbers,
     * {@code "true"}/{@code "false"} for booleans).
     */
    public record Binary(byte[] values, String positive) {}

    /** The number {@code s} spells (after trimming), or null. */
    public static Double parseNumber(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The binary view of a column: booleans as they are ({@code positive} "false" flips them); numbers must be 0/1
     * unless {@code positive} names the positive number (compared numerically, so "1.0" matches 1); text needs a
     * {@code positive} value, which must occur. Every other value counts as negative. {@code role} ("label",
     * "prediction") words the errors, which name the row and list the values seen.
     */
    public static Binary of(Column c, String positive, String role, Frame frame) {
        int n = c.size();
        byte[] out = new byte[n];
        switch (c) {
            case BooleanColumn b -> {
                boolean want = positive == null || !positive.equalsIgnoreCase("false");
                for (int i = 0; i < n; i++) {
                    out[i] = (byte) (b.getBoolean(i) == want ? 1 : 0);
                }
                return new Binary(out, Boolean.toString(want));
            }
            case LongColumn l -> {
                long[] v = l.values();
                if (positive != null) {
                    Double p = parseNumber(positive);
                    if (p == null) {
                        throw new InputException("the " + role + " '" + c.name() + "' is numeric, but the positive value '"
                                + positive + "' is not a number");
                    }
                    boolean found = false;
                    boolean zeroOne = true;
                    for (int i = 0; i < n; i++) {
                        out[i] = (byte) (v[i] == p ? 1 : 0);
                        found |= out[i] == 1;
                        zeroOne &= v[i] == 0 || v[i] == 1;
                    }
                    // a 0/1 column with no 1 (a model that never decides positive) is binary, not a typo in the positive value
                    if (!found && !(zeroOne && (p == 0 || p == 1))) {
                        throw new InputException("the " + role + " '" + c.name() + "' never equals the positive value "
                                + positive + "; its values are " + distinct(c));
                    }
                    return new Binary(out, positive);
                }
                if (!zeroOne(v, out, n)) {
                    for (int i = 0; i < n; i++) {
                        if (v[i] != 0 && v[i] != 1) {
                            throw notBinary(c, role, frame, i);
                        }
                    }
                }
                return new Binary(out, "1");
            }
            case DoubleColumn d -> {
                double[] v = d.values();
                Double p = positive == null ? null : parseNumber(positive);
                if (positive != null && p == null) {
                    throw new InputException("the " + role + " '" + c.name() + "' is numeric, but the positive value '"
                            + positive + "' is not a number");
                }
                for (int i = 0; i < n; i++) {
                    if (Double.isNaN(v[i])) {
                        throw new InputException("the " + role + " '" + c.name() + "' is NaN on " + frame.origin().describe(i));
                    }
                    if (p != null) {
                        out[i] = (byte) (v[i] == p ? 1 : 0);
                    } else if (v[i] == 0 || v[i] == 1) {
                        out[i] = (byte) v[i];
                    } else {
                        throw notBinary(c, role, frame, i);
                    }
                }
                return new Binary(out, p != null ? positive : "1");
            }
            case StringColumn s -> {
                if (positive == null) {
                    String[] dict = s.compact().dictionary();
                    throw new InputException("the " + role + " '" + c.name() + "' holds text (" + preview(dict)
                            + "); say which value is positive (" + (role.equals("label") ? "{{positive}}" : "{{prediction-positive}}")
                            + ")" + (dict.length > 2 ? ", or audit all classes (set {{task}} to multiclass)" : ""));
                }
                int code = s.codeOf(positive);
                if (code < 0) {
                    String[] dict = s.compact().dictionary();
                    String hint = "";
                    for (String v : dict) {
                        if (v.equalsIgnoreCase(positive) || v.strip().equals(positive.strip())) {
                            hint = " (did you mean '" + v + "'?)";
                        }
                    }
                    throw new InputException("the positive value '" + positive + "' does not occur in the " + role + " '"
                            + c.name() + "'" + hint + "; its values are " + preview(dict));
                }
                equalTo(s.codes(), code, out, n);
                return new Binary(out, positive);
            }
        }
    }

    // The hot loops live in small methods of their own: the JIT compiles a small method in a fraction of the time it
    // takes for this whole switch, which matters in a short process on two cores.

    /** Copies 0/1 values into {@code out}; false when some value is neither (branch-free: any other sets a high bit). */
    private static boolean zeroOne(long[] v, byte[] out, int n) {
        long bad = 0;
        for (int i = 0; i < n; i++) {
            long x = v[i];
            bad |= x >>> 1;
            out[i] = (byte) x;
        }
        return bad == 0;
    }

    private static void equalTo(int[] codes, int code, byte[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (codes[i] == code ? 1 : 0);
        }
    }

    private static InputException notBinary(Column c, String role, Frame frame, int row) {
        return new InputException("the " + role + " '" + c.name() + "' is not binary: " + frame.origin().describe(row)
                + " holds " + c.format(row) + ", and its values are " + distinct(c) + ". Say which value is positive ("
                + (role.equals("label") ? "{{positive}}" : "{{prediction-positive}}") + "; the others count as negative)"
                + (role.equals("label") ? ", or set {{task}} to multiclass or regression" : ""));
    }

    private static String distinct(Column c) {
        TreeSet<String> s = new TreeSet<>((a, b) -> {
            Double x = parseNumber(a);
            Double y = parseNumber(b);
            return x != null && y != null ? Double.compare(x, y) : a.compareTo(b);
        });
        for (int i = 0; i < c.size() && s.size() <= 12; i++) {
            if (!c.isMissing(i)) {
                s.add(c.format(i));
            }
        }
        return preview(s.toArray(new String[0]));
    }

    private static String preview(String[] values) {
        int shown = Math.min(values.length, 10);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append('\'').append(values[i]).append('\'');
        }
        if (values.length > shown) {
            sb.append(", …");
        }
        return sb.toString();
    }
}
