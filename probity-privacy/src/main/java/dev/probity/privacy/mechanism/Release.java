package dev.probity.privacy.mechanism;

import java.util.Arrays;
import java.util.Objects;

/**
 * A value released by a mechanism, with what the release guarantees and whether its noise was private.
 *
 * <p>{@code privateNoise} is false when the noise came from a seeded source ({@link Randomness#seeded(long)}): such
 * a release is reproducible by anyone with the seed and protects nobody. It is for tests and benchmarks only, and
 * {@link #toString()} and {@link #privacyNote()} say so.
 *
 * @param value        the noisy value
 * @param guarantee    the privacy guarantee the mechanism gives when its noise is private
 * @param privateNoise true when the noise came from a secure source
 * @param <T>          the type of the value
 */
public record Release<T>(T value, Guarantee guarantee, boolean privateNoise) {
    public static final String NOT_PRIVATE = "not private (seeded noise, for tests)";

    public Release {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(guarantee, "guarantee");
    }

    /** "private" or {@value #NOT_PRIVATE}. */
    public String privacyNote() {
        return privateNoise ? "private" : NOT_PRIVATE;
    }

    @Override
    public String toString() {
        String shown = value instanceof int[] a ? Arrays.toString(a)
                : value instanceof long[] a ? Arrays.toString(a)
                : value instanceof double[] a ? Arrays.toString(a) : String.valueOf(value);
        return shown + " (" + guarantee + "; " + privacyNote() + ")";
    }
}
