package dev.probity.privacy.mechanism;

import dev.probity.core.InputException;

/**
 * The privacy of adding discrete Gaussian noise {@code N_ℤ(0, σ²)} ({@link DiscreteGaussian}) to an integer query of
 * sensitivity Δ (a positive integer), after Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential
 * Privacy" (NeurIPS 2020).
 *
 * <ul>
 *   <li>{@link #rho}: the noise is {@code Δ²/(2σ²)}-zero-concentrated DP, the same ρ as continuous Gaussian noise
 *       (CKS20, Section 2).</li>
 *   <li>{@link #delta}: the exact δ at a given ε (CKS20, Section 2), the hockey-stick divergence
 *       {@code Σ_y max(0, p(y) − e^ε p(y + Δ))} with {@code p} the discrete Gaussian's probabilities, i.e.
 *       {@code P[Y > εσ²/Δ − Δ/2] − e^ε P[Y > εσ²/Δ + Δ/2]}. It is close to the continuous Gaussian's δ
 *       ({@link AnalyticGaussian#delta}) but not always below it: at σ = 1, Δ = 1, ε = 1 the discrete δ is 0.1414
 *       and the continuous 0.1269. So a σ calibrated for continuous noise is checked here before discrete noise is
 *       drawn with it.</li>
 * </ul>
 *
 * <p>Numerics: for σ up to 2^20, {@link #delta} sums the probabilities term by term in double precision, from just
 * below the threshold {@code εσ²/Δ − Δ/2} (terms below it are not positive) to where they fall below 10^-22 of the
 * sum, and adds a geometric bound for the rest. Each term's exponentials come from recurrences re-anchored every
 * 256 terms, so the relative error is about 10^-13 (10^-11 far in the tail, where the exponents reach hundreds);
 * the result is inflated by 10^-9 relative to stay an upper bound. The normalizing constant is
 * {@code σ√(2π)(1 + 2Σ_k e^{-2π²σ²k²})} (Poisson summation, exact) for σ ≥ 2 and a direct sum below. The cost is
 * about 6σ terms (about 20 ms at σ = 2^19). Above σ = 2^20 it returns a proven upper bound instead: the continuous
 * Gaussian's δ plus twice the largest probability at the threshold (see {@code bound}); measured at σ = 2^19 against
 * the sum, it is 0.47% above the exact δ for Δ = 4096 and δ = 10^-5, 1.5% for δ = 10^-10 (the grids of
 * {@link GaussianMechanism} have Δ between 4096 and 8192).
 */
public final class DiscreteGaussianPrivacy {
    private static final int RESYNC = 256;
    /** Above this σ, {@link #delta} bounds instead of summing. */
    static final double SUM_LIMIT = 0x1p20;

    private DiscreteGaussianPrivacy() {
    }

    /** ρ = Δ²/(2σ²): the zCDP of discrete Gaussian noise with variance parameter σ² on sensitivity Δ. */
    public static double rho(Rational sigmaSquared, long sensitivity) {
        Checks.sensitivity(sensitivity);
        double d = sensitivity;
        return d * d / (2 * sigmaSquared.doubleValue());
    }

