package dev.probity.mitigation.models;

import dev.probity.core.frame.Frame;
import dev.probity.core.model.Model;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.Probabilities;
import dev.probity.core.model.Provenance;
import dev.probity.mitigation.GroupIndex;
import dev.probity.mitigation.Groups;

/**
 * Reject option classification's model (Kamiran, Karim &amp; Zhang 2012): within {@code margin} of the threshold,
 * rows of the groups marked disadvantaged are decided positive and the others negative; elsewhere the base score
 * decides (score ≥ threshold). Deterministic.
 */
public record RejectOptionModel(ModelInfo info, Model base, GroupIndex groups, double threshold, double margin,
                                boolean[] disadvantaged, Provenance provenance) implements Model {
    public RejectOptionModel {
        disadvantaged = disadvantaged.clone();
    }

    @Override
    public Probabilities predictProba(Frame data) {
        info.checkInputs(data);
        double[] s = base.score(data);
        Groups g = groups.rows(data);
        double[] p = new double[s.length];
        for (int i = 0; i < p.length; i++) {
            boolean dis = disadvantaged[g.of()[i]];
            p[i] = Math.abs(s[i] - threshold) <= margin ? (dis ? 1 : 0) : (s[i] >= threshold ? 1 : 0);
        }
        return Probabilities.binary(p);
    }
}
