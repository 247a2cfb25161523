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
 * Calibrated equalized odds' model (Pleiss et al. 2017): with probability {@code mixRate[g]} a row of group g gets
 * the group's base rate {@code baseRate[g]} as its score, otherwise the base model's score; the decision is
 * score ≥ 0.5. So P(ŷ=1) = α_g·1[μ_g ≥ ½] + (1 − α_g)·1[s ≥ ½].
 */
public record CalibratedMixModel(ModelInfo info, Model base, GroupIndex groups, double[] baseRate, double[] mixRate, long seed,
                                 Provenance provenance) implements RandomizedModel {
    public CalibratedMixModel {
        baseRate = baseRate.clone();
        mixRate = mixRate.clone();
    }

    @Override
    public Probabilities predictProba(Frame data) {
        info.checkInputs(data);
        double[] s = base.score(data);
        Groups g = groups.rows(data);
        double[] p = new double[s.length];
        for (int i = 0; i < p.length; i++) {
            int k = g.of()[i];
            p[i] = mixRate[k] * (baseRate[k] >= 0.5 ? 1 : 0) + (1 - mixRate[k]) * (s[i] >= 0.5 ? 1 : 0);
        }
        return Probabilities.binary(p);
    }

    @Override
    public double[] predict(Frame data, long seed) {
        return RowDraws.decide(predictProba(data).column(1), RowDraws.keys(data, PostModels.inputs(info)), seed);
    }
}
