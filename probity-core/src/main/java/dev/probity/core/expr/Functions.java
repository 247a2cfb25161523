package dev.probity.core.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * The functions expressions may call (names in any case): numeric {@code abs round floor ceil sqrt ln
 * log10 log exp power sign least greatest}; text {@code lower upper trim ltrim rtrim length substr concat
 * contains starts_with ends_with}; general {@code coalesce nullif}.
 */
final class Functions {
    private Functions() {
    }

    static final List<String> NAMES = List.of("abs", "round", "floor", "ceil", "ceiling", "sqrt", "ln", "log10", "log",
            "exp", "power", "pow", "sign", "least", "greatest", "lower", "upper", "trim", "ltrim", "rtrim", "length",
            "substr", "substring", "concat", "contains", "starts_with", "ends_with", "coalesce", "nullif");

    static Compiler.Typed call(Compiler c, Node.Call call) {
        String f = call.function();
        List<Compiler.Typed> args = new ArrayList<>();
        for (Node a : call.args()) {
            args.add(c.compile(a));
        }
        switch (f) {
            case "abs" -> {
                arity(c, call, args, 1, 1);
                Compiler.Typed x = numeric(c, call, args.get(0));
                return unaryNum(x, x.type(), Math::abs, call);
            }
            case "sqrt" -> {
                return unaryNum(numeric1(c, call, args), Type.REAL, Math::sqrt, call);
            }
            case "ln" -> {
                return unaryNum(numeric1(c, call, args), Type.REAL, Math::log, call);
            }
            case "log10", "log" -> {
                return unaryNum(numeric1(c, call, args), Type.REAL, Math::log10, call);
            }
            case "exp" -> {
                return unaryNum(numeric1(c, call, args), Type.REAL, Math::exp, call);
            }
            case "floor" -> {
                Compiler.Typed x = numeric1(c, call, args);
                return unaryNum(x, x.type(), Math::floor, call);
            }
            case "ceil", "ceiling" -> {
                Compiler.Typed x = numeric1(c, call, args);
                return unaryNum(x, x.type(), Math::ceil, call);
            }
            case "sign" -> {
                return unaryNum(numeric1(c, call, args), Type.INTEGER, v -> Double.isNaN(v) ? 0 : Math.signum(v), call);
            }
            case "round" -> {
                arity(c, call, args, 1, 2);
                Compiler.Typed x = numeric(c, call, args.get(0));
                int digits = 0;
                if (args.size() == 2) {
                    if (!(args.get(1).isLiteral() && args.get(1).literal() instanceof Long d)) {
                        throw c.error(call.args().get(1), "round's second argument must be a whole number of digits");
                    }
                    digits = (int) (long) d;
                }
                if (x.type() == Type.INTEGER) {
                    return x;
                }
                double p = Math.pow(10, digits);
                return unaryNum(x, Type.REAL, v -> Math.signum(v) * Math.floor(Math.abs(v) * p + 0.5) / p, call);
            }
            case "power", "pow" -> {
                arity(c, call, args, 2, 2);
                Compiler.Typed x = c.coerce(numeric(c, call, args.get(0)), Type.REAL, "in " + f);
                Compiler.Typed y = c.coerce(numeric(c, call, args.get(1)), Type.REAL, "in " + f);
                return Compiler.Typed.of(Type.REAL, ctx -> {
                    Vec.Num a = (Vec.Num) x.op().eval(ctx);
                    Vec.Num b = (Vec.Num) y.op().eval(ctx);
                    boolean scalar = a.scalar && b.scalar;
                    int len = scalar ? 1 : ctx.rows;
                    double[] out = new double[len];
                    for (int i = 0; i < len; i++) {
                        out[i] = Math.pow(a.get(i), b.get(i));
                    }
                    return new Vec.Num(out, Arith.nulls(a, b, len), scalar);
                }, call);
            }
            case "least", "greatest" -> {
                arity(c, call, args, 1, Integer.MAX_VALUE);
                return extreme(c, call, args, f.equals("greatest"));
            }
            case "coalesce" -> {
                arity(c, call, args, 1, Integer.MAX_VALUE);
                Type t = c.join(args, "in coalesce");
                Type out = t == Type.NULL ? Type.INTEGER : t;
                List<Compiler.Typed> xs = args.stream().map(a -> c.coerce(a, out, "in coalesce")).toList();
                return Compiler.Typed.of(out, ctx -> {
                    Vec[] vs = xs.stream().map(x -> x.op().eval(ctx)).toArray(Vec[]::new);
                    int[] pick = new int[ctx.rows];
                    for (int r = 0; r < ctx.rows; r++) {
                        int k = vs.length - 1;
                        for (int j = 0; j < vs.length; j++) {
                            if (!vs[j].isNull(r)) {
                                k = j;
                                break;
                            }
                        }
                        pick[r] = k;
                    }
                    return Select.pick(out, vs, pick, ctx.rows);
                }, call);
            }
            case "nullif" -> {
                arity(c, call, args, 2, 2);
                Compiler.Typed a = args.get(0);
                Node eq = new Node.Binary("=", call.args().get(0), call.args().get(1), call.pos());
                Compiler.Typed same = c.compile(eq);
                Type out = a.type() == Type.NULL ? Type.INTEGER : a.type();
                Compiler.Typed x = c.coerce(a, out, "in nullif");
                Vec nul = Compiler.nullScalar(out);
                return Compiler.Typed.of(out, ctx -> {
                    Vec.Bool s = (Vec.Bool) same.op().eval(ctx);
                    Vec v = x.op().eval(ctx);
                    int[] pick = new int[ctx.rows];
                    for (int r = 0; r < ctx.rows; r++) {
                        pick[r] = s.get(r) == Vec.TRUE ? 1 : 0;
                    }
                    return Select.pick(out, new Vec[] {v, nul}, pick, ctx.rows);
                }, call);
            }
            case "lower" -> {
                return textMap(c, call, args, s -> s.toLowerCase(Locale.ROOT));
            }
            case "upper" -> {
                return textMap(c, call, args, s -> s.toUpperCase(Locale.ROOT));
            }
            case "trim" -> {
                return textMap(c, call, args, s -> s.strip());
            }
            case "ltrim" -> {
                return textMap(c, call, args, String::stripLeading);
            }
            case "rtrim" -> {
                return textMap(c, call, args, String::stripTrailing);
            }
            case "length" -> {
                arity(c, call, args, 1, 1);
                Compiler.Typed x = c.coerce(args.get(0), Type.TEXT, "in length");
                return Compiler.Typed.of(Type.INTEGER, ctx -> {
                    Vec.Str s = (Vec.Str) x.op().eval(ctx);
                    double[] byCode = new double[s.dictionary.length];
                    for (int k = 0; k < byCode.length; k++) {
                        byCode[k] = s.dictionary[k].codePointCount(0, s.dictionary[k].length());
                    }
                    double[] out = new double[s.codes.length];
                    boolean[] nulls = null;
                    for (int i = 0; i < out.length; i++) {
                        int k = s.codes[i];
                        if (k < 0) {
                            if (nulls == null) {
                                nulls = new boolean[out.length];
                            }
                            nulls[i] = true;
                        } else {
                            out[i] = byCode[k];
                        }
                    }
                    return new Vec.Num(out, nulls, s.scalar);
                }, call);
            }
            case "substr", "substring" -> {
                arity(c, call, args, 2, 3);
                Compiler.Typed s = c.coerce(args.get(0), Type.TEXT, "in " + f);
                Compiler.Typed st = c.coerce(args.get(1), Type.INTEGER, "as the start of " + f);
                Compiler.Typed ln = args.size() == 3 ? c.coerce(args.get(2), Type.INTEGER, "as the length of " + f) : null;
                return Compiler.Typed.of(Type.TEXT, ctx -> {
                    Vec.Str sv = (Vec.Str) s.op().eval(ctx);
                    Vec.Num a = (Vec.Num) st.op().eval(ctx);
                    Vec.Num b = ln == null ? null : (Vec.Num) ln.op().eval(ctx);
                    boolean scalar = sv.scalar && a.scalar && (b == null || b.scalar);
                    return Compiler.strOf(ctx.rows, scalar, i -> {
                        String v = sv.get(i);
                        if (v == null || a.isNull(i) || (b != null && b.isNull(i))) {
                            return null;
                        }
                        return Text.substring(v, (long) a.get(i), b == null ? null : (long) b.get(i));
                    });
                }, call);
            }
            case "concat" -> {
                arity(c, call, args, 1, Integer.MAX_VALUE);
                List<Compiler.Typed> xs = args.stream().map(a -> Casts.toText(c, a)).toList();
                return Compiler.Typed.of(Type.TEXT, ctx -> {
                    Vec.Str acc = (Vec.Str) xs.get(0).op().eval(ctx);
                    acc = Text.concat(acc, Vec.Str.scalar(""), ctx.rows, false);
                    for (int j = 1; j < xs.size(); j++) {
                        acc = Text.concat(acc, (Vec.Str) xs.get(j).op().eval(ctx), ctx.rows, false);
                    }
                    return acc;
                }, call);
            }
            case "contains", "starts_with", "ends_with" -> {
                arity(c, call, args, 2, 2);
                Compiler.Typed s = c.coerce(args.get(0), Type.TEXT, "in " + f);
                Compiler.Typed t = c.coerce(args.get(1), Type.TEXT, "in " + f);
                return Compiler.Typed.of(Type.BOOLEAN, ctx -> {
                    Vec.Str a = (Vec.Str) s.op().eval(ctx);
                    Vec.Str b = (Vec.Str) t.op().eval(ctx);
                    boolean scalar = a.scalar && b.scalar;
                    int len = scalar ? 1 : ctx.rows;
                    byte[] out = new byte[len];
                    for (int i = 0; i < len; i++) {
                        String x = a.get(i);
                        String y = b.get(i);
                        if (x == null || y == null) {
                            out[i] = Vec.NULL_BOOL;
                        } else {
                            boolean r = switch (f) {
                                case "contains" -> x.contains(y);
                                case "starts_with" -> x.startsWith(y);
                                default -> x.endsWith(y);
                            };
                            out[i] = r ? Vec.TRUE : Vec.FALSE;
                        }
                    }
                    return new Vec.Bool(out, scalar);
                }, call);
            }
            default -> throw c.error(call, "unknown function '" + f + "'; available: " + String.join(", ", NAMES));
        }
    }

