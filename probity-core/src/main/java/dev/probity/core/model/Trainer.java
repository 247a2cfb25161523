package dev.probity.core.model;

import java.util.Map;

/**
 * Fits a {@link Model} on a {@link TrainingSet}. Trainers are deterministic: the same training set
 * (including its seed) gives the same model, to the byte.
 */
public interface Trainer {
    /** A short name such as {@code logistic}. */
    String algorithm();

    /** Every parameter that shapes the fit, for provenance. */
    Map<String, Object> parameters();

    /** Whether {@link TrainingSet#weights()} are honoured (reductions and reweighing need it). */
    boolean supportsWeights();

    Model fit(TrainingSet data);

    /**
     * A trainer for many fits on the same rows and features with changing labels and weights, as the
     * reductions approach makes: it may keep the encoded features and start each fit from the last
     * solution. Results stay deterministic for a given sequence of calls. The default is this trainer.
     */
    default Trainer forRepeatedFits() {
        return this;
    }
}
