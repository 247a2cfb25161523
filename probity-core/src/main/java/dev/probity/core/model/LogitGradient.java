package dev.probity.core.model;

import dev.probity.core.frame.Frame;

import java.util.List;

/**
 * The gradient of a binary classifier's log-odds, {@code log(P(class 1) / P(class 0))}, with respect to its
 * numeric inputs, as they appear in the data (before any scaling the model does itself). Gradient attacks
 * (FGSM, PGD) and exact boundary distances need it; a model offers it through {@link Model#logitGradient()}
 * only when the log-odds really are differentiable in every numeric feature (a tree or a binned feature is not).
 */
public interface LogitGradient {
    /**
     * Row-major {@code data.rowCount() × features.size()}: entry {@code (i, j)} is ∂ log-odds / ∂ {@code features[j]}
     * at row {@code i}. A feature the model does not read has gradient 0.
     *
     * @throws IllegalArgumentException when a named feature is not a numeric input of the model
     */
    double[] gradient(Frame data, List<String> features);

    /**
     * The log-odds of each row. With {@link #affine()} true, {@code logOdds(x + d) = logOdds(x) + gradient · d}
     * exactly, for any step {@code d} of the numeric features.
     */
    double[] logOdds(Frame data);

    /** Whether the log-odds are affine in the numeric features (a logistic regression on unbinned numbers). */
    boolean affine();
}
