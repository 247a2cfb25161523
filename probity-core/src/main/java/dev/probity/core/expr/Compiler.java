package dev.probity.core.expr;

import dev.probity.core.InputException;
import dev.probity.core.frame.BooleanColumn;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.RowOrigin;
import dev.probity.core.frame.StringColumn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * Types a syntax tree against a frame's columns and turns it into vectorized operations. Coercions follow
 * DuckDB where it matters to users: a text literal compared with a number is read as a number; integer
 * arithmetic stays integral except {@code /}, which always divides exactly; {@code /} by zero gives
 * ±Infinity or NaN, while {@code //} and {@code %} by zero are errors; NULL propagates through every
 * operator except AND/OR (three-valued logic), IS NULL, COALESCE and CONCAT.
 */
final class Compiler {
    /** Evaluation context: the frame and a cache of converted columns. */
    static final class Ctx {
        final Frame frame;
        final int rows;
        final RowOrigin origin;
        final Map<String, Vec> columns = new HashMap<>();

        Ctx(Frame frame) {
            this.frame = frame;
            this.rows = frame.rowCount();
            this.origin = frame.origin();
        }
    }

    @FunctionalInterface
    interface Op {
        Vec eval(Ctx ctx);
    }

    /** A typed, compiled sub-expression; {@code literal} holds the value of a literal, else null. */
    record Typed(Type type, Op op, Node node, boolean isLiteral, Object literal) {
        static Typed of(Type type, Op op, Node node) {
            return new Typed(type, op, node, false, null);
        }
    }

    private final String text;
    private final Frame schema;
    final List<String> columnsUsed = new ArrayList<>();

    Compiler(String text, Frame schema) {
        this.text = text;
        this.schema = schema;
    }

    ExpressionException error(Node n, String msg) {
        return new ExpressionException(text, n.pos(), msg);
    }

    Typed compile(Node n) {
        return switch (n) {
            case Node.Literal l -> literal(l);
            case Node.Ident id -> ident(id);
            case Node.Unary u -> unary(u);
            case Node.Binary b -> binary(b);
            case Node.Between b -> {
                Node ge = new Node.Binary(">=", b.value(), b.low(), b.pos());
                Node le = new Node.Binary("<=", b.value(), b.high(), b.pos());
                Node both = new Node.Binary("AND", ge, le, b.pos());
                yield compile(b.negated() ? new Node.Unary("NOT", both, b.pos()) : both);
            }
            case Node.In in -> {
                Node any = null;
                for (Node item : in.list()) {
                    Node eq = new Node.Binary("=", in.value(), item, item.pos());
                    any = any == null ? eq : new Node.Binary("OR", any, eq, in.pos());
                }
                yield compile(in.negated() ? new Node.Unary("NOT", any, in.pos()) : any);
            }
            case Node.IsNull isNull -> isNull(isNull);
            case Node.Like like -> like(like);
            case Node.Call call -> Functions.call(this, call);
            case Node.Case c -> caseWhen(c);
            case Node.Cast c -> cast(c);
        };
    }

    // ---------------------------------------------------------------- leaves

    private Typed literal(Node.Literal l) {
        Object v = l.value();
        if (v == null) {
            return new Typed(Type.NULL, ctx -> Vec.Num.scalar(null), l, true, null);
        }
        if (v instanceof Long x) {
            Vec.Num s = Vec.Num.scalar((double) x);
            return new Typed(Type.INTEGER, ctx -> s, l, true, x);
        }
        if (v instanceof Double x) {
            Vec.Num s = Vec.Num.scalar(x);
            return new Typed(Type.REAL, ctx -> s, l, true, x);
        }
        if (v instanceof Boolean x) {
            Vec.Bool s = Vec.Bool.scalar(x);
            return new Typed(Type.BOOLEAN, ctx -> s, l, true, x);
        }
        String s = (String) v;
        Vec.Str sv = Vec.Str.scalar(s);
        return new Typed(Type.TEXT, ctx -> sv, l, true, s);
    }

    private Typed ident(Node.Ident id) {
        String actual = schema.resolve(id.name());
        if (actual == null) {
            throw error(id, schema.unknownColumnMessage(id.name()));
        }
        if (!columnsUsed.contains(actual)) {
            columnsUsed.add(actual);
        }
        Column c = schema.column(actual);
        Type t = switch (c.type()) {
            case LONG -> Type.INTEGER;
            case DOUBLE -> Type.REAL;
            case BOOLEAN -> Type.BOOLEAN;
            case STRING -> Type.TEXT;
        };
        return Typed.of(t, ctx -> ctx.columns.computeIfAbsent(actual, k -> load(ctx.frame.column(k))), id);
    }

    static Vec load(Column c) {
        int n = c.size();
        switch (c) {
            case LongColumn l -> {
                double[] v = new double[n];
                long[] src = l.values();
                for (int i = 0; i < n; i++) {
                    v[i] = src[i];
                }
                return new Vec.Num(v, nullsOf(c), false);
            }
            case DoubleColumn d -> {
                return new Vec.Num(d.values(), nullsOf(c), false);
            }
            case BooleanColumn b -> {
                byte[] v = new byte[n];
                boolean[] src = b.values();
                for (int i = 0; i < n; i++) {
                    v[i] = c.isMissing(i) ? Vec.NULL_BOOL : src[i] ? Vec.TRUE : Vec.FALSE;
                }
                return new Vec.Bool(v, false);
            }
            case StringColumn s -> {
                return new Vec.Str(s.codes(), s.dictionary(), false);
            }
        }
    }

    private static boolean[] nullsOf(Column c) {
        if (!c.missing().any()) {
            return null;
        }
        boolean[] out = new boolean[c.size()];
        for (int i = c.missing().next(0); i >= 0; i = c.missing().next(i + 1)) {
            out[i] = true;
        }
        return out;
    }

    // ---------------------------------------------------------------- coercion

    /** Converts to {@code target} where SQL would do so implicitly; fails with a message otherwise. */
    Typed coerce(Typed t, Type target, String context) {
        if (t.type() == target) {
            return t;
        }
        if (t.type() == Type.NULL) {
            Vec nul = nullScalar(target);
            return new Typed(target, ctx -> nul, t.node(), true, null);
        }
        if (t.type() == Type.INTEGER && target == Type.REAL) {
            return Typed.of(Type.REAL, t.op(), t.node());
        }
        if (t.isLiteral() && t.type() == Type.TEXT) {
            String s = (String) t.literal();
            if (target.isNumeric()) {
                Double d = Casts.parseNumber(s);
                if (d == null || (target == Type.INTEGER && d != Math.rint(d))) {
                    throw error(t.node(), "cannot use the text '" + s + "' as " + target.describe() + " " + context);
                }
                Vec.Num v = Vec.Num.scalar(d);
                return new Typed(target, ctx -> v, t.node(), true, d);
            }
            if (target == Type.BOOLEAN) {
                Boolean b = Casts.parseBoolean(s);
                if (b == null) {
                    throw error(t.node(), "cannot use the text '" + s + "' as a boolean " + context);
                }
                Vec.Bool v = Vec.Bool.scalar(b);
                return new Typed(target, ctx -> v, t.node(), true, b);
            }
        }
        throw error(t.node(), "expected " + target.describe() + " " + context + " but "
                + describe(t) + " is " + t.type().describe());
    }

    String describe(Typed t) {
        Node n = t.node();
        if (n instanceof Node.Ident id) {
            return "column '" + id.name() + "'";
        }
        if (n instanceof Node.Literal l) {
            return l.value() instanceof String s ? "'" + s + "'" : String.valueOf(l.value());
        }
        int end = Math.min(text.length(), n.pos() + 30);
        return "'" + text.substring(n.pos(), end).strip() + (end < text.length() ? "…" : "") + "'";
    }

    static Vec nullScalar(Type t) {
        return switch (t) {
            case BOOLEAN -> Vec.Bool.scalar(null);
            case TEXT -> Vec.Str.scalar(null);
            default -> Vec.Num.scalar(null);
        };
    }

    /** The common type of several values (CASE branches, COALESCE arguments, ...). */
    Type join(List<Typed> items, String context) {
        Type out = Type.NULL;
        for (Typed t : items) {
            Type u = t.type();
            if (u == Type.NULL || u == out) {
                continue;
            }
            if (out == Type.NULL) {
                out = u;
            } else if (out.isNumeric() && u.isNumeric()) {
                out = Type.REAL;
            } else if (t.isLiteral() && u == Type.TEXT && out != Type.TEXT) {
                continue; // a text literal among numbers or booleans is coerced below
            } else if (out == Type.TEXT && items.stream().filter(x -> x.type() == Type.TEXT).allMatch(Typed::isLiteral)
                    && u != Type.TEXT) {
                out = u;
            } else {
                throw error(t.node(), "cannot mix " + out.describe() + " and " + u.describe() + " " + context);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- operators

    private Typed unary(Node.Unary u) {
        Typed a = compile(u.arg());
        if (u.op().equals("NOT")) {
            Typed b = coerce(a, Type.BOOLEAN, "after NOT");
            return Typed.of(Type.BOOLEAN, ctx -> Logic.not((Vec.Bool) b.op().eval(ctx)), u);
        }
        Type t = a.type() == Type.NULL ? Type.INTEGER : a.type();
        if (!t.isNumeric()) {
            throw error(u, "cannot negate " + describe(a) + ", which is " + a.type().describe());
        }
        Typed x = coerce(a, t, "after -");
        return Typed.of(t, ctx -> Arith.negate((Vec.Num) x.op().eval(ctx)), u);
    }

    private Typed binary(Node.Binary b) {
        String op = b.op();
        Typed l = compile(b.left());
        Typed r = compile(b.right());
        switch (op) {
            case "AND", "OR" -> {
                Typed x = coerce(l, Type.BOOLEAN, "on the left of " + op);
                Typed y = coerce(r, Type.BOOLEAN, "on the right of " + op);
                boolean and = op.equals("AND");
                return Typed.of(Type.BOOLEAN, ctx -> Logic.andOr((Vec.Bool) x.op().eval(ctx), (Vec.Bool) y.op().eval(ctx),
                        and, ctx.rows), b);
            }
            case "||" -> {
                Typed x = Casts.toText(this, l);
                Typed y = Casts.toText(this, r);
                return Typed.of(Type.TEXT, ctx -> Text.concat((Vec.Str) x.op().eval(ctx), (Vec.Str) y.op().eval(ctx),
                        ctx.rows, true), b);
            }
            case "+", "-", "*", "/", "//", "%" -> {
                Type lt = numericType(l, op);
                Type rt = numericType(r, op);
                Typed x = coerce(l, lt, "on the left of " + op);
                Typed y = coerce(r, rt, "on the right of " + op);
                Type out = op.equals("/") ? Type.REAL
                        : (x.type() == Type.INTEGER && y.type() == Type.INTEGER ? Type.INTEGER : Type.REAL);
                return Typed.of(out, ctx -> Arith.apply(op, (Vec.Num) x.op().eval(ctx), (Vec.Num) y.op().eval(ctx),
                        ctx, out == Type.INTEGER), b);
            }
            default -> {
                return comparison(op, l, r, b);
            }
        }
    }

    /** The operand's numeric type; NULL and text literals become reals (a text literal must then parse). */
    private Type numericType(Typed t, String op) {
        if (t.type().isNumeric()) {
            return t.type();
        }
        if (t.type() == Type.NULL || (t.isLiteral() && t.type() == Type.TEXT)) {
            return Type.REAL;
        }
        throw error(t.node(), "arithmetic (" + op + ") needs numbers, but " + describe(t) + " is " + t.type().describe());
    }

    private Typed comparison(String op, Typed l, Typed r, Node n) {
        Type target;
        if (l.type() == Type.NULL && r.type() == Type.NULL) {
            target = Type.INTEGER;
        } else if (l.type() == Type.NULL) {
            target = r.type();
        } else if (r.type() == Type.NULL) {
            target = l.type();
        } else if (l.type().isNumeric() && r.type().isNumeric()) {
            target = Type.REAL;
        } else if (l.type() == r.type()) {
            target = l.type();
        } else if (l.type() == Type.TEXT && l.isLiteral()) {
            target = r.type() == Type.INTEGER ? Type.REAL : r.type();
        } else if (r.type() == Type.TEXT && r.isLiteral()) {
            target = l.type() == Type.INTEGER ? Type.REAL : l.type();
        } else {
            String hint = "";
            if (r.isLiteral() && l.type() == Type.TEXT) {
                hint = "; to compare with text, quote the value: '" + r.literal() + "'";
            } else if (l.isLiteral() && r.type() == Type.TEXT) {
                hint = "; to compare with text, quote the value: '" + l.literal() + "'";
            }
            throw error(n, "cannot compare " + describe(l) + " (" + l.type().describe() + ") with " + describe(r)
                    + " (" + r.type().describe() + ")" + hint);
        }
        Type t = target == Type.INTEGER ? Type.REAL : target;
        Typed x = coerce(l, t, "in a comparison");
        Typed y = coerce(r, t, "in a comparison");
        return Typed.of(Type.BOOLEAN, ctx -> Compare.apply(op, x.op().eval(ctx), y.op().eval(ctx), ctx.rows), n);
    }

    private Typed isNull(Node.IsNull n) {
        Typed a = compile(n.value());
        boolean negated = n.negated();
        return Typed.of(Type.BOOLEAN, ctx -> {
            Vec v = a.op().eval(ctx);
            int len = v.scalar ? 1 : ctx.rows;
            byte[] out = new byte[len];
            for (int i = 0; i < len; i++) {
                out[i] = v.isNull(i) != negated ? Vec.TRUE : Vec.FALSE;
            }
            return new Vec.Bool(out, v.scalar);
        }, n);
    }

    private Typed like(Node.Like n) {
        Typed v = coerce(compile(n.value()), Type.TEXT, "before LIKE");
        Typed p = coerce(compile(n.pattern()), Type.TEXT, "as a LIKE pattern");
        boolean ci = n.ignoreCase();
        boolean negated = n.negated();
        return Typed.of(Type.BOOLEAN, ctx -> Text.like((Vec.Str) v.op().eval(ctx), (Vec.Str) p.op().eval(ctx), ci,
                negated, ctx.rows), n);
    }

    private Typed caseWhen(Node.Case c) {
        List<Typed> conds = new ArrayList<>();
        for (Node w : c.whens()) {
            if (c.operand() != null) {
                conds.add(compile(new Node.Binary("=", c.operand(), w, w.pos())));
            } else {
                conds.add(coerce(compile(w), Type.BOOLEAN, "after WHEN"));
            }
        }
        List<Typed> values = new ArrayList<>();
        for (Node t : c.thens()) {
            values.add(compile(t));
        }
        values.add(c.otherwise() == null ? compile(new Node.Literal(null, c.pos())) : compile(c.otherwise()));
        Type t = join(values, "in the branches of CASE");
        if (t == Type.NULL) {
            t = Type.INTEGER;
        }
        Type out = t;
        List<Typed> vs = new ArrayList<>();
        for (Typed v : values) {
            vs.add(coerce(v, out, "in a CASE branch"));
        }
        return Typed.of(out, ctx -> {
            Vec.Bool[] cv = new Vec.Bool[conds.size()];
            for (int i = 0; i < cv.length; i++) {
                cv[i] = (Vec.Bool) conds.get(i).op().eval(ctx);
            }
            Vec[] vv = new Vec[vs.size()];
            for (int i = 0; i < vv.length; i++) {
                vv[i] = vs.get(i).op().eval(ctx);
            }
            int[] pick = new int[ctx.rows];
            for (int r = 0; r < ctx.rows; r++) {
                int k = cv.length;
                for (int i = 0; i < cv.length; i++) {
                    if (cv[i].get(r) == Vec.TRUE) {
                        k = i;
                        break;
                    }
                }
                pick[r] = k;
            }
            return Select.pick(out, vv, pick, ctx.rows);
        }, c);
    }

    private Typed cast(Node.Cast c) {
        Typed v = compile(c.value());
        Type target = switch (c.type().toLowerCase(Locale.ROOT)) {
            case "double", "float", "real", "float8", "float4", "numeric", "decimal" -> Type.REAL;
            case "bigint", "integer", "int", "int8", "int4", "smallint", "long", "tinyint" -> Type.INTEGER;
            case "varchar", "text", "string", "char" -> Type.TEXT;
            case "boolean", "bool" -> Type.BOOLEAN;
            default -> throw error(c, "unknown type '" + c.type() + "' (use DOUBLE, BIGINT, VARCHAR or BOOLEAN)");
        };
        return Casts.cast(this, v, target, c.lenient(), c);
    }


    // ---------------------------------------------------------------- result

    /** Turns a vector into a column; integers become a long column, scalars are broadcast. */
    static Column toColumn(String name, Type type, Vec v, int rows) {
        switch (v) {
            case Vec.Bool b -> {
                boolean[] out = new boolean[rows];
                java.util.BitSet missing = new java.util.BitSet();
                for (int i = 0; i < rows; i++) {
                    byte x = b.get(i);
                    out[i] = x == Vec.TRUE;
                    if (x == Vec.NULL_BOOL) {
                        missing.set(i);
                    }
                }
                return new BooleanColumn(name, out, dev.probity.core.frame.Missing.of(missing));
            }
            case Vec.Num num -> {
                java.util.BitSet missing = new java.util.BitSet();
                if (type == Type.INTEGER) {
                    long[] out = new long[rows];
                    for (int i = 0; i < rows; i++) {
                        if (num.isNull(i)) {
                            missing.set(i);
                        } else {
                            out[i] = (long) num.get(i);
                        }
                    }
                    return new LongColumn(name, out, dev.probity.core.frame.Missing.of(missing));
                }
                double[] out = new double[rows];
                for (int i = 0; i < rows; i++) {
                    if (num.isNull(i)) {
                        missing.set(i);
                        out[i] = Double.NaN;
                    } else {
                        out[i] = num.get(i);
                    }
                }
                return new DoubleColumn(name, out, dev.probity.core.frame.Missing.of(missing));
            }
            case Vec.Str s -> {
                int[] codes = s.scalar ? new int[rows] : s.codes;
                if (s.scalar) {
                    Arrays.fill(codes, s.codes[0]);
                }
                return new StringColumn(name, codes.clone(), s.dictionary).compact();
            }
        }
    }

    /** Helpers that build text dictionaries. */
    static final class Dict {
        final Map<String, Integer> index = new LinkedHashMap<>();

        int code(String s) {
            if (s == null) {
                return -1;
            }
            Integer c = index.get(s);
            if (c == null) {
                c = index.size();
                index.put(s, c);
            }
            return c;
        }

        String[] values() {
            return index.keySet().toArray(new String[0]);
        }
    }

    static Vec.Str strOf(int rows, boolean scalar, IntFunction<String> value) {
        Dict d = new Dict();
        int len = scalar ? 1 : rows;
        int[] codes = new int[len];
        for (int i = 0; i < len; i++) {
            codes[i] = d.code(value.apply(i));
        }
        return new Vec.Str(codes, d.values(), scalar);
    }

    static InputException rowError(Ctx ctx, int row, String msg) {
        return new InputException(msg + " (" + ctx.origin.describe(row) + ")");
    }

    static Pattern likePattern(String pattern, boolean ignoreCase) {
        StringBuilder re = new StringBuilder();
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '%' || c == '_') {
                if (!lit.isEmpty()) {
                    re.append(Pattern.quote(lit.toString()));
                    lit.setLength(0);
                }
                re.append(c == '%' ? ".*" : ".");
            } else {
                lit.append(c);
            }
        }
        if (!lit.isEmpty()) {
            re.append(Pattern.quote(lit.toString()));
        }
        int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        return Pattern.compile(re.toString(), flags);
    }
}
