package dev.probity.core.testing;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Checks a property on one case and, when it fails, looks for a smaller case that fails too, so the report
 * shows the smallest example found next to the original. Shrinking is greedy: from the failing case, move to
 * the first smaller candidate (in the order {@code smaller} gives them) that still fails, until none does.
 * The original failure is kept as the cause.
 */
public final class Shrink {
    private static final int MAX_STEPS = 200;

    private Shrink() {
    }

    /**
     * Runs {@code property} on {@code c}. If it throws an {@link AssertionError} (or any runtime exception), the
     * smallest failing case reachable through {@code smaller} is found and an {@link AssertionError} is thrown
     * that names both cases and the smallest one's failure.
     */
    public static <T> void check(T c, Function<T, List<T>> smaller, Consumer<T> property) {
        Throwable first = failure(c, property);
        if (first == null) {
            return;
        }
        T smallest = c;
        Throwable smallestFailure = first;
        int steps = 0;
        boolean moved = true;
        while (moved && steps < MAX_STEPS) {
            moved = false;
            for (T candidate : smaller.apply(smallest)) {
                Throwable f = failure(candidate, property);
                steps++;
                if (f != null) {
                    smallest = candidate;
                    smallestFailure = f;
                    moved = true;
                    break;
                }
                if (steps >= MAX_STEPS) {
                    break;
                }
            }
        }
        AssertionError e = new AssertionError("property failed for " + c
                + (smallest == c ? "" : "\nsmallest failing case found by shrinking: " + smallest)
                + "\nfailure: " + smallestFailure.getMessage(), smallestFailure);
        if (smallestFailure != first) {
            e.addSuppressed(first);
        }
        throw e;
    }

    /** Runs the property without shrinking, but still names the case (seed included) in the failure. */
    public static <T> void check(T c, Consumer<T> property) {
        check(c, x -> List.of(), property);
    }

    private static <T> Throwable failure(T c, Consumer<T> property) {
        try {
            property.accept(c);
            return null;
        } catch (AssertionError | RuntimeException e) {
            return e;
        }
    }
}
