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
import dev.probity.mitigation.post.GroupRule;

import java.util.List;

/**
 * Group-specific (possibly randomized) thresholds on a base model's score — the threshold optimizer's model.
 * The expected decision of a row in group g with score s is {@code rules[g].probability(s)}; a decision is a draw
 * keyed by the row's values (see {@link RandomizedModel}). It reads the base model's features and the protected
 * attributes: a post-processor decides by group.
 */
public record GroupThresholdModel(ModelInfo info, Model base, GroupIndex groups, List<GroupRule> rules, long seed,
                                  Provenance provenance) implements RandomizedModel {
    public GroupThresholdModel {
        rules = List.copyOf(rules);
        if (rules.size() != groups.count()) {
            throw new IllegalArgumentException(rules.size() + " rules for " + groups.count() + " groups");
        }
    }

    @Override
    public Probabilities predictProba(Frame data) {
        info.checkInputs(data);
        double[] s = base.score(data);
        Groups g = groups.rows(data);
        double[] p = new double[s.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = rules.get(g.of()[i]).probability(s[i]);
        }
        return Probabilities.binary(p);
    }

    @Override
    public double[] predict(Frame data, long seed) {
        return RowDraws.decide(predictProba(data).column(1), RowDraws.keys(data, PostModels.inputs(info)), seed);
    }
}
