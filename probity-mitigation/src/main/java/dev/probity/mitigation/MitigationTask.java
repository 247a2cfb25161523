package dev.probity.mitigation;

import dev.probity.core.model.Model;
import dev.probity.core.model.Trainer;
import dev.probity.core.model.TrainingSet;

import java.util.Objects;

/**
 * What a mitigation method works on: the training set (features, binary labels, seed), every row's protected group
 * ({@link Groups}), the trainer of the model family, and the baseline model that trainer fitted on the same data
 * (post-processors change its decisions; massaging and preferential resampling use its scores).
 */
public record MitigationTask(TrainingSet training, Groups groups, Trainer trainer, Model baseline) {
    public MitigationTask {
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(trainer, "trainer");
        Objects.requireNonNull(baseline, "baseline");
        if (groups.rows() != training.rows()) {
            throw new IllegalArgumentException(groups.rows() + " group assignments for " + training.rows() + " rows");
        }
    }

    public long seed() {
        return training.seed();
    }
}
