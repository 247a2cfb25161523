package dev.probity.core.expr;

import java.util.Locale;

/** CAST and the implicit conversions to text. */
final class Casts {
    private Casts() {
    }

    /** A number in SQL text form (surrounding spaces allowed), or null. */
    static Double parseNumber(String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            return null;
        }
        String lower = t.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "nan", "+nan", "-nan" -> {
                return Double.NaN;
            }
            case "inf", "+inf", "infinity", "+infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> { }
        }
        if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            return null;
        }
        return Double.parseDouble(t);
    }

    /** true/false/t/f/yes/no/y/n/1/0 in any case, or null. */
    static Boolean parseBoolean(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "true", "t", "yes", "y", "1" -> Boolean.TRUE;
            case "false", "f", "no", "n", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** Text form of a number as DuckDB prints it: integers without a fraction, reals with at least one digit after the point. */
    static String format(double v, boolean integral) {
        if (integral) {
            return Long.toString((long) v);
        }
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v) + ".0";
        }
        return Double.toString(v);
    }

    static Compiler.Typed toText(Compiler c, Compiler.Typed t) {
        if (t.type() == Type.TEXT) {
            return t;
        }
        if (t.type() == Type.NULL) {
            return c.coerce(t, Type.TEXT, "");
        }
        return cast(c, t, Type.TEXT, false, t.node());
    }

    /** Half away from zero, like DuckDB's CAST of a real to an integer. */
    static double roundHalfAway(double v) {
        return Math.signum(v) * Math.floor(Math.abs(v) + 0.5);
    }

    static Compiler.Typed cast(Compiler c, Compiler.Typed v, Type target, boolean lenient, Node node) {
        Type from = v.type();
        if (from == target) {
            return v;
        }
        if (from == Type.NULL) {
            return c.coerce(v, target, "");
        }
        String what = lenient ? "TRY_CAST" : "CAST";
        return Compiler.Typed.of(target, ctx -> {
            Vec in = v.op().eval(ctx);
            int len = in.scalar ? 1 : ctx.rows;
            switch (target) {
                case TEXT -> {
                    return switch (in) {
                        case Vec.Num n -> Compiler.strOf(ctx.rows, in.scalar,
                                i -> n.isNull(i) ? null : format(n.get(i), from == Type.INTEGER));
                        case Vec.Bool b -> Compiler.strOf(ctx.rows, in.scalar,
                                i -> b.isNull(i) ? null : b.get(i) == Vec.TRUE ? "true" : "false");
                        case Vec.Str s -> s;
                    };
                }
                case BOOLEAN -> {
                    byte[] out = new byte[len];
                    for (int i = 0; i < len; i++) {
                        if (in.isNull(i)) {
                            out[i] = Vec.NULL_BOOL;
                        } else if (in instanceof Vec.Num n) {
                            out[i] = n.get(i) != 0 ? Vec.TRUE : Vec.FALSE;
                        } else {
                            String s = ((Vec.Str) in).get(i);
                            Boolean b = parseBoolean(s);
                            if (b == null && !lenient) {
                                throw Compiler.rowError(ctx, i, what + " cannot read '" + s + "' as a boolean");
                            }
                            out[i] = b == null ? Vec.NULL_BOOL : b ? Vec.TRUE : Vec.FALSE;
                        }
                    }
                    return new Vec.Bool(out, in.scalar);
                }
                default -> {
                    double[] out = new double[len];
                    boolean[] nulls = new boolean[len];
                    boolean any = false;
                    for (int i = 0; i < len; i++) {
                        if (in.isNull(i)) {
                            nulls[i] = true;
                            any = true;
                            continue;
                        }
                        double x;
                        if (in instanceof Vec.Num n) {
                            x = n.get(i);
                        } else if (in instanceof Vec.Bool b) {
                            x = b.get(i) == Vec.TRUE ? 1 : 0;
                        } else {
                            String s = ((Vec.Str) in).get(i);
                            Double d = parseNumber(s);
                            if (d == null) {
                                if (!lenient) {
                                    throw Compiler.rowError(ctx, i, what + " cannot read '" + s + "' as "
                                            + target.describe());
                                }
                                nulls[i] = true;
                                any = true;
                                continue;
                            }
                            x = d;
                        }
                        if (target == Type.INTEGER) {
                            if (Double.isNaN(x) || Double.isInfinite(x) || Math.abs(x) >= 0x1p63) {
                                if (!lenient) {
                                    throw Compiler.rowError(ctx, i, what + ": " + x + " does not fit an integer");
                                }
                                nulls[i] = true;
                                any = true;
                                continue;
                            }
                            x = roundHalfAway(x);
                        }
                        out[i] = x;
                    }
                    return new Vec.Num(out, any ? nulls : null, in.scalar);
                }
            }
        }, node);
    }
}