    private static void arity(Compiler c, Node.Call call, List<?> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            String want = min == max ? String.valueOf(min) : max == Integer.MAX_VALUE ? "at least " + min : min + " or " + max;
            throw c.error(call, call.function() + " takes " + want + " argument" + (want.equals("1") ? "" : "s")
                    + ", not " + args.size());
        }
    }

    private static Compiler.Typed numeric(Compiler c, Node.Call call, Compiler.Typed x) {
        if (x.type() == Type.NULL) {
            return c.coerce(x, Type.REAL, "in " + call.function());
        }
        if (!x.type().isNumeric()) {
            if (x.isLiteral() && x.type() == Type.TEXT) {
                return c.coerce(x, Type.REAL, "in " + call.function());
            }
            throw c.error(call, call.function() + " needs a number, but " + c.describe(x) + " is " + x.type().describe());
        }
        return x;
    }

    private static Compiler.Typed numeric1(Compiler c, Node.Call call, List<Compiler.Typed> args) {
        arity(c, call, args, 1, 1);
        return numeric(c, call, args.get(0));
    }

    private static Compiler.Typed unaryNum(Compiler.Typed x, Type out, DoubleUnaryOperator f, Node n) {
        return Compiler.Typed.of(out, ctx -> {
            Vec.Num a = (Vec.Num) x.op().eval(ctx);
            double[] r = new double[a.values.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = f.applyAsDouble(a.values[i]);
            }
            return new Vec.Num(r, a.nulls, a.scalar);
        }, n);
    }

    private static Compiler.Typed textMap(Compiler c, Node.Call call, List<Compiler.Typed> args,
                                          java.util.function.UnaryOperator<String> f) {
        arity(c, call, args, 1, 1);
        Compiler.Typed x = c.coerce(args.get(0), Type.TEXT, "in " + call.function());
        return Compiler.Typed.of(Type.TEXT, ctx -> Text.map((Vec.Str) x.op().eval(ctx), f), call);
    }

    private static Compiler.Typed extreme(Compiler c, Node.Call call, List<Compiler.Typed> args, boolean greatest) {
        Type t = c.join(args, "in " + call.function());
        Type out = t == Type.NULL ? Type.INTEGER : t;
        List<Compiler.Typed> xs = args.stream().map(a -> c.coerce(a, out, "in " + call.function())).toList();
        return Compiler.Typed.of(out, ctx -> {
            Vec[] vs = xs.stream().map(x -> x.op().eval(ctx)).toArray(Vec[]::new);
            int[] pick = new int[ctx.rows];
            for (int r = 0; r < ctx.rows; r++) {
                int best = -1;
                for (int j = 0; j < vs.length; j++) {
                    if (vs[j].isNull(r)) {
                        continue;
                    }
                    if (best < 0) {
                        best = j;
                        continue;
                    }
                    int cmp = switch (vs[j]) {
                        case Vec.Num n -> Compare.numbers(n.get(r), ((Vec.Num) vs[best]).get(r));
                        case Vec.Str s -> Compare.texts(s.get(r), ((Vec.Str) vs[best]).get(r));
                        case Vec.Bool b -> Byte.compare(b.get(r), ((Vec.Bool) vs[best]).get(r));
                    };
                    if (greatest ? cmp > 0 : cmp < 0) {
                        best = j;
                    }
                }
                pick[r] = best < 0 ? 0 : best;
            }
            return Select.pick(out, vs, pick, ctx.rows);
        }, call);
    }
}
