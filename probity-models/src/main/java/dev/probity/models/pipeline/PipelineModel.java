package dev.probity.models.pipeline;

import dev.probity.core.frame.Frame;
import dev.probity.core.model.Model;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.OutputKind;
import dev.probity.core.model.Probabilities;
import dev.probity.models.encode.Encoder;
import dev.probity.models.encode.Matrix;

/** A model trained by Probity: an {@link Encoder} followed by an {@link Estimator}. */
public record PipelineModel(ModelInfo info, Encoder encoder, Estimator estimator) implements Model {
    @Override
    public Probabilities predictProba(Frame data) {
        if (!info.output().isClassification()) {
            throw new UnsupportedOperationException(info.algorithm() + " model is a regressor; it has no class probabilities");
        }
        info.checkInputs(data);
        return estimator.predictProba(encoder.transform(data));
    }

    /** Probabilities from an already encoded matrix (for callers that encode once and predict often). */
    public Probabilities predictProba(Matrix x) {
        return estimator.predictProba(x);
    }

    @Override
    public double[] predict(Frame data) {
        if (info.output() == OutputKind.REGRESSION) {
            info.checkInputs(data);
            return estimator.predictValue(encoder.transform(data));
        }
        return Model.super.predict(data);
    }
}
