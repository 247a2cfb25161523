package dev.probity.core.expr;

import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** Text operations; functions of one text value run once per distinct value. */
final class Text {
    private Text() {
    }

    /** Applies {@code f} to each distinct value (NULL stays NULL). */
    static Vec.Str map(Vec.Str s, UnaryOperator<String> f) {
        Compiler.Dict d = new Compiler.Dict();
        int[] remap = new int[s.dictionary.length];
        for (int c = 0; c < remap.length; c++) {
            remap[c] = d.code(f.apply(s.dictionary[c]));
        }
        int[] codes = new int[s.codes.length];
        for (int i = 0; i < codes.length; i++) {
            int c = s.codes[i];
            codes[i] = c < 0 ? -1 : remap[c];
        }
        return new Vec.Str(codes, d.values(), s.scalar);
    }

    /** {@code a || b}: NULL when either is NULL ({@code strict}), or CONCAT's NULL-as-empty. */
    static Vec.Str concat(Vec.Str a, Vec.Str b, int rows, boolean strict) {
        boolean scalar = a.scalar && b.scalar;
        return Compiler.strOf(rows, scalar, i -> {
            String x = a.get(i);
            String y = b.get(i);
            if (strict && (x == null || y == null)) {
                return null;
            }
            return (x == null ? "" : x) + (y == null ? "" : y);
        });
    }

    static Vec.Bool like(Vec.Str value, Vec.Str pattern, boolean ignoreCase, boolean negated, int rows) {
        boolean scalar = value.scalar && pattern.scalar;
        int len = scalar ? 1 : rows;
        byte[] out = new byte[len];
        if (pattern.scalar) {
            String p = pattern.get(0);
            if (p == null) {
                java.util.Arrays.fill(out, Vec.NULL_BOOL);
                return new Vec.Bool(out, scalar);
            }
            Pattern re = Compiler.likePattern(p, ignoreCase);
            byte[] byCode = new byte[value.dictionary.length];
            for (int c = 0; c < byCode.length; c++) {
                byCode[c] = re.matcher(value.dictionary[c]).matches() != negated ? Vec.TRUE : Vec.FALSE;
            }
            for (int i = 0; i < len; i++) {
                int c = value.code(i);
                out[i] = c < 0 ? Vec.NULL_BOOL : byCode[c];
            }
        } else {
            Map<String, Pattern> cache = new HashMap<>();
            for (int i = 0; i < len; i++) {
                String v = value.get(i);
                String p = pattern.get(i);
                if (v == null || p == null) {
                    out[i] = Vec.NULL_BOOL;
                } else {
                    Pattern re = cache.computeIfAbsent(p, k -> Compiler.likePattern(k, ignoreCase));
                    out[i] = re.matcher(v).matches() != negated ? Vec.TRUE : Vec.FALSE;
                }
            }
        }
        return new Vec.Bool(out, scalar);
    }

    /** SQL substring: 1-based start (negative counts from the end), optional length. */
    static String substring(String s, long start, Long length) {
        int n = s.codePointCount(0, s.length());
        long from;
        long to;
        if (start > 0) {
            from = start - 1;
        } else if (start < 0) {
            from = n + start;
        } else {
            from = 0;
        }
        if (length == null) {
            to = n;
        } else if (start == 0) {
            to = length - 1;
        } else {
            to = from + length;
        }
        if (length != null && length < 0) {
            return "";
        }
        from = Math.max(0, Math.min(n, from));
        to = Math.max(from, Math.min(n, to));
        int a = s.offsetByCodePoints(0, (int) from);
        int b = s.offsetByCodePoints(0, (int) to);
        return s.substring(a, b);
    }
}
