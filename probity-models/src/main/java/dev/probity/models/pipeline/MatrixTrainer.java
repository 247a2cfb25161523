package dev.probity.models.pipeline;

import dev.probity.core.model.Labels;
import dev.probity.models.encode.EncodingSpec;
import dev.probity.models.encode.Matrix;

import java.util.Map;

/** Fits an {@link Estimator} on an encoded matrix; wrapped by {@link PipelineTrainer} to fit on frames. */
public interface MatrixTrainer {
    String algorithm();

    Map<String, Object> parameters();

    /** The encoding this algorithm works best with, when the user does not choose one. */
    EncodingSpec defaultEncoding();

    /** Whether labels may be numeric (regression). */
    boolean supportsRegression();

    Estimator fit(Matrix x, Labels y, double[] weights, long seed);

    /**
     * Fits with a validation set for early stopping where the algorithm has it; the default ignores the
     * validation set.
     */
    default Estimator fit(Matrix x, Labels y, double[] weights, long seed, Matrix validX, Labels validY) {
        return fit(x, y, weights, seed);
    }

    /**
     * A copy that may start each fit from the previous solution (see
     * {@link dev.probity.core.model.Trainer#forRepeatedFits()}); default: this trainer.
     */
    default MatrixTrainer warmStarting() {
        return this;
    }
}
