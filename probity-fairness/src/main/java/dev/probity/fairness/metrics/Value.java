package dev.probity.fairness.metrics;

/**
 * A metric's value, or the reason it has none. 0/0, an empty group, a one-class group: the result says
 * {@code undefined} with a reason instead of leaking NaN into a report.
 */
public record Value(double value, String undefinedReason) {

    /** A defined value; NaN is undefined ("not a number") and ±∞ undefined ("infinite"): no report shows either as a number. */
    public static Value of(double v) {
        if (Double.isNaN(v)) {
            return undefined("not a number");
        }
        if (Double.isInfinite(v)) {
            return undefined("infinite");
        }
        return new Value(v, null);
    }

    public static Value undefined(String reason) {
        return new Value(Double.NaN, reason);
    }

    /** {@code num / den}, undefined with {@code reason} when {@code den} is 0. */
    public static Value ratio(double num, double den, String reason) {
        if (den == 0) {
            return undefined(reason);
        }
        return of(num / den);
    }

    public boolean isDefined() {
        return undefinedReason == null;
    }

    /** The value, or {@code fallback} when undefined. */
    public double orElse(double fallback) {
        return isDefined() ? value : fallback;
    }

    public Value minus(Value o) {
        if (!isDefined()) {
            return this;
        }
        if (!o.isDefined()) {
            return o;
        }
        return of(value - o.value);
    }

    /** {@code this / o}, undefined when either is undefined or {@code o} is 0. */
    public Value over(Value o, String zeroReason) {
        if (!isDefined()) {
            return this;
        }
        if (!o.isDefined()) {
            return o;
        }
        return ratio(value, o.value, zeroReason);
    }

    @Override
    public String toString() {
        return isDefined() ? Double.toString(value) : "undefined (" + undefinedReason + ")";
    }
}
