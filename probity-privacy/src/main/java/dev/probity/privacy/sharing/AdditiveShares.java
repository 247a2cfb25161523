package dev.probity.privacy.sharing;

import dev.probity.core.InputException;

import java.security.SecureRandom;
import java.util.Random;

/**
 * Additive secret sharing over the ring of integers modulo 2^64 (Java's {@code long} arithmetic, which wraps): a
 * vector v is split into k shares s₁ … s_k, the first k − 1 drawn uniformly at random and s_k = v − s₁ − … − s_{k−1}.
 * Their sum (wrapping) is v. Any k − 1 of them are k − 1 independent uniform vectors whatever v is (each is, and the
 * last is v minus uniform ones): alone they say nothing about v. Counts below 2^63 are represented exactly.
 */
public final class AdditiveShares {
    private AdditiveShares() {
    }

    /** k shares of {@code values}, with randomness from {@code random} (a {@link SecureRandom} for a real release). */
    public static long[][] split(long[] values, int k, Random random) {
        if (k < 2) {
            throw new InputException("secret sharing needs at least 2 parties; got " + k);
        }
        long[][] shares = new long[k][values.length];
        for (int i = 0; i < values.length; i++) {
            long last = values[i];
            for (int j = 0; j < k - 1; j++) {
                long r = random.nextLong();
                shares[j][i] = r;
                last -= r;
            }
            shares[k - 1][i] = last;
        }
        return shares;
    }

    /** The wrapping sum of shares: the secret when every share is there, uniform noise when one is missing. */
    public static long[] sum(long[]... shares) {
        long[] out = new long[shares[0].length];
        for (long[] s : shares) {
            if (s.length != out.length) {
                throw new InputException("shares of different lengths: " + out.length + " and " + s.length);
            }
            for (int i = 0; i < out.length; i++) {
                out[i] += s[i];
            }
        }
        return out;
    }
}
