package dev.probity.core.model;

import dev.probity.core.frame.Frame;

import java.util.List;

/**
 * What a {@link Trainer} fits on: the feature columns to read from {@code data}, the labels, optional
 * non-negative sample weights (null means every row weighs 1) and the seed of any randomness.
 */
public record TrainingSet(Frame data, List<String> features, Labels labels, double[] weights, long seed) {
    public TrainingSet {
        features = List.copyOf(features);
        data.requireRows();
        if (labels.size() != data.rowCount()) {
            throw new IllegalArgumentException(labels.size() + " labels for " + data.rowCount() + " rows");
        }
        if (weights != null) {
            if (weights.length != data.rowCount()) {
                throw new IllegalArgumentException(weights.length + " weights for " + data.rowCount() + " rows");
            }
            for (int i = 0; i < weights.length; i++) {
                if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                    throw new IllegalArgumentException("sample weight " + weights[i] + " at row " + i
                            + " is not a finite non-negative number");
                }
            }
        }
    }

    public int rows() {
        return data.rowCount();
    }

    /** The same data and features with other labels and weights (for reductions and reweighing). */
    public TrainingSet with(Labels newLabels, double[] newWeights) {
        return new TrainingSet(data, features, newLabels, newWeights, seed);
    }

    /** The weight of row {@code i} (1 when unweighted). */
    public double weight(int i) {
        return weights == null ? 1 : weights[i];
    }
}