    /**
     * The exact δ at {@code epsilon} of discrete Gaussian noise N_ℤ(0, σ²) on an integer query of sensitivity
     * {@code sensitivity} (CKS20), computed numerically as an upper bound (see the class comment).
     */
    public static double delta(Rational sigmaSquared, long sensitivity, double epsilon) {
        Checks.sensitivity(sensitivity);
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new InputException("epsilon must be non-negative and finite, got " + epsilon);
        }
        double s2 = sigmaSquared.doubleValue();
        if (!(s2 > 0) || Double.isInfinite(s2)) {
            throw new InputException("sigma squared must be positive and finite, got " + sigmaSquared);
        }
        double d = sensitivity;
        double threshold = epsilon * s2 / d - d / 2;
        if (!(Math.abs(threshold) < 0x1p52)) {
            throw new InputException("epsilon * sigma^2 / sensitivity is beyond 2^52: " + threshold);
        }
        return s2 > SUM_LIMIT * SUM_LIMIT ? bound(s2, d, epsilon, threshold) : sum(s2, d, epsilon, threshold);
    }

    /** The δ by summing the discrete Gaussian's probabilities (σ up to 2^20). */
    static double sum(double s2, double d, double epsilon, double threshold) {
        long y = (long) Math.floor(threshold) - 1;
        double z = normalizer(s2);
        double sum = 0;
        double w = 0;
        double ratio = 0;
        double decay = Math.exp(-1 / s2);
        double f = 0;
        double fStep = Math.exp(-d / s2);
        for (long k = 0; ; k++, y++) {
            if (k % RESYNC == 0) {
                double yd = y;
                w = Math.exp(-(yd * yd) / (2 * s2));
                ratio = Math.exp(-(2 * yd + 1) / (2 * s2));
                f = Math.exp(epsilon - (2 * yd * d + d * d) / (2 * s2));
                if (k == 0 && w == 0) {
                    // The first term beyond the threshold underflows: δ is below e^{-745}/Z.
                    return Double.MIN_NORMAL;
                }
            }
            if (f < 1) {
                sum += w * (1 - f);
            }
            if (y > 0 && y > threshold && (w == 0 || w < sum * 1e-22)) {
                double tail = ratio < 1 ? w / (1 - ratio) : Double.POSITIVE_INFINITY;
                return Math.min(1, (sum + tail) / z * (1 + 1e-9));
            }
            w *= ratio;
            ratio *= decay;
            f *= fStep;
        }
    }

    /**
     * An upper bound on δ for large σ, from the continuous δ. With m the first integer above the threshold,
     * δ = T(m) − e^ε T(m + Δ) for the tails T(j) = Σ_{y≥j} e^{−y²/(2σ²)} / Z. A sum of a unimodal function differs
     * from its integral by at most the function's largest value on the range, w̄(j) = e^{−max(j,0)²/(2σ²)}, and
     * Z ≥ σ√(2π) (Poisson summation), so T(m) ≤ Q(m/σ) + w̄(m)/(σ√(2π)) and
     * T(m+Δ) ≥ Q((m+Δ)/σ)/θ − w̄(m+Δ)/(σ√(2π)) with θ = Z/(σ√(2π)) ≤ 1 + 3e^{−2π²σ²} (Q the standard normal's upper
     * tail). And Q(m/σ) − e^ε Q((m+Δ)/σ) is at most its maximum over real thresholds, which is the continuous
     * Gaussian's δ. Hence δ ≤ δ_continuous + (w̄(m) + e^ε w̄(m+Δ))/(σ√(2π)) + e^ε Q((m+Δ)/σ)(1 − 1/θ), taken over the
     * three integers next to the computed threshold (so that a rounding of the threshold cannot pick the wrong m).
     * Relative to δ the extra terms are of order {@code x²/Δ} with {@code x ≈ √(2 ln(1/δ))} (δ is about
     * {@code (Δ/σ) φ(x)/x²} and the extra about {@code 2φ(x)/σ}): 0.47% for Δ = 4096 and δ = 10^-5 (measured), which
     * a calibration pays for with a σ larger by about 0.05% (measured at ε = 0.005, δ = 10^-5, Δ = 4096).
     */
    static double bound(double s2, double d, double epsilon, double threshold) {
        double sigma = Math.sqrt(s2);
        double continuous = AnalyticGaussian.deltaScaled(epsilon, sigma / d);
        double m0 = Math.floor(threshold) + 1;
        double excess = 0;
        for (int i = -1; i <= 1; i++) {
            double m = m0 + i;
            double wm = Math.exp(-Math.pow(Math.max(m, 0), 2) / (2 * s2));
            double wmd = Math.exp(epsilon - Math.pow(Math.max(m + d, 0), 2) / (2 * s2));
            excess = Math.max(excess, (wm + wmd) / (sigma * Math.sqrt(2 * Math.PI)));
        }
        double theta = 3 * Math.exp(-2 * Math.PI * Math.PI * s2);
        return Math.min(1, (continuous + excess + theta * Math.exp(epsilon)) * (1 + 1e-9));
    }

    /** Σ_y exp(−y²/(2σ²)). */
    static double normalizer(double s2) {
        if (s2 >= 4) {
            double theta = 1;
            for (int k = 1; k <= 3; k++) {
                theta += 2 * Math.exp(-2 * Math.PI * Math.PI * s2 * k * k);
            }
            return Math.sqrt(2 * Math.PI * s2) * theta;
        }
        long range = (long) Math.ceil(40 * Math.sqrt(s2)) + 2;
        double sum = 1;
        for (long y = range; y >= 1; y--) {
            sum += 2 * Math.exp(-(double) y * y / (2 * s2));
        }
        return sum;
    }

    /**
     * The smallest simple σ² (a numerator of at least 24 bits over a power of two, at least {@code sigmaStart²}
     * times a hair) whose discrete Gaussian is ({@code epsilon}, {@code delta})-DP for the sensitivity: start a
     * hair (2^-30) above {@code sigmaStart} (the continuous calibration), double the hair until {@link #delta} is
     * at most δ, then bisect the hair down again.
     */
    static Rational calibrate(double epsilon, double delta, long sensitivity, double sigmaStart) {
        if (!(sigmaStart < Checks.MAX_NOISE_UNITS)) {
            throw new InputException("epsilon = " + epsilon + " and delta = " + delta + " are too small: the noise's sigma "
                    + "would exceed 2^44 steps (in units of the grid or of the integers; at most about 1.8e13)");
        }
        double failing = 0;
        double hair = 0x1p-30;
        Rational passing = null;
        for (int i = 0; i < 80 && passing == null; i++) {
            Rational s2 = varianceAtLeast(sigmaStart * (1 + hair));
            if (delta(s2, sensitivity, epsilon) <= delta) {
                passing = s2;
            } else {
                failing = hair;
                hair *= 2;
            }
        }
        if (passing == null) {
            throw new IllegalStateException("no sigma up to 2^50 times the continuous calibration meets delta = " + delta);
        }
        // Narrow the hair between the last failure and the first success, keeping a passing σ² throughout (δ need
        // not be monotone in σ for the discrete Gaussian; only the σ² returned has to pass).
        double lo = failing;
        double hi = hair;
        for (int i = 0; i < 24 && hi - lo > 0x1p-30; i++) {
            double mid = (lo + hi) / 2;
            Rational s2 = varianceAtLeast(sigmaStart * (1 + mid));
            if (delta(s2, sensitivity, epsilon) <= delta) {
                hi = mid;
                passing = s2;
            } else {
                lo = mid;
            }
        }
        return passing;
    }

    /** A simple rational at least σ²: 24 significant bits or more over a power of two. */
    static Rational varianceAtLeast(double sigma) {
        Rational s = Rational.exact(sigma);
        return Rational.atLeast(s.multiply(s), 24);
    }
}
