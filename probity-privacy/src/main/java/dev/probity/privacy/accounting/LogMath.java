package dev.probity.privacy.accounting;

import org.apache.commons.numbers.gamma.Erfc;
import org.apache.commons.numbers.gamma.Erfcx;

/** Arithmetic on numbers held as their logarithms, and the Gaussian tails the accountants need. */
final class LogMath {
    private static final double SQRT2 = Math.sqrt(2.0);

    private LogMath() {
    }

    /** log(e^a + e^b); −∞ stands for 0. */
    static double add(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double hi = Math.max(a, b);
        return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
    }

    /** log erfc(x), accurate far into the upper tail (through the scaled erfcx, where erfc itself underflows). */
    static double logErfc(double x) {
        if (x < 0.5) {
            return Math.log(Erfc.value(x));
        }
        return Math.log(Erfcx.value(x)) - x * x;
    }

    /** Φ(x), the standard normal distribution function, with full relative precision in the lower tail. */
    static double phi(double x) {
        return 0.5 * Erfc.value(-x / SQRT2);
    }

    /** 1 − Φ(x), with full relative precision in the upper tail. */
    static double phiUpper(double x) {
        return 0.5 * Erfc.value(x / SQRT2);
    }
}
