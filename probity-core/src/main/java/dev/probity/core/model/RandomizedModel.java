package dev.probity.core.model;

import dev.probity.core.frame.Frame;

/**
 * A binary classifier whose decisions are random draws (a randomized threshold, a mixture of classifiers, a
 * post-processor that flips some decisions). {@link #predictProba} gives the expected decision — the probability
 * that a row is decided positive — and {@link #predict} a draw: row i is positive when a uniform draw keyed by
 * {@link #seed()} and a hash of the row's input values falls below that probability. Keying by content, not by
 * position, means the same row gets the same decision in any batch, alone or among others, before and after the
 * model is saved and reloaded.
 */
public interface RandomizedModel extends Model {
    /** The seed of the decisions' draws. */
    long seed();

    /** Decisions drawn with another seed (0/1 per row). */
    double[] predict(Frame data, long seed);

    @Override
    default double[] predict(Frame data) {
        return predict(data, seed());
    }
}
