package dev.probity.fairness.stats;

import java.util.Arrays;

/**
 * A mergeable quantile summary with a relative-error guarantee: Masson, Rim and Lee's DDSketch ("DDSketch: a fast
 * and fully-mergeable quantile sketch with relative-error guarantees", VLDB 2019), written for Probity. A value x > 0
 * is counted in bucket i = ⌈log_γ x⌉, γ = (1 + α)/(1 − α), which holds the values in (γ^(i−1), γ^i]; negative values
 * in a mirrored store by |x|; zeros (and |x| below {@link Double#MIN_NORMAL}) apart.
 *
 * <p>Guarantee: {@link #quantile(double) quantile(q)} is within relative error α of x_{⌊q(n−1)⌋}, the sample value at
 * that rank (sorted x_0 ≤ … ≤ x_{n−1}); {@code q = 0} and {@code q = 1} give the exact minimum and maximum. The store
 * is a dense array of bucket counts between the lowest and highest occupied bucket (no bound, no collapsing), so
 * merging is the sum of counts: the sketch of two parts, merged, is exactly — bucket for bucket — the sketch of the
 * whole, in any order, and the sketch is deterministic (no random compaction). Memory grows with the logarithmic
 * range of the values: about ln(max/min)/(2α) buckets, 460 per factor of 10 at α = 0.5%.
 */
public final class QuantileSketch {
    /** The relative accuracy Probity uses: 0.5%. */
    public static final double DEFAULT_ALPHA = 0.005;

    private final double alpha;
    private final double logGamma;
    private final Store positive = new Store();
    private final Store negative = new Store();
    private long zeros;
    private long count;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    public QuantileSketch() {
        this(DEFAULT_ALPHA);
    }

