package dev.probity.models.pipeline;

import dev.probity.core.frame.Frame;
import dev.probity.core.model.Model;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.TaskKind;
import dev.probity.core.model.Probabilities;
import dev.probity.core.model.Provenance;
import dev.probity.models.encode.Encoder;
import dev.probity.models.encode.Matrix;

/**
 * A model trained by Probity (or an XGBoost model it loaded): an {@link Encoder} followed by an {@link Estimator},
 * with the {@link Provenance} its trainer recorded.
 */
public record PipelineModel(ModelInfo info, Encoder encoder, Estimator estimator, Provenance provenance) implements Model {
    public PipelineModel {
        java.util.Objects.requireNonNull(info, "info");
        if (provenance == null) {
            provenance = Provenance.unrecorded(info);
        }
    }

    /** A pipeline whose origin is not recorded. */
    public PipelineModel(ModelInfo info, Encoder encoder, Estimator estimator) {
        this(info, encoder, estimator, null);
    }

    /** The same model with another provenance (a mitigation step that produced it, say). */
    public PipelineModel withProvenance(Provenance p) {
        return new PipelineModel(info, encoder, estimator, p);
    }

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
    public java.util.Optional<dev.probity.core.model.LogitGradient> logitGradient() {
        if (info.output() == TaskKind.BINARY && estimator instanceof dev.probity.models.linear.LinearEstimator linear) {
            return dev.probity.models.linear.LinearLogitGradient.of(encoder, linear);
        }
        return java.util.Optional.empty();
    }

    @Override
    public double[] predict(Frame data) {
        if (info.output() == TaskKind.REGRESSION) {
            info.checkInputs(data);
            return estimator.predictValue(encoder.transform(data));
        }
        return Model.super.predict(data);
    }
}
