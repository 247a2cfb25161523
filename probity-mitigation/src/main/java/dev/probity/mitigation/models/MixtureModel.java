package dev.probity.mitigation.models;

import dev.probity.core.frame.Frame;
import dev.probity.core.model.Model;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.TaskKind;
import dev.probity.core.model.Probabilities;
import dev.probity.core.model.Provenance;
import dev.probity.core.model.RandomizedModel;
import dev.probity.core.model.RowDraws;

import java.util.List;

/**
 * A randomized classifier, as the exponentiated-gradient reduction returns (Agarwal et al. 2018): predictor
 * {@code h} is used with probability {@code weights[h]}, so the expected decision is P(ŷ=1 | x) = Σ_h weight_h·h(x),
 * and a decision is a draw keyed by the row's values (see {@link RandomizedModel}). A regression mixture draws one
 * predictor per row the same way.
 */
public record MixtureModel(ModelInfo info, List<Model> predictors, double[] weights, long seed, Provenance provenance)
        implements RandomizedModel {
    public MixtureModel {
        predictors = List.copyOf(predictors);
        weights = weights.clone();
        if (predictors.size() != weights.length) {
            throw new IllegalArgumentException(predictors.size() + " predictors, " + weights.length + " weights");
        }
        if (provenance == null) {
            provenance = Provenance.unrecorded(info);
        }
    }

    /** A mixture whose provenance is recorded later (by the mitigation that made it). */
    public MixtureModel(ModelInfo info, List<Model> predictors, double[] weights, long seed) {
        this(info, predictors, weights, seed, null);
    }

    public MixtureModel withProvenance(ModelInfo newInfo, Provenance p) {
        return new MixtureModel(newInfo, predictors, weights, seed, p);
    }

    @Override
    public Probabilities predictProba(Frame data) {
        double[] p = new double[data.rowCount()];
        for (int h = 0; h < weights.length; h++) {
            if (weights[h] == 0) {
                continue;
            }
            double[] pred = predictors.get(h).predict(data);
            for (int i = 0; i < p.length; i++) {
                p[i] += weights[h] * pred[i];
            }
        }
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.min(1, Math.max(0, p[i]));
        }
        return Probabilities.binary(p);
    }

    @Override
    public double[] predict(Frame data, long seed) {
        long[] keys = RowDraws.keys(data, PostModels.inputs(info));
        if (info.output() == TaskKind.REGRESSION) {
            double[][] preds = new double[weights.length][];
            for (int h = 0; h < weights.length; h++) {
                preds[h] = weights[h] == 0 ? null : predictors.get(h).predict(data);
            }
            double[] u = RowDraws.uniforms(keys, seed);
            double[] out = new double[data.rowCount()];
            for (int i = 0; i < out.length; i++) {
                double acc = 0;
                int pick = -1;
                for (int h = 0; h < weights.length; h++) {
                    if (weights[h] == 0) {
                        continue;
                    }
                    pick = h;
                    acc += weights[h];
                    if (u[i] < acc) {
                        break;
                    }
                }
                out[i] = preds[pick][i];
            }
            return out;
        }
        return RowDraws.decide(predictProba(data).column(1), keys, seed);
    }
}