    public QuantileSketch(double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("relative accuracy must be in (0, 1), got " + alpha);
        }
        this.alpha = alpha;
        this.logGamma = Math.log((1 + alpha) / (1 - alpha));
    }

    public double alpha() {
        return alpha;
    }

    public long count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    /** Adds one value; NaN is refused. */
    public void add(double x) {
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("NaN has no quantile");
        }
        if (x > Double.MIN_NORMAL) {
            positive.add(index(x), 1);
        } else if (x < -Double.MIN_NORMAL) {
            negative.add(index(-x), 1);
        } else {
            zeros++;
        }
        count++;
        min = Math.min(min, x);
        max = Math.max(max, x);
    }

    private int index(double x) {
        return (int) Math.ceil(Math.log(x) / logGamma);
    }

    private double value(int index) {
        return 2 * Math.exp(index * logGamma) / (1 + Math.exp(logGamma));
    }

    /** The q-quantile (0 ≤ q ≤ 1) within relative error α, or NaN when empty. */
    public double quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("q must be in [0, 1], got " + q);
        }
        if (count == 0) {
            return Double.NaN;
        }
        if (q == 0) {
            return min;
        }
        if (q == 1) {
            return max;
        }
        double rank = q * (count - 1);
        long seen = 0;
        // negatives from the most negative (highest |x| index) up
        for (int i = negative.counts.length - 1; i >= 0; i--) {
            seen += negative.counts[i];
            if (seen > rank) {
                return clamp(-value(negative.offset + i));
            }
        }
        seen += zeros;
        if (seen > rank) {
            return clamp(0);
        }
        for (int i = 0; i < positive.counts.length; i++) {
            seen += positive.counts[i];
            if (seen > rank) {
                return clamp(value(positive.offset + i));
            }
        }
        return max;
    }

    private double clamp(double v) {
        return Math.max(min, Math.min(max, v));
    }

    /** Adds another sketch's counts into this one (same α). */
    public QuantileSketch merge(QuantileSketch o) {
        if (o.alpha != alpha) {
            throw new IllegalArgumentException("cannot merge sketches of relative accuracy " + alpha + " and " + o.alpha);
        }
        positive.addAll(o.positive);
        negative.addAll(o.negative);
        zeros += o.zeros;
        count += o.count;
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
        return this;
    }

    /** A new sketch with both sketches' values; neither changes. */
    public QuantileSketch plus(QuantileSketch o) {
        return copy().merge(o);
    }

    public QuantileSketch copy() {
        return new QuantileSketch(alpha).merge(this);
    }

    // ------------------------------------------------------------ the binary form's parts (StatsCodec)

    long zeros() {
        return zeros;
    }

    int positiveOffset() {
        return positive.firstIndex();
    }

    long[] positiveCounts() {
        return positive.occupied();
    }

    int negativeOffset() {
        return negative.firstIndex();
    }

    long[] negativeCounts() {
        return negative.occupied();
    }

    static QuantileSketch of(double alpha, long count, double min, double max, long zeros, int posOffset, long[] pos, int negOffset,
                             long[] neg) {
        QuantileSketch s = new QuantileSketch(alpha);
        s.count = count;
        s.min = min;
        s.max = max;
        s.zeros = zeros;
        s.positive.offset = posOffset;
        s.positive.counts = pos.clone();
        s.negative.offset = negOffset;
        s.negative.counts = neg.clone();
        if (pos.length > 0 && (pos[0] == 0 || pos[pos.length - 1] == 0) || neg.length > 0 && (neg[0] == 0 || neg[neg.length - 1] == 0)) {
            throw new IllegalArgumentException("bucket counts must start and end with an occupied bucket");
        }
        long total = zeros;
        for (long c : pos) {
            total += c;
        }
        for (long c : neg) {
            total += c;
        }
        if (total != count) {
            throw new IllegalArgumentException("bucket counts add up to " + total + ", not " + count);
        }
        return s;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof QuantileSketch o && alpha == o.alpha && count == o.count && zeros == o.zeros
                && Double.compare(min, o.min) == 0 && Double.compare(max, o.max) == 0 && positive.equals(o.positive)
                && negative.equals(o.negative);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count) * 31 + positive.hashCode();
    }

    /**
     * Dense bucket counts from {@code offset} on, with spare room at both ends while accumulating; {@link #lo()} and
     * {@link #hi()} bound the occupied buckets, and the binary form and equality use only those.
     */
    private static final class Store {
        int offset;
        long[] counts = new long[0];

        void add(int index, long c) {
            if (counts.length == 0) {
                offset = index - 8;
                counts = new long[32];
            }
            if (index < offset) {
                int grow = Math.max(offset - index, counts.length / 2) + 8;
                long[] n = new long[counts.length + grow];
                System.arraycopy(counts, 0, n, grow, counts.length);
                offset -= grow;
                counts = n;
            } else if (index >= offset + counts.length) {
                counts = Arrays.copyOf(counts, Math.max(index - offset + 1, counts.length + counts.length / 2) + 8);
            }
            counts[index - offset] += c;
        }

        void addAll(Store o) {
            for (int i = o.lo(); i < o.hi(); i++) {
                if (o.counts[i] != 0) {
                    add(o.offset + i, o.counts[i]);
                }
            }
        }

        /** The first occupied position in {@code counts} (or {@code counts.length} when empty). */
        int lo() {
            int lo = 0;
            while (lo < counts.length && counts[lo] == 0) {
                lo++;
            }
            return lo;
        }

        /** One past the last occupied position. */
        int hi() {
            int hi = counts.length;
            while (hi > 0 && counts[hi - 1] == 0) {
                hi--;
            }
            return hi;
        }

        int firstIndex() {
            int lo = lo();
            return lo < hi() ? offset + lo : 0;
        }

        long[] occupied() {
            int lo = lo();
            int hi = hi();
            return lo < hi ? Arrays.copyOfRange(counts, lo, hi) : new long[0];
        }

        static Store of(int first, long[] occupied) {
            Store s = new Store();
            s.offset = first;
            s.counts = occupied.clone();
            return s;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Store o && firstIndex() == o.firstIndex() && Arrays.equals(occupied(), o.occupied());
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(occupied()) * 31 + firstIndex();
        }
    }
}
