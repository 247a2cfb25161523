package dev.probity.privacy.mechanism;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The geometric distribution on {0, 1, 2, …} with {@code P[k] = (1 - e^{-1/b}) e^{-k/b}} for a rational scale
 * {@code b = p/q > 0}, sampled exactly in integer arithmetic: Canonne, Kamath and Steinke (NeurIPS 2020),
 * Algorithm 2 (their {@code sample_geometric_exp_fast}).
 *
 * <p>The argument: draw U uniform in {0, …, p−1} and keep it with probability {@code exp(-U/p)}
 * ({@link BernoulliExp}), so that P[U = u] ∝ e^{-u/p}; draw V, the number of successes of Bernoulli(e^{-1}) before
 * the first failure, so that P[V = v] ∝ e^{-v}. Then X = U + p·V has P[X = x] ∝ e^{-x/p} on all of ℕ (each x is one
 * pair (u, v)), and ⌊X/q⌋ has P[k] ∝ Σ_{x=kq}^{kq+q-1} e^{-x/p} ∝ e^{-kq/p} = e^{-k/b}. Only uniform integers and
 * Bernoulli trials with rational probabilities are drawn; no logarithm of a floating-point uniform is taken (the
 * textbook {@code -b·ln(U)} sampler is what Mironov 2012 shows to leak).
 *
 * <p>The expected cost is constant in b: fewer than 1/(1 − e^{-1}) ≈ 1.6 tries of U and about 1.6 trials of
 * e^{-1}. Numerator and denominator up to 2^62 run in {@code long} arithmetic; larger ones in {@code BigInteger}.
 */
public final class Geometric {
    private final Rational scale;
    private final long p;
    private final long q;
    private final boolean small;

    private Geometric(Rational scale) {
        this.scale = scale;
        this.small = scale.numerator().bitLength() <= 62 && scale.denominator().bitLength() <= 62;
        this.p = small ? scale.numerator().longValue() : 0;
        this.q = small ? scale.denominator().longValue() : 0;
    }

    /** The geometric distribution with {@code P[k] ∝ exp(-k/scale)}, {@code scale > 0}. */
    public static Geometric withScale(Rational scale) {
        Objects.requireNonNull(scale, "scale");
        if (scale.isZero()) {
            throw new IllegalArgumentException("the scale must be positive");
        }
        return new Geometric(scale);
    }

    public Rational scale() {
        return scale;
    }

    /** One draw, exactly. */
    public long sample(Randomness r) {
        if (!small) {
            return sampleBig(r);
        }
        long u;
        do {
            u = r.uniform(p);
        } while (!BernoulliExp.fraction(r, u, p));
        long v = 0;
        while (BernoulliExp.expMinusOne(r)) {
            v++;
        }
        if (v <= (Long.MAX_VALUE - u) / p) {
            return (u + p * v) / q;
        }
        return toLong(BigInteger.valueOf(p).multiply(BigInteger.valueOf(v)).add(BigInteger.valueOf(u))
                .divide(BigInteger.valueOf(q)));
    }

    private long sampleBig(Randomness r) {
        BigInteger bp = scale.numerator();
        BigInteger bq = scale.denominator();
        BigInteger u;
        do {
            u = r.uniform(bp);
        } while (!BernoulliExp.sample(r, u, bp));
        long v = 0;
        while (BernoulliExp.expMinusOne(r)) {
            v++;
        }
        return toLong(bp.multiply(BigInteger.valueOf(v)).add(u).divide(bq));
    }

    private static long toLong(BigInteger k) {
        if (k.bitLength() > 62) {
            // Beyond ±2^62 a sample cannot be added to a long; for any scale below 2^40 this has probability
            // below exp(-2^22).
            throw new ArithmeticException("a geometric sample beyond 2^62; the scale is too large for 64-bit results");
        }
        return k.longValue();
    }
}
