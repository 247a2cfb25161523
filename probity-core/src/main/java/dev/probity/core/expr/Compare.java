package dev.probity.core.expr;

/**
 * Comparisons with DuckDB's ordering: numbers by value with NaN equal to itself and above every other
 * number (and -0 equal to 0); text by Unicode code point; false before true. A text column compared with a
 * constant is compared once per distinct value.
 */
final class Compare {
    private Compare() {
    }

    static int numbers(double x, double y) {
        if (x < y) {
            return -1;
        }
        if (x > y) {
            return 1;
        }
        if (x == y) {
            return 0;
        }
        boolean xn = Double.isNaN(x);
        boolean yn = Double.isNaN(y);
        return xn == yn ? 0 : xn ? 1 : -1;
    }

    static int texts(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static boolean test(String op, int c) {
        return switch (op) {
            case "=" -> c == 0;
            case "<>" -> c != 0;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            default -> throw new IllegalStateException(op);
        };
    }

    static Vec.Bool apply(String op, Vec a, Vec b, int rows) {
        boolean scalar = a.scalar && b.scalar;
        int len = scalar ? 1 : rows;
        byte[] out = new byte[len];
        if (a instanceof Vec.Num x && b instanceof Vec.Num y) {
            // Hot path (e.g. decile_score >= 5): one tight loop per operator.
            for (int i = 0; i < len; i++) {
                out[i] = x.isNull(i) || y.isNull(i) ? Vec.NULL_BOOL
                        : test(op, numbers(x.get(i), y.get(i))) ? Vec.TRUE : Vec.FALSE;
            }
        } else if (a instanceof Vec.Str x && b instanceof Vec.Str y) {
            if (!x.scalar && y.scalar) {
                perDistinct(op, x, y.get(0), false, out);
            } else if (x.scalar && !y.scalar) {
                perDistinct(op, y, x.get(0), true, out);
            } else {
                for (int i = 0; i < len; i++) {
                    String s = x.get(i);
                    String t = y.get(i);
                    out[i] = s == null || t == null ? Vec.NULL_BOOL : test(op, texts(s, t)) ? Vec.TRUE : Vec.FALSE;
                }
            }
        } else if (a instanceof Vec.Bool x && b instanceof Vec.Bool y) {
            for (int i = 0; i < len; i++) {
                byte s = x.get(i);
                byte t = y.get(i);
                out[i] = s == Vec.NULL_BOOL || t == Vec.NULL_BOOL ? Vec.NULL_BOOL
                        : test(op, Byte.compare(s, t)) ? Vec.TRUE : Vec.FALSE;
            }
        } else {
            throw new IllegalStateException("comparison of " + a.getClass() + " and " + b.getClass());
        }
        return new Vec.Bool(out, scalar);
    }

    private static void perDistinct(String op, Vec.Str column, String constant, boolean flipped, byte[] out) {
        if (constant == null) {
            java.util.Arrays.fill(out, Vec.NULL_BOOL);
            return;
        }
        String[] dict = column.dictionary;
        byte[] byCode = new byte[dict.length];
        for (int c = 0; c < dict.length; c++) {
            int cmp = texts(dict[c], constant);
            byCode[c] = test(op, flipped ? -cmp : cmp) ? Vec.TRUE : Vec.FALSE;
        }
        int[] codes = column.codes;
        for (int i = 0; i < out.length; i++) {
            int c = codes[i];
            out[i] = c < 0 ? Vec.NULL_BOOL : byCode[c];
        }
    }
}
