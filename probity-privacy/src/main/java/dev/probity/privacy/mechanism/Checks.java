package dev.probity.privacy.mechanism;

import dev.probity.core.InputException;

/** Validation of the parameters every mechanism takes, with messages that name the parameter and the value. */
final class Checks {
    /**
     * The largest noise scale (or σ) in units of the grid or of the integers: it keeps samples and the discrete
     * Gaussian's privacy threshold well inside exact 64-bit and double arithmetic (ε down to about 5·10^-10 on a
     * grid).
     */
    static final double MAX_NOISE_UNITS = 0x1p44;

    private Checks() {
    }

    static double epsilon(double epsilon) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new InputException("epsilon must be positive and finite, got " + epsilon);
        }
        return epsilon;
    }

    /** δ in [0, 1). */
    static double delta(double delta) {
        if (!(delta >= 0 && delta < 1)) {
            throw new InputException("delta must be in [0, 1), got " + delta);
        }
        return delta;
    }

    /** δ in (0, 1): what a Gaussian needs (no Gaussian noise gives δ = 0). */
    static double positiveDelta(double delta) {
        delta(delta);
        if (delta == 0) {
            throw new InputException("delta must be positive for Gaussian noise (it cannot give delta = 0; use Laplace "
                    + "noise for pure epsilon-differential privacy), got 0");
        }
        if (delta < 1e-250) {
            throw new InputException("delta below 1e-250 is not supported, got " + delta);
        }
        return delta;
    }

    static double rho(double rho) {
        if (!(rho > 0) || Double.isInfinite(rho)) {
            throw new InputException("rho (zero-concentrated differential privacy) must be positive and finite, got " + rho);
        }
        return rho;
    }

    static double sensitivity(double sensitivity) {
        if (!(sensitivity > 0) || Double.isInfinite(sensitivity)) {
            throw new InputException("sensitivity must be positive and finite, got " + sensitivity);
        }
        if (sensitivity < Double.MIN_NORMAL) {
            throw new InputException("sensitivity must be at least 2^-1022 (about 2.2e-308), got " + sensitivity);
        }
        return sensitivity;
    }

    static long sensitivity(long sensitivity) {
        if (sensitivity <= 0) {
            throw new InputException("sensitivity must be a positive integer, got " + sensitivity);
        }
        return sensitivity;
    }

    static double value(String what, double value) {
        if (!Double.isFinite(value)) {
            throw new InputException(what + " must be finite, got " + value);
        }
        return value;
    }
}
