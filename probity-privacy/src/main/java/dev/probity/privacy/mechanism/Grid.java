package dev.probity.privacy.mechanism;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The lattice {@code g·ℤ} with {@code g = 2^exponent} on which the real-valued mechanisms work, after OpenDP's
 * "float → integer scaling" ({@code sample_discrete_laplace_Z2k}) and Google's granularity (SecureNoiseMath): a
 * value is rounded to the nearest multiple of g, the mechanism adds integer noise in units of g, and the result is
 * turned back into a double. Because g is a power of two, {@code x / g} is exact for every double x (a shift of
 * the exponent), so rounding happens once, in the one place the argument accounts for.
 *
 * <p>Rounding is half up, {@code n(x) = ⌊x/g + 1/2⌋}, so for two values at most Δ apart the indices are at most
 * {@code ⌈Δ/g⌉} apart: with {@code u = x/g + 1/2} and {@code v = x'/g + 1/2},
 * {@code ⌊u⌋ - ⌊v⌋ < (u - v) + 1 <= Δ/g + 1}, and an integer below {@code Δ/g + 1} is at most {@code ⌈Δ/g⌉}. That
 * integer is the sensitivity the noise is calibrated to ({@link #units(double)}); it is at most {@code Δ/g + 1},
 * i.e. rounding costs at most one unit of g of sensitivity (OpenDP adds the same {@code 2^k} "relaxation").
 *
 * <p>Turning {@code index·g} back into a double rounds to the nearest representable value when
 * |index| exceeds 2^53; that is post-processing of the integer result and costs no privacy.
 */
final class Grid {
    /** The default: g is 2^12 times finer than the sensitivity, so rounding adds at most 1/4096 to it. */
    static final int BITS_BELOW_SENSITIVITY = 12;
    private static final double LONG_RANGE = 0x1p62;
    private static final BigDecimal HALF = new BigDecimal("0.5");

    final int exponent;

    private Grid(int exponent) {
        this.exponent = exponent;
    }

    static Grid ofExponent(int exponent) {
        return new Grid(Math.max(exponent, -1074));
    }

    /** The grid 2^12 times finer than {@code sensitivity} (a normal, positive double). */
    static Grid forSensitivity(double sensitivity) {
        return ofExponent(Math.getExponent(sensitivity) - BITS_BELOW_SENSITIVITY);
    }

    double granularity() {
        return Math.scalb(1.0, exponent);
    }

    /** ⌈Δ/g⌉: the sensitivity of the rounded value, in units of g. */
    long units(double sensitivity) {
        double u = Math.scalb(sensitivity, -exponent);
        if (!(u < LONG_RANGE)) {
            throw new IllegalArgumentException("sensitivity too large for the grid: " + sensitivity);
        }
        return (long) Math.ceil(u);
    }

    /** True when every index of a value x fits a long (|x/g| below 2^62). */
    boolean fitsLong(double x) {
        return Math.abs(Math.scalb(x, -exponent)) < LONG_RANGE;
    }

    /** ⌊x/g + 1/2⌋ for |x/g| < 2^62 ({@link Math#round(double)} is exactly that, ties upward). */
    long index(double x) {
        return Math.round(Math.scalb(x, -exponent));
    }

    /** ⌊x/g + 1/2⌋ for any finite x, in exact decimal arithmetic (x/g may overflow a double). */
    BigInteger bigIndex(double x) {
        if (fitsLong(x)) {
            return BigInteger.valueOf(index(x));
        }
        BigDecimal u = new BigDecimal(x).divide(exactGranularity());
        return u.add(HALF).setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
    }

    private BigDecimal exactGranularity() {
        return exponent >= 0 ? new BigDecimal(BigInteger.ONE.shiftLeft(exponent))
                : BigDecimal.ONE.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-exponent)));
    }

    /** index·g as the nearest double. */
    double value(long index) {
        return Math.scalb((double) index, exponent);
    }

    /** index·g as the nearest double (±infinity beyond the double range). */
    double value(BigInteger index) {
        if (index.bitLength() < 63) {
            return value(index.longValue());
        }
        return new BigDecimal(index).multiply(exactGranularity()).doubleValue();
    }

    /** (index of x) + noise, as the nearest double. */
    double addNoise(double x, long noise) {
        if (fitsLong(x)) {
            long i = index(x);
            long sum = i + noise;
            if (((i ^ sum) & (noise ^ sum)) >= 0) {
                return value(sum);
            }
        }
        return value(bigIndex(x).add(BigInteger.valueOf(noise)));
    }
}
