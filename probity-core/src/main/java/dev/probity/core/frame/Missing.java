package dev.probity.core.frame;

import java.util.BitSet;

/**
 * An immutable missing-value mask: bit {@code i} set means row {@code i} has no value. A column without
 * missing values holds {@link #NONE}, so the common case costs nothing.
 */
public final class Missing {
    /** The mask of a column with no missing values. */
    public static final Missing NONE = new Missing(new BitSet(0));

    private final BitSet bits;
    private final int count;

    private Missing(BitSet bits) {
        this.bits = bits;
        this.count = bits.cardinality();
    }

    /** Wraps (and copies) a bit set; returns {@link #NONE} when no bit is set. */
    public static Missing of(BitSet bits) {
        return bits.isEmpty() ? NONE : new Missing((BitSet) bits.clone());
    }

    /** Takes ownership of the bit set without copying; for readers that built it themselves. */
    static Missing adopt(BitSet bits) {
        return bits == null || bits.isEmpty() ? NONE : new Missing(bits);
    }

    public boolean isMissing(int row) {
        return count != 0 && bits.get(row);
    }

    /** Number of missing rows. */
    public int count() {
        return count;
    }

    public boolean any() {
        return count != 0;
    }

    /** First missing row at or after {@code from}, or -1. */
    public int next(int from) {
        return count == 0 ? -1 : bits.nextSetBit(from);
    }

    /** The mask of the rows {@code rows[0], rows[1], ...}. */
    public Missing select(int[] rows) {
        if (count == 0) {
            return NONE;
        }
        BitSet out = new BitSet(rows.length);
        for (int i = 0; i < rows.length; i++) {
            if (bits.get(rows[i])) {
                out.set(i);
            }
        }
        return adopt(out);
    }
}
