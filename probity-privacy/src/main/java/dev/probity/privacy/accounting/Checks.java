package dev.probity.privacy.accounting;

import dev.probity.core.InputException;

/** Validation of the accountants' arguments; each message names the parameter and the value it got. */
final class Checks {
    private Checks() {
    }

    static double sampleRate(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new InputException("the sample rate q must be between 0 and 1; got " + q);
        }
        return q;
    }

    static double noiseMultiplier(double sigma) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new InputException("the noise multiplier sigma (noise standard deviation over L2 sensitivity) must be a finite number >= 0; got "
                    + sigma);
        }
        return sigma;
    }

    static double delta(double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new InputException("delta must be strictly between 0 and 1; got " + delta);
        }
        return delta;
    }

    static double epsilon(String name, double epsilon) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new InputException(name + " must be a finite number >= 0; got " + epsilon);
        }
        return epsilon;
    }

    static double nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new InputException(name + " must be a finite number >= 0; got " + v);
        }
        return v;
    }

    static double positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new InputException(name + " must be a finite number > 0; got " + v);
        }
        return v;
    }

    static double probability(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new InputException(name + " must be between 0 and 1; got " + v);
        }
        return v;
    }

    static long steps(String name, long steps) {
        if (steps < 0) {
            throw new InputException(name + " must be >= 0; got " + steps);
        }
        return steps;
    }
}
