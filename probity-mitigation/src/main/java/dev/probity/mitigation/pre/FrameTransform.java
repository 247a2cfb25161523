package dev.probity.mitigation.pre;

import dev.probity.core.frame.Frame;

/**
 * A fitted change of the data that a pre-processing method makes before the model sees it. Fitted on the training
 * data and applied row by row afterwards, so a row is transformed the same way in any batch; the transformed model
 * ({@link dev.probity.mitigation.models.TransformedModel}) applies it before predicting.
 */
public sealed interface FrameTransform permits DisparateImpactRemover.Repair, CorrelationRemover.Removal {
    /** The columns the transform reads, besides the protected attributes. */
    java.util.List<String> columns();

    Frame apply(Frame data);
}
