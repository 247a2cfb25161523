package dev.probity.explain.shap;

/**
 * The one number per row an explanation explains (a probability, a raw score or a value), computed for a
 * batch of dense rows of a {@link FeatureSpace}. Implementations must be safe to call from several threads.
 */
@FunctionalInterface
public interface Predictor {
    /** Writes the output of each of the {@code n} rows (row-major, {@code width} values each) into {@code out}. */
    void predict(double[] rows, int n, double[] out);
}
