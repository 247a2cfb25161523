package dev.probity.core.io;

import java.nio.charset.StandardCharsets;

/**
 * Number parsing straight from bytes, without creating strings. Accepts what SQL engines accept as
 * numeric text: optional surrounding spaces, a sign, digits, a fraction, an exponent, and for doubles the
 * words {@code nan}, {@code inf}, {@code infinity} in any case. Doubles are correctly rounded: the common
 * short decimals go through Clinger's exact fast path, everything else through {@link Double#parseDouble}.
 */
final class ByteNumbers {
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };

    /** Result of the last successful parse on this instance. */
    long longValue;
    double doubleValue;

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t';
    }

    /** First index in [off, end) that is not a space or tab. */
    private static int skipSpaces(byte[] b, int off, int end) {
        while (off < end && isSpace(b[off])) {
            off++;
        }
        return off;
    }

    /** End of [off, end) without trailing spaces and tabs. */
    private static int trimSpaces(byte[] b, int off, int end) {
        while (end > off && isSpace(b[end - 1])) {
            end--;
        }
        return end;
    }

    /** Parses a 64-bit integer in {@code b[off, end)}; false when it is not one (or overflows). */
    boolean parseLong(byte[] b, int off, int end) {
        if (end - off == 1) {
            int d = b[off] - '0';
            if (d >= 0 && d <= 9) {
                longValue = d;
                return true;
            }
        }
        off = skipSpaces(b, off, end);
        end = trimSpaces(b, off, end);
        if (off >= end) {
            return false;
        }
        boolean neg = false;
        byte c = b[off];
        if (c == '-' || c == '+') {
            neg = c == '-';
            off++;
            if (off >= end) {
                return false;
            }
        }
        int digits = end - off;
        if (digits <= 18) {
            long v = 0;
            for (int i = off; i < end; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    return false;
                }
                v = v * 10 + d;
            }
            longValue = neg ? -v : v;
            return true;
        }
        // Long numbers: accumulate negatively, so that Long.MIN_VALUE fits, and stop on overflow.
        long v = 0;
        for (int i = off; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9 || v < (Long.MIN_VALUE + d) / 10) {
                return false;
            }
            v = v * 10 - d;
        }
        if (!neg && v == Long.MIN_VALUE) {
            return false;
        }
        longValue = neg ? v : -v;
        return true;
    }

    /** Parses a double in {@code b[off, end)}; false when it is not a number. */
    boolean parseDouble(byte[] b, int off, int end) {
        off = skipSpaces(b, off, end);
        end = trimSpaces(b, off, end);
        if (off >= end) {
            return false;
        }
        int i = off;
        boolean neg = false;
        if (b[i] == '-' || b[i] == '+') {
            neg = b[i] == '-';
            i++;
            if (i >= end) {
                return false;
            }
        }
        if (isLetter(b[i])) {
            return parseWord(b, i, end, neg);
        }
        long mant = 0;
        int sig = 0;          // significant digits kept in mant
        int dropped = 0;      // integer digits dropped beyond 18 (scale up)
        int fracDigits = 0;   // fraction digits kept in mant (scale down)
        boolean any = false;
        boolean exact = true;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            any = true;
            if (sig < 18) {
                if (mant != 0 || b[i] != '0') {
                    sig++;
                }
                mant = mant * 10 + (b[i] - '0');
            } else {
                dropped++;
                exact = false;
            }
            i++;
        }
        if (i < end && b[i] == '.') {
            i++;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                any = true;
                if (sig < 18) {
                    if (mant != 0 || b[i] != '0') {
                        sig++;
                    }
                    mant = mant * 10 + (b[i] - '0');
                    fracDigits++;
                } else if (b[i] != '0') {
                    exact = false;
                }
                i++;
            }
        }
        if (!any) {
            return false;
        }
        int exp = 0;
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean eneg = false;
            if (i < end && (b[i] == '-' || b[i] == '+')) {
                eneg = b[i] == '-';
                i++;
            }
            if (i >= end) {
                return false;
            }
            int e = 0;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                if (e < 100000) {
                    e = e * 10 + (b[i] - '0');
                }
                i++;
            }
            exp = eneg ? -e : e;
        }
        if (i != end) {
            return false;
        }
        int e10 = exp + dropped - fracDigits;
        if (exact && mant < (1L << 53) && e10 >= -22 && e10 <= 22) {
            double v = mant;
            v = e10 >= 0 ? v * POW10[e10] : v / POW10[-e10];
            doubleValue = neg ? -v : v;
            return true;
        }
        doubleValue = Double.parseDouble(new String(b, off, end - off, StandardCharsets.US_ASCII));
        return true;
    }

    private static boolean isLetter(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private boolean parseWord(byte[] b, int i, int end, boolean neg) {
        String w = new String(b, i, end - i, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
        switch (w) {
            case "nan" -> doubleValue = Double.NaN;
            case "inf", "infinity" -> doubleValue = neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            default -> {
                return false;
            }
        }
        return true;
    }

    /** 1 for true, 0 for false, -1 for neither; accepts {@code true|false} in any case, surrounding spaces allowed. */
    static int parseBoolean(byte[] b, int off, int end) {
        off = skipSpaces(b, off, end);
        end = trimSpaces(b, off, end);
        int len = end - off;
        if (len == 4 && (b[off] | 0x20) == 't' && (b[off + 1] | 0x20) == 'r' && (b[off + 2] | 0x20) == 'u'
                && (b[off + 3] | 0x20) == 'e') {
            return 1;
        }
        if (len == 5 && (b[off] | 0x20) == 'f' && (b[off + 1] | 0x20) == 'a' && (b[off + 2] | 0x20) == 'l'
                && (b[off + 3] | 0x20) == 's' && (b[off + 4] | 0x20) == 'e') {
            return 0;
        }
        return -1;
    }
}
