package dev.probity.privacy.mechanism;

import java.math.BigInteger;

/**
 * Bernoulli trials with probability {@code exp(-γ)} for a rational {@code γ >= 0}, exactly, in integer arithmetic:
 * Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential Privacy" (NeurIPS 2020), Algorithm 1.
 *
 * <p>For {@code γ} in [0, 1]: set K = 1, and while a Bernoulli(γ/K) trial succeeds, add one to K; the answer is
 * "K is odd". The probability that the loop passes K = 1..k is {@code γ^k / k!}, so P[K odd] is the alternating
 * series of {@code exp(-γ)}. Each Bernoulli(γ/K) is the conjunction of Bernoulli(1/K) and Bernoulli(γ), two exact
 * trials with rational probabilities ({@link Randomness#bernoulli(long, long)}), so the denominators never grow.
 * For {@code γ > 1}: {@code exp(-γ) = exp(-1)^⌊γ⌋ · exp(-(γ - ⌊γ⌋))}, i.e. ⌊γ⌋ trials of exp(-1) and one of the
 * fractional part, stopping at the first failure (on average fewer than 1.6 trials, whatever γ).
 */
public final class BernoulliExp {
    private BernoulliExp() {
    }

    /** Bernoulli(exp(-num/den)) for {@code num >= 0}, {@code 0 < den <= 2^62}. */
    public static boolean sample(Randomness r, long num, long den) {
        if (num < 0 || den <= 0 || den > (1L << 62)) {
            throw new IllegalArgumentException("need num >= 0 and 0 < den <= 2^62: " + num + "/" + den);
        }
        long whole = num / den;
        for (long i = 0; i < whole; i++) {
            if (!expMinusOne(r)) {
                return false;
            }
        }
        return fraction(r, num - whole * den, den);
    }

    /** Bernoulli(exp(-γ)) for a rational γ >= 0 of any size. */
    public static boolean sample(Randomness r, Rational gamma) {
        return sample(r, gamma.numerator(), gamma.denominator());
    }

    /** Bernoulli(exp(-num/den)) for {@code num >= 0}, {@code den > 0} of any size. */
    public static boolean sample(Randomness r, BigInteger num, BigInteger den) {
        if (num.bitLength() <= 62 && den.bitLength() <= 62) {
            return sample(r, num.longValue(), den.longValue());
        }
        BigInteger[] qr = num.divideAndRemainder(den);
        BigInteger whole = qr[0];
        if (whole.bitLength() <= 62) {
            for (long i = 0, n = whole.longValue(); i < n; i++) {
                if (!expMinusOne(r)) {
                    return false;
                }
            }
        } else {
            for (BigInteger i = BigInteger.ZERO; i.compareTo(whole) < 0; i = i.add(BigInteger.ONE)) {
                if (!expMinusOne(r)) {
                    return false;
                }
            }
        }
        BigInteger rem = qr[1];
        if (rem.signum() == 0) {
            return true;
        }
        if (den.bitLength() <= 62) {
            return fraction(r, rem.longValue(), den.longValue());
        }
        long k = 1;
        while ((k == 1 || r.bernoulli(1, k)) && r.bernoulli(rem, den)) {
            k++;
        }
        return (k & 1) == 1;
    }

    /** Bernoulli(exp(-1)): Algorithm 1 with γ = 1 (the first trial, Bernoulli(1), always succeeds). */
    public static boolean expMinusOne(Randomness r) {
        long k = 2;
        while (r.bernoulli(1, k)) {
            k++;
        }
        return (k & 1) == 1;
    }

    /** Bernoulli(exp(-num/den)) for {@code 0 <= num < den <= 2^62}. */
    static boolean fraction(Randomness r, long num, long den) {
        if (num == 0) {
            return true;
        }
        long k = 1;
        while ((k == 1 || r.bernoulli(1, k)) && r.bernoulli(num, den)) {
            k++;
        }
        return (k & 1) == 1;
    }
}
