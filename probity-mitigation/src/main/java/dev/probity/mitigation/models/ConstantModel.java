package dev.probity.mitigation.models;

import dev.probity.core.frame.Frame;
import dev.probity.core.model.Model;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.Probabilities;

/** Predicts the same class for every row (what a reduction uses when every relabelled row agrees). */
public record ConstantModel(ModelInfo info, double value) implements Model {
    @Override
    public Probabilities predictProba(Frame data) {
        double[] p = new double[data.rowCount()];
        java.util.Arrays.fill(p, value);
        return Probabilities.binary(p);
    }

    @Override
    public double[] predict(Frame data) {
        double[] p = new double[data.rowCount()];
        java.util.Arrays.fill(p, value);
        return p;
    }
}
