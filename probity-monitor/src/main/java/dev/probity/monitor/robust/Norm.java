package dev.probity.monitor.robust;

import dev.probity.core.InputException;

import java.util.Locale;

/** How the size of a change to a row is measured, in standard deviations of each feature (see {@link InputSpace}). */
public enum Norm {
    /** The largest change of any one feature. */
    LINF("linf"),
    /** The Euclidean length of the change. */
    L2("l2"),
    /** The sum of the changes. */
    L1("l1");

    private final String id;

    Norm(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** {@code linf}, {@code l2} or {@code l1} (also {@code inf}). */
    public static Norm parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "linf", "inf", "l-inf", "l_inf" -> LINF;
            case "l2", "2" -> L2;
            case "l1", "1" -> L1;
            default -> throw new InputException("a norm is linf, l2 or l1; got '" + s + "'");
        };
    }

    /** The size of {@code d}, ignoring NaN entries (features a row is missing, which never change). */
    public double of(double[] d, int from, int length) {
        double s = 0;
        for (int j = from; j < from + length; j++) {
            double v = Math.abs(d[j]);
            if (Double.isNaN(v)) {
                continue;
            }
            switch (this) {
                case LINF -> s = Math.max(s, v);
                case L2 -> s += v * v;
                case L1 -> s += v;
            }
        }
        return this == L2 ? Math.sqrt(s) : s;
    }
}
