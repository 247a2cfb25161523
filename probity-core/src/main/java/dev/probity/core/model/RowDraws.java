package dev.probity.core.model;

import dev.probity.core.frame.BooleanColumn;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.stats.SplitMix64;

import java.util.List;

/**
 * Randomized decisions keyed by row content: row i's uniform draw is SplitMix64's counter-based draw at index
 * {@code hash(row i's values)} under the seed. A row therefore gets the same draw in any batch and at any
 * position, which is what a deployed randomized model needs (a service deciding one applicant at a time must not
 * give every applicant the first row's draw). Numbers hash by numeric value (1 and 1.0 alike), text by its
 * characters, missing values as their own token; the columns are taken in the order given.
 */
public final class RowDraws {
    private static final long MISSING = 0x6D697373696E67L;

    private RowDraws() {
    }

    /** One 64-bit key per row of {@code data} from the values of {@code columns}. */
    public static long[] keys(Frame data, List<String> columns) {
        int n = data.rowCount();
        long[] h = new long[n];
        java.util.Arrays.fill(h, 0x243F6A8885A308D3L);
        for (String name : columns) {
            Column c = data.column(name);
            for (int i = 0; i < n; i++) {
                long v;
                if (c.isMissing(i)) {
                    v = MISSING;
                } else {
                    v = switch (c) {
                        case DoubleColumn d -> numberBits(d.values()[i]);
                        case LongColumn l -> numberBits((double) l.values()[i]);
                        case BooleanColumn b -> numberBits(b.getBoolean(i) ? 1 : 0);
                        case StringColumn s -> text(s.getString(i));
                    };
                }
                h[i] = SplitMix64.mix(h[i] ^ SplitMix64.mix(v + SplitMix64.GOLDEN));
            }
        }
        return h;
    }

    /** 0/1 decisions: row i is 1 when its draw under {@code seed} is below {@code p[i]}. */
    public static double[] decide(double[] p, long[] keys, long seed) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = SplitMix64.uniform(seed, keys[i]) < p[i] ? 1 : 0;
        }
        return out;
    }

    /** The uniform draw in [0, 1) of each row. */
    public static double[] uniforms(long[] keys, long seed) {
        double[] out = new double[keys.length];
        for (int i = 0; i < keys.length; i++) {
            out[i] = SplitMix64.uniform(seed, keys[i]);
        }
        return out;
    }

    private static long numberBits(double v) {
        return Double.doubleToLongBits(v == 0 ? 0.0 : v); // -0.0 and 0.0 alike; NaN has one bit pattern
    }

    /** FNV-1a over the UTF-16 code units. */
    private static long text(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h ^ 0x7465787400000000L;
    }
}
