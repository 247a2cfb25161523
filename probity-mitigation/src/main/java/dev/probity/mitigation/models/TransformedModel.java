package dev.probity.mitigation.models;

import dev.probity.core.frame.Frame;
import dev.probity.core.model.Model;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.TaskKind;
import dev.probity.core.model.Probabilities;
import dev.probity.core.model.Provenance;
import dev.probity.mitigation.pre.FrameTransform;

/**
 * A pre-processing method's model: the fitted {@link FrameTransform} (disparate impact repair, correlation removal),
 * then the model trained on transformed data. It reads the inner model's features and the protected attributes
 * (the transform works per group).
 */
public record TransformedModel(ModelInfo info, FrameTransform transform, Model inner, Provenance provenance) implements Model {
    @Override
    public Probabilities predictProba(Frame data) {
        info.checkInputs(data);
        return inner.predictProba(transform.apply(data));
    }

    @Override
    public double[] predict(Frame data) {
        info.checkInputs(data);
        if (info.output() == TaskKind.REGRESSION) {
            return inner.predict(transform.apply(data));
        }
        return Model.super.predict(data);
    }
}
