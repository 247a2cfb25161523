package dev.probity.mitigation.models;

import dev.probity.core.frame.Frame;
import dev.probity.core.model.Model;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.Probabilities;
import dev.probity.core.model.Provenance;
import dev.probity.core.model.RandomizedModel;
import dev.probity.core.model.RowDraws;
import dev.probity.mitigation.GroupIndex;
import dev.probity.mitigation.Groups;

/**
 * Equalized-odds post-processing's model (Hardt, Price &amp; Srebro 2016): the base model's decision is kept positive
 * with probability {@code keepPositive[g]} and a negative one turned positive with probability
 * {@code flipNegative[g]}, for the row's group g.
 */
public record GroupFlipModel(ModelInfo info, Model base, GroupIndex groups, double[] keepPositive, double[] flipNegative,
                             long seed, Provenance provenance) implements RandomizedModel {
    public GroupFlipModel {
        keepPositive = keepPositive.clone();
        flipNegative = flipNegative.clone();
    }

    @Override
    public Probabilities predictProba(Frame data) {
        info.checkInputs(data);
        double[] pred = base.predict(data);
        Groups g = groups.rows(data);
        double[] p = new double[pred.length];
        for (int i = 0; i < p.length; i++) {
            int k = g.of()[i];
            p[i] = pred[i] >= 0.5 ? keepPositive[k] : flipNegative[k];
        }
        return Probabilities.binary(p);
    }

    @Override
    public double[] predict(Frame data, long seed) {
        return RowDraws.decide(predictProba(data).column(1), RowDraws.keys(data, PostModels.inputs(info)), seed);
    }
}
