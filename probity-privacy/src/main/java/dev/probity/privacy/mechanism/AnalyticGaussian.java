package dev.probity.privacy.mechanism;

import dev.probity.core.InputException;
import org.apache.commons.numbers.gamma.Erfc;
import org.apache.commons.numbers.gamma.Erfcx;

/**
 * The analytic Gaussian mechanism's calibration: Balle and Wang, "Improving the Gaussian Mechanism for Differential
 * Privacy: Analytical Calibration and Optimal Denoising" (ICML 2018), Theorem 8 and Algorithm 1. Adding
 * {@code N(0, σ²)} to a query of L2 sensitivity Δ is (ε, δ)-DP exactly when
 * <pre>
 *   δ ≥ Φ(Δ/(2σ) − εσ/Δ) − e^ε · Φ(−Δ/(2σ) − εσ/Δ)
 * </pre>
 * (Φ the standard normal CDF); the right-hand side falls as σ grows, so {@link #sigma} finds the smallest σ that
 * meets δ. Unlike the classic {@code σ = Δ√(2 ln(1.25/δ))/ε} (Dwork and Roth, Theorem A.1, only for ε < 1) it holds
 * for every ε > 0, and it is never larger.
 *
 * <p>Numerics: with {@code a = Δ/(2σ) − εσ/Δ} and {@code b = −Δ/(2σ) − εσ/Δ} one has {@code ε − b²/2 = −a²/2}, so
 * {@code e^ε Φ(b) = ½ e^{−a²/2} erfcx(−b/√2)} with the scaled complementary error function; nothing overflows for
 * large ε and nothing underflows before δ does. Balle and Wang's own code stops its bisection when δ is within
 * 10^-12 in absolute terms, which for δ = 10^-10 leaves σ off by up to 3·10^-4 relative; {@link #sigma} bisects σ to
 * the last bit instead and returns the upper end, so {@code delta(ε, sigma(ε, δ, Δ), Δ) <= δ} as computed.
 *
 * <p>This is the calibration for continuous Gaussian noise. Probity's Gaussian mechanisms add discrete Gaussian
 * noise, whose δ can be slightly larger or smaller at the same σ; they start from this σ and check it against the
 * discrete Gaussian's own δ ({@link DiscreteGaussianPrivacy}).
 */
public final class AnalyticGaussian {
    private static final double SQRT2 = Math.sqrt(2.0);

    private AnalyticGaussian() {
    }

    /**
     * The smallest σ for which Gaussian noise N(0, σ²) on a query of L2 sensitivity {@code sensitivity} is
     * ({@code epsilon}, {@code delta})-differentially private (Balle and Wang 2018).
     *
     * @param epsilon     ε > 0, finite
     * @param delta       δ in (0, 1)
     * @param sensitivity Δ > 0, finite
     */
    public static double sigma(double epsilon, double delta, double sensitivity) {
        Checks.epsilon(epsilon);
        checkOpenDelta(delta);
        Checks.sensitivity(sensitivity);
        // δ depends on σ/Δ only: solve for s = σ/Δ.
        double lo = 1;
        double hi = 1;
        if (deltaScaled(epsilon, 1) > delta) {
            while (deltaScaled(epsilon, hi) > delta) {
                lo = hi;
                hi *= 2;
            }
        } else {
            while (deltaScaled(epsilon, lo) <= delta) {
                hi = lo;
                lo /= 2;
                if (lo < 1e-300) {
                    break;
                }
            }
        }
        for (int i = 0; i < 2000 && Math.nextUp(lo) < hi; i++) {
            double mid = lo + (hi - lo) / 2;
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (deltaScaled(epsilon, mid) > delta) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        // σ = s·Δ is rounded; step up until δ at σ/Δ (rounded again) still meets the target.
        double sigma = hi * sensitivity;
        while (deltaScaled(epsilon, sigma / sensitivity) > delta) {
            sigma = Math.nextUp(sigma);
        }
        return sigma;
    }

    /**
     * The δ of Gaussian noise N(0, σ²) on a query of L2 sensitivity Δ at a given ε:
     * {@code Φ(Δ/(2σ) − εσ/Δ) − e^ε Φ(−Δ/(2σ) − εσ/Δ)} (the tight privacy profile; Balle and Wang 2018, Theorem 8).
     *
     * @param epsilon     ε ≥ 0, finite
     * @param sigma       σ > 0, finite
     * @param sensitivity Δ > 0, finite
     */
    public static double delta(double epsilon, double sigma, double sensitivity) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new InputException("epsilon must be non-negative and finite, got " + epsilon);
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new InputException("sigma must be positive and finite, got " + sigma);
        }
        Checks.sensitivity(sensitivity);
        return deltaScaled(epsilon, sigma / sensitivity);
    }

    /**
     * The smallest ε ≥ 0 for which N(0, σ²) noise on a query of L2 sensitivity Δ is (ε, δ)-DP: the inverse of
     * {@link #delta} in ε (δ falls as ε grows), by bisection to the last bit, rounded up.
     */
    public static double epsilon(double delta, double sigma, double sensitivity) {
        checkOpenDelta(delta);
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new InputException("sigma must be positive and finite, got " + sigma);
        }
        Checks.sensitivity(sensitivity);
        double s = sigma / sensitivity;
        if (deltaScaled(0, s) <= delta) {
            return 0;
        }
        double lo = 0;
        double hi = 1;
        while (deltaScaled(hi, s) > delta) {
            lo = hi;
            hi *= 2;
            if (Double.isInfinite(hi)) {
                throw new InputException("no finite epsilon reaches delta = " + delta + " at sigma = "
                        + sigma + " and sensitivity " + sensitivity);
            }
        }
        for (int i = 0; i < 2000; i++) {
            double mid = lo + (hi - lo) / 2;
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (deltaScaled(mid, s) > delta) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /** The classic bound σ = Δ√(2 ln(1.25/δ))/ε (Dwork and Roth 2014, Theorem A.1), which holds only for ε < 1. */
    public static double sigmaClassic(double epsilon, double delta, double sensitivity) {
        Checks.epsilon(epsilon);
        checkOpenDelta(delta);
        Checks.sensitivity(sensitivity);
        if (epsilon >= 1) {
            throw new InputException("the classic Gaussian calibration sigma = sensitivity * sqrt(2 ln(1.25/delta)) "
                    + "/ epsilon holds only for epsilon < 1 (Dwork and Roth 2014, Theorem A.1), got epsilon = " + epsilon
                    + "; use the analytic calibration, which holds for every epsilon");
        }
        return sensitivity * Math.sqrt(2 * Math.log(1.25 / delta)) / epsilon;
    }

    /** δ at ε for σ/Δ = s. */
    static double deltaScaled(double epsilon, double s) {
        double a = 1 / (2 * s) - epsilon * s;
        double b = -1 / (2 * s) - epsilon * s;
        if (a < 0) {
            // Φ(a) = ½ erfcx(−a/√2) e^{−a²/2}: both terms share the factor e^{−a²/2}.
            return Math.max(0, 0.5 * Math.exp(-a * a / 2) * (Erfcx.value(-a / SQRT2) - Erfcx.value(-b / SQRT2)));
        }
        double first = 1 - 0.5 * Erfc.value(a / SQRT2);
        double second = 0.5 * Erfcx.value(-b / SQRT2) * Math.exp(-a * a / 2);
        return Math.max(0, first - second);
    }

    private static void checkOpenDelta(double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new InputException("delta must be in (0, 1), got " + delta);
        }
    }
}
