package dev.probity.privacy.mechanism;

import dev.probity.core.stats.SplitMix64;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * A source of uniformly random bits, and the exact samplers that need nothing but bits: a uniform integer below
 * {@code n} and a Bernoulli trial with a rational probability. Every mechanism of this package draws its
 * randomness from one; none of them turns bits into a {@code double} and computes with it, because floating-point
 * samplers leak (Mironov 2012, "On significance of the least significant bits for differential privacy"; Jin et
 * al. 2022, "Are we there yet? Timing and floating-point attacks on differential privacy systems"; Casacuberta et
 * al. 2022, "Widespread underestimation of sensitivity in differentially private libraries and how to fix it").
 *
 * <p><b>Private or not.</b> {@link #secure()} draws from a {@link SecureRandom} (NIST SP 800-90A Hash_DRBG where
 * the JDK has it, else the platform's default) and {@link #isPrivate()} is true. {@link #seeded(long)} draws from a
 * SplitMix64 stream, so that tests and benchmarks repeat bit for bit; its noise can be recomputed by anyone who
 * knows the seed, so {@link #isPrivate()} is false and every {@link Release} made with it says so. Never use a
 * seeded source for a real release.
 *
 * <p><b>Bits are spent sparingly.</b> Bits are taken one at a time (or a few at a time) from a 64-bit word, so that
 * a Bernoulli trial costs two bits on average and a uniform integer below {@code n} fewer than
 * {@code 2 log2 n}; a secure source refills from {@link SecureRandom} 512 bytes at a time.
 *
 * <p>Not thread-safe: use one per thread (the mechanisms' {@code release(value)} methods keep one secure source per
 * thread).
 */
public final class Randomness {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final ThreadLocal<Randomness> PER_THREAD = ThreadLocal.withInitial(Randomness::secure);

    /** Sixty-four uniformly random bits per call. */
    interface Source {
        long nextLong();
    }

    private final Source source;
    private final boolean isPrivate;
    private final String description;
    private long word;
    private int left;

    private Randomness(Source source, boolean isPrivate, String description) {
        this.source = source;
        this.isPrivate = isPrivate;
        this.description = description;
    }

    /**
     * A fresh secure source: a {@code SecureRandom} of algorithm {@code DRBG} (Hash_DRBG with SHA-256, seeded from
     * the operating system's entropy), or the platform default where DRBG is missing.
     */
    public static Randomness secure() {
        SecureRandom random;
        try {
            random = SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            random = new SecureRandom();
        }
        return from(random);
    }

    /** Bits from the given secure generator (private). */
    public static Randomness from(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        return new Randomness(new SecureSource(random), true, "SecureRandom (" + random.getAlgorithm() + ")");
    }

    /**
     * Reproducible bits from SplitMix64 seeded with {@code seed}: for tests and benchmarks only. Not private:
     * {@link #isPrivate()} is false and every release made with it is marked "not private".
     */
    public static Randomness seeded(long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        return new Randomness(rng::nextLong, false, "seeded SplitMix64 (" + seed + ")");
    }

    /** Bits from an arbitrary source (tests: a source that counts or scripts its bits). Not private. */
    static Randomness of(Source source, String description) {
        return new Randomness(source, false, description);
    }

    /** The secure source of the calling thread (created on first use). */
    static Randomness perThread() {
        return PER_THREAD.get();
    }

    /** True when the bits come from a cryptographically secure generator; false for a seeded source. */
    public boolean isPrivate() {
        return isPrivate;
    }

    @Override
    public String toString() {
        return description + (isPrivate ? "" : ", not private");
    }

    /** One uniformly random bit. */
    public boolean nextBit() {
        if (left == 0) {
            word = source.nextLong();
            left = 64;
        }
        boolean bit = word < 0;
        word <<= 1;
        left--;
        return bit;
    }

    /** {@code k} uniformly random bits as a non-negative long, {@code 0 <= k <= 63}. */
    public long nextBits(int k) {
        if (k < 0 || k > 63) {
            throw new IllegalArgumentException("k must be in [0, 63]: " + k);
        }
        if (k == 0) {
            return 0;
        }
        if (k <= left) {
            long v = word >>> (64 - k);
            word <<= k;
            left -= k;
            return v;
        }
        int have = left;
        long high = have == 0 ? 0 : word >>> (64 - have);
        int need = k - have;
        word = source.nextLong();
        long low = word >>> (64 - need);
        word <<= need;
        left = 64 - need;
        return (high << need) | low;
    }

    /**
     * A uniform integer in [0, n), exactly: draw as many bits as n − 1 has and start again when the number is too
     * large (fewer than two tries on average).
     */
    public long uniform(long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive: " + n);
        }
        if (n == 1) {
            return 0;
        }
        int bits = 64 - Long.numberOfLeadingZeros(n - 1);
        while (true) {
            long v = nextBits(bits);
            if (v < n) {
                return v;
            }
        }
    }

    /** A uniform integer in [0, n), exactly, for any positive n. */
    public BigInteger uniform(BigInteger n) {
        if (n.signum() <= 0) {
            throw new IllegalArgumentException("n must be positive: " + n);
        }
        if (n.bitLength() < 63) {
            return BigInteger.valueOf(uniform(n.longValueExact()));
        }
        int bits = n.subtract(BigInteger.ONE).bitLength();
        while (true) {
            BigInteger v = BigInteger.ZERO;
            int remaining = bits;
            while (remaining > 0) {
                int take = Math.min(62, remaining);
                v = v.shiftLeft(take).or(BigInteger.valueOf(nextBits(take)));
                remaining -= take;
            }
            if (v.compareTo(n) < 0) {
                return v;
            }
        }
    }

    /**
     * A Bernoulli trial with probability {@code num/den}, exactly, for {@code 0 <= num} and
     * {@code 0 < den <= 2^62}: compare a uniform real U, drawn one bit at a time, with the binary expansion of
     * num/den, computed one digit at a time by long division; return at the first bit where they differ (U < p
     * gives true). Two bits are drawn on average, whatever the denominator.
     */
    public boolean bernoulli(long num, long den) {
        if (den <= 0 || den > (1L << 62) || num < 0) {
            throw new IllegalArgumentException("need 0 <= num and 0 < den <= 2^62: " + num + "/" + den);
        }
        if (num >= den) {
            return true;
        }
        if (num == 0) {
            return false;
        }
        long r = num;
        while (true) {
            r <<= 1;
            boolean digit = r >= den;
            if (digit) {
                r -= den;
            }
            if (nextBit() != digit) {
                return digit;
            }
            if (r == 0) {
                // The expansion of p ends here; U equals p in every later bit only with probability 0: U > p.
                return false;
            }
        }
    }

    /** A Bernoulli trial with probability {@code num/den} (any size), exactly; as {@link #bernoulli(long, long)}. */
    public boolean bernoulli(BigInteger num, BigInteger den) {
        if (den.signum() <= 0 || num.signum() < 0) {
            throw new IllegalArgumentException("need 0 <= num and 0 < den: " + num + "/" + den);
        }
        if (den.bitLength() <= 62) {
            return bernoulli(num.min(den).longValueExact(), den.longValueExact());
        }
        if (num.compareTo(den) >= 0) {
            return true;
        }
        if (num.signum() == 0) {
            return false;
        }
        BigInteger r = num;
        while (true) {
            r = r.shiftLeft(1);
            boolean digit = r.compareTo(den) >= 0;
            if (digit) {
                r = r.subtract(den);
            }
            if (nextBit() != digit) {
                return digit;
            }
            if (r.signum() == 0) {
                return false;
            }
        }
    }

    /** A {@link SecureRandom} read 512 bytes at a time (its per-call overhead dominates small reads). */
    private static final class SecureSource implements Source {
        private final SecureRandom random;
        private final byte[] buffer = new byte[512];
        private int position = buffer.length;

        SecureSource(SecureRandom random) {
            this.random = random;
        }

        @Override
        public long nextLong() {
            if (position == buffer.length) {
                random.nextBytes(buffer);
                position = 0;
            }
            long v = (long) LONGS.get(buffer, position);
            position += 8;
            return v;
        }
    }
}
