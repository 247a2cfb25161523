package dev.probity.core.expr;

/** SQL three-valued logic over boolean vectors. */
final class Logic {
    private Logic() {
    }

    static Vec.Bool not(Vec.Bool a) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < out.length; i++) {
            byte x = a.values[i];
            out[i] = x == Vec.NULL_BOOL ? Vec.NULL_BOOL : (byte) (1 - x);
        }
        return new Vec.Bool(out, a.scalar);
    }

    /** AND: false wins, then NULL; OR: true wins, then NULL. */
    static Vec.Bool andOr(Vec.Bool a, Vec.Bool b, boolean and, int rows) {
        boolean scalar = a.scalar && b.scalar;
        int len = scalar ? 1 : rows;
        byte[] out = new byte[len];
        byte dominant = and ? Vec.FALSE : Vec.TRUE;
        for (int i = 0; i < len; i++) {
            byte x = a.get(i);
            byte y = b.get(i);
            if (x == dominant || y == dominant) {
                out[i] = dominant;
            } else if (x == Vec.NULL_BOOL || y == Vec.NULL_BOOL) {
                out[i] = Vec.NULL_BOOL;
            } else {
                out[i] = (byte) (1 - dominant);
            }
        }
        return new Vec.Bool(out, scalar);
    }
}
