package dev.probity.models.pipeline;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.probity.core.model.Probabilities;
import dev.probity.models.encode.Matrix;
import dev.probity.models.linear.LinearEstimator;
import dev.probity.models.tree.TreeEstimator;
import dev.probity.models.xgboost.XgbEstimator;

/**
 * A fitted model over an encoded {@link Matrix}: the part of a {@link PipelineModel} after its encoder.
 * Estimators are plain data (saved in the model file) plus the arithmetic that applies them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = LinearEstimator.class, name = "logistic"),
    @JsonSubTypes.Type(value = TreeEstimator.class, name = "tree"),
    @JsonSubTypes.Type(value = XgbEstimator.class, name = "xgboost")})
public interface Estimator {
    /** Class probabilities (classifiers). */
    Probabilities predictProba(Matrix x);

    /** Predicted values (regressors); classifiers return the positive-class probability when binary. */
    default double[] predictValue(Matrix x) {
        Probabilities p = predictProba(x);
        if (p.classes() != 2) {
            throw new UnsupportedOperationException("a multiclass estimator has no single value per row");
        }
        return p.column(1);
    }
}
