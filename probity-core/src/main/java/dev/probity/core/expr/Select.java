package dev.probity.core.expr;

/** Row-wise choice between vectors of one type (CASE, COALESCE). */
final class Select {
    private Select() {
    }

    /** Row {@code r} takes its value from {@code vecs[pick[r]]}. */
    static Vec pick(Type type, Vec[] vecs, int[] pick, int rows) {
        switch (type) {
            case BOOLEAN -> {
                byte[] out = new byte[rows];
                for (int r = 0; r < rows; r++) {
                    out[r] = ((Vec.Bool) vecs[pick[r]]).get(r);
                }
                return new Vec.Bool(out, false);
            }
            case TEXT -> {
                return Compiler.strOf(rows, false, r -> ((Vec.Str) vecs[pick[r]]).get(r));
            }
            default -> {
                double[] out = new double[rows];
                boolean[] nulls = null;
                for (int r = 0; r < rows; r++) {
                    Vec.Num v = (Vec.Num) vecs[pick[r]];
                    if (v.isNull(r)) {
                        if (nulls == null) {
                            nulls = new boolean[rows];
                        }
                        nulls[r] = true;
                    } else {
                        out[r] = v.get(r);
                    }
                }
                return new Vec.Num(out, nulls, false);
            }
        }
    }
}
