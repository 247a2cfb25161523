package dev.probity.privacy.mechanism;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Objects;

/**
 * A non-negative rational number {@code numerator / denominator} in lowest terms, for the parameters of the exact
 * samplers (a scale, a variance, an exponent). Every finite {@code double} is a rational (an integer times a power
 * of two), so {@link #exact(double)} loses nothing; {@link #atLeast(Rational, int)} rounds a rational up to a
 * simpler one (a power-of-two denominator) when the samplers should run in {@code long} arithmetic — rounding a
 * noise scale up only adds noise, so privacy is kept.
 *
 * @param numerator   at least 0
 * @param denominator at least 1
 */
public record Rational(BigInteger numerator, BigInteger denominator) implements Comparable<Rational> {
    public static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
    public static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

    public Rational {
        Objects.requireNonNull(numerator, "numerator");
        Objects.requireNonNull(denominator, "denominator");
        if (denominator.signum() <= 0 || numerator.signum() < 0) {
            throw new IllegalArgumentException("a rational here is non-negative with a positive denominator: "
                    + numerator + "/" + denominator);
        }
        BigInteger gcd = numerator.gcd(denominator);
        if (!gcd.equals(BigInteger.ONE) && gcd.signum() != 0) {
            numerator = numerator.divide(gcd);
            denominator = denominator.divide(gcd);
        }
    }

    public static Rational of(long numerator, long denominator) {
        return new Rational(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
    }

    public static Rational of(long integer) {
        return of(integer, 1);
    }

    /** The exact value of a finite, non-negative double. */
    public static Rational exact(double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("a finite, non-negative number is needed: " + value);
        }
        BigDecimal d = new BigDecimal(value);
        return d.scale() <= 0
                ? new Rational(d.toBigIntegerExact(), BigInteger.ONE)
                : new Rational(d.unscaledValue(), BigInteger.TEN.pow(d.scale()));
    }

    /** The exact value of a non-negative BigDecimal. */
    public static Rational exact(BigDecimal value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("a non-negative number is needed: " + value);
        }
        return value.scale() <= 0
                ? new Rational(value.toBigIntegerExact(), BigInteger.ONE)
                : new Rational(value.unscaledValue(), BigInteger.TEN.pow(value.scale()));
    }

    /**
     * The smallest {@code p / 2^j} that is at least {@code x}, where {@code j >= 0} is the smallest exponent that
     * gives the numerator at least {@code bits} bits (and {@code j = 0} when x has that many already): a relative
     * rounding of at most {@code 2^-(bits-1)}.
     */
    public static Rational atLeast(Rational x, int bits) {
        BigInteger whole = x.numerator.divide(x.denominator);
        int j = Math.max(0, bits - whole.bitLength());
        BigInteger scaled = x.numerator.shiftLeft(j);
        BigInteger[] qr = scaled.divideAndRemainder(x.denominator);
        BigInteger p = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
        return new Rational(p, BigInteger.ONE.shiftLeft(j));
    }

    public Rational add(Rational o) {
        return new Rational(numerator.multiply(o.denominator).add(o.numerator.multiply(denominator)),
                denominator.multiply(o.denominator));
    }

    public Rational multiply(Rational o) {
        return new Rational(numerator.multiply(o.numerator), denominator.multiply(o.denominator));
    }

    public Rational divide(Rational o) {
        if (o.numerator.signum() == 0) {
            throw new ArithmeticException("division by zero");
        }
        return new Rational(numerator.multiply(o.denominator), denominator.multiply(o.numerator));
    }

    /** ⌊this⌋. */
    public BigInteger floor() {
        return numerator.divide(denominator);
    }

    /** ⌈this⌉. */
    public BigInteger ceil() {
        BigInteger[] qr = numerator.divideAndRemainder(denominator);
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }

    public boolean isZero() {
        return numerator.signum() == 0;
    }

    /** The nearest double (for reporting; never used to sample). */
    public double doubleValue() {
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), new MathContext(25)).doubleValue();
    }

    @Override
    public int compareTo(Rational o) {
        return numerator.multiply(o.denominator).compareTo(o.numerator.multiply(denominator));
    }

    @Override
    public String toString() {
        return denominator.equals(BigInteger.ONE) ? numerator.toString() : numerator + "/" + denominator;
    }
}
