package dev.probity.core.expr;

/** Arithmetic on number vectors with NULL propagation and DuckDB's division rules. */
final class Arith {
    private Arith() {
    }

    static Vec.Num negate(Vec.Num a) {
        double[] out = new double[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = -a.values[i];
        }
        return new Vec.Num(out, a.nulls, a.scalar);
    }

    static boolean[] nulls(Vec a, Vec b, int len) {
        boolean an = a instanceof Vec.Num n ? n.nulls != null : true;
        boolean bn = b instanceof Vec.Num n ? n.nulls != null : true;
        if (!an && !bn) {
            return null;
        }
        boolean[] out = new boolean[len];
        boolean any = false;
        for (int i = 0; i < len; i++) {
            out[i] = a.isNull(i) || b.isNull(i);
            any |= out[i];
        }
        return any ? out : null;
    }

    /**
     * {@code +, -, *} as usual; {@code /} divides exactly (IEEE: x/0 is ±Infinity or NaN); {@code //} is
     * integer division truncating toward zero for integers and plain division for reals (as in DuckDB);
     * {@code %} is the remainder with the dividend's sign. {@code //} and {@code %} by zero are errors.
     */
    static Vec.Num apply(String op, Vec.Num a, Vec.Num b, Compiler.Ctx ctx, boolean integral) {
        boolean scalar = a.scalar && b.scalar;
        int len = scalar ? 1 : ctx.rows;
        double[] out = new double[len];
        boolean[] nulls = nulls(a, b, len);
        switch (op) {
            case "+" -> {
                for (int i = 0; i < len; i++) {
                    out[i] = a.get(i) + b.get(i);
                }
            }
            case "-" -> {
                for (int i = 0; i < len; i++) {
                    out[i] = a.get(i) - b.get(i);
                }
            }
            case "*" -> {
                for (int i = 0; i < len; i++) {
                    out[i] = a.get(i) * b.get(i);
                }
            }
            case "/" -> {
                for (int i = 0; i < len; i++) {
                    out[i] = a.get(i) / b.get(i);
                }
            }
            case "//", "%" -> {
                boolean div = op.equals("//");
                for (int i = 0; i < len; i++) {
                    if (nulls != null && nulls[i]) {
                        continue;
                    }
                    double x = a.get(i);
                    double y = b.get(i);
                    if (y == 0) {
                        throw Compiler.rowError(ctx, i, "division by zero in '" + op + "'");
                    }
                    if (div) {
                        out[i] = integral ? (double) ((long) x / (long) y) : x / y;
                    } else {
                        out[i] = integral ? (double) ((long) x % (long) y) : x % y;
                    }
                }
            }
            default -> throw new IllegalStateException(op);
        }
        return new Vec.Num(out, nulls, scalar);
    }
}
