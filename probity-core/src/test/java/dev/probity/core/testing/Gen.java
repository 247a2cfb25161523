package dev.probity.core.testing;

import dev.probity.core.stats.SplitMix64;

import java.util.List;

/**
 * The random source of one property-test case: a {@link SplitMix64} stream, so a case is defined bit for bit
 * by its seed on every JVM. A failing case prints its seed; {@code Gen.of(seed)} regenerates it alone.
 */
public final class Gen {
    private final long seed;
    private final SplitMix64 rng;

    private Gen(long seed) {
        this.seed = seed;
        this.rng = new SplitMix64(seed);
    }

    public static Gen of(long seed) {
        return new Gen(seed);
    }

    /** The seed this generator started from (what a failure message prints). */
    public long seed() {
        return seed;
    }

    public long nextLong() {
        return rng.nextLong();
    }

    /** Uniform in [0, 1). */
    public double uniform() {
        return rng.nextDouble();
    }

    /** Uniform integer in [lo, hi], both included. */
    public int between(int lo, int hi) {
        if (hi < lo) {
            throw new IllegalArgumentException(lo + " > " + hi);
        }
        return lo + rng.nextInt(hi - lo + 1);
    }

    public boolean bool() {
        return (rng.nextLong() & 1) == 1;
    }

    /** True with probability {@code p}. */
    public boolean chance(double p) {
        return rng.nextDouble() < p;
    }

    @SafeVarargs
    public final <T> T oneOf(T... values) {
        return values[rng.nextInt(values.length)];
    }

    public <T> T oneOf(List<T> values) {
        return values.get(rng.nextInt(values.size()));
    }
}
