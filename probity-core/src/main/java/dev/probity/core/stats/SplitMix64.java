package dev.probity.core.stats;

/**
 * Steele, Lea and Flood's SplitMix64 generator: fast, statistically sound for resampling, and defined
 * bit for bit, so a seed gives the same stream on every JVM. {@link #stream(long, long)} derives
 * independent streams (one per bootstrap replicate, say) so that results do not depend on how work is split
 * between threads.
 */
public final class SplitMix64 {
    public static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** The finalizer of SplitMix64 (Stafford's "Mix13"). */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** An independent generator for sub-stream {@code index} of {@code seed}. */
    public static SplitMix64 stream(long seed, long index) {
        return new SplitMix64(mix(seed ^ mix(index * GOLDEN + 0x632BE59BD9B4E019L)));
    }

    /** The uniform draw in [0, 1) of item {@code index} under {@code seed}: a counter-based draw, so any item can be redrawn alone. */
    public static double uniform(long seed, long index) {
        return (mix(seed ^ mix(index * GOLDEN + 0x632BE59BD9B4E019L)) >>> 11) * 0x1.0p-53;
    }

    public long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform in [0, 1), 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound), without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive");
        }
        long r = (nextLong() >>> 33) * bound;
        // Lemire's method on 31 random bits: reject the small biased region.
        int low = (int) (r & 0x7FFFFFFFL);
        if (low < bound) {
            int threshold = (int) ((0x80000000L - bound) % bound);
            while (low < threshold) {
                r = (nextLong() >>> 33) * bound;
                low = (int) (r & 0x7FFFFFFFL);
            }
        }
        return (int) (r >>> 31);
    }
}
