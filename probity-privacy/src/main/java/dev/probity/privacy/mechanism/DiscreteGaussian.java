package dev.probity.privacy.mechanism;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The discrete Gaussian distribution on the integers, {@code P[x] ∝ exp(-x²/(2σ²))}, for a rational variance
 * parameter {@code σ² > 0}, sampled exactly in integer arithmetic: Canonne, Kamath and Steinke, "The Discrete
 * Gaussian for Differential Privacy" (NeurIPS 2020), Algorithm 3 (their reference sampler
 * {@code discretegauss.py}; OpenDP's {@code sample_discrete_gaussian} is the same algorithm).
 *
 * <p>The argument (rejection sampling): with {@code t = ⌊σ⌋ + 1}, draw Y from the discrete Laplace distribution
 * with scale t ({@link DiscreteLaplace}) and accept it with probability
 * {@code exp(-(|Y| - σ²/t)² / (2σ²))} ({@link BernoulliExp}). Since
 * {@code -(|y| - σ²/t)²/(2σ²) = -y²/(2σ²) + |y|/t - σ²/(2t²)}, the accepted Y has
 * {@code P[y] ∝ e^{-|y|/t} · e^{-y²/(2σ²) + |y|/t} ∝ e^{-y²/(2σ²)}}. The exponent is the rational
 * {@code (|Y|·t·D - N)² / (2·N·t²·D)} for {@code σ² = N/D}, so every trial is exact. The expected number of
 * rejections is below 1.6 for σ ≥ 1 (CKS20, Section 5).
 *
 * <p>Speed: when {@code N} and {@code t·D} are below 2^31 and {@code 2·N·t²·D} below 2^62 (σ up to about 40 000 for an
 * integer σ²), the exponent of a sample with {@code |Y|·t·D < 2^31} is computed in {@code long} arithmetic and no
 * object is allocated; other samples (a growing share from σ of about 10 000) use {@code BigInteger}.
 *
 * <p>{@code σ²} is the variance parameter, not the variance: CKS20 show that the variance is below σ², by a gap that
 * shrinks like {@code e^{-4π²σ²}} (below {@code 10^-10·σ²} for σ ≥ 1).
 */
public final class DiscreteGaussian {
    private static final long LIMIT31 = (1L << 31) - 1;
    private final Rational sigmaSquared;
    private final DiscreteLaplace laplace;
    private final long t;
    private final BigInteger bigN;
    private final BigInteger bigTD;
    private final BigInteger bigC;
    private final boolean fast;
    private final long n;
    private final long td;
    private final long c;
    private final long yMaxFast;

    private DiscreteGaussian(Rational sigmaSquared) {
        this.sigmaSquared = sigmaSquared;
        BigInteger num = sigmaSquared.numerator();
        BigInteger den = sigmaSquared.denominator();
        BigInteger tBig = num.divide(den).sqrt().add(BigInteger.ONE);
        if (tBig.bitLength() > 62) {
            throw new IllegalArgumentException("σ² is too large for this sampler (σ above 2^62): " + sigmaSquared);
        }
        this.t = tBig.longValue();
        this.laplace = DiscreteLaplace.withScale(Rational.of(t));
        this.bigN = num;
        this.bigTD = tBig.multiply(den);
        this.bigC = num.shiftLeft(1).multiply(tBig).multiply(tBig).multiply(den);
        this.fast = num.compareTo(BigInteger.valueOf(LIMIT31)) <= 0 && bigTD.compareTo(BigInteger.valueOf(LIMIT31)) <= 0
                && bigC.bitLength() <= 62;
        this.n = fast ? num.longValue() : 0;
        this.td = fast ? bigTD.longValue() : 0;
        this.c = fast ? bigC.longValue() : 0;
        this.yMaxFast = fast ? LIMIT31 / td : -1;
    }

    /** The discrete Gaussian with {@code P[x] ∝ exp(-x²/(2·sigmaSquared))}, {@code sigmaSquared > 0}. */
    public static DiscreteGaussian withVariance(Rational sigmaSquared) {
        Objects.requireNonNull(sigmaSquared, "sigmaSquared");
        if (sigmaSquared.isZero()) {
            throw new IllegalArgumentException("σ² must be positive");
        }
        return new DiscreteGaussian(sigmaSquared);
    }

    /** The variance parameter σ². */
    public Rational sigmaSquared() {
        return sigmaSquared;
    }

    /** One draw, exactly. */
    public long sample(Randomness r) {
        while (true) {
            long y = laplace.sample(r);
            long ay = Math.abs(y);
            if (ay <= yMaxFast) {
                // |y|·t·D and N are both below 2^31, so their difference squared is below 2^62.
                long a = ay * td - n;
                if (BernoulliExp.sample(r, a * a, c)) {
                    return y;
                }
            } else {
                BigInteger a = BigInteger.valueOf(ay).multiply(bigTD).subtract(bigN);
                if (BernoulliExp.sample(r, a.multiply(a), bigC)) {
                    return y;
                }
            }
        }
    }
}
