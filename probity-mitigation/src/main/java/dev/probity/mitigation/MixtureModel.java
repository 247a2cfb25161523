package dev.probity.mitigation;

import dev.probity.core.frame.Frame;
import dev.probity.core.model.Model;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.OutputKind;
import dev.probity.core.model.Probabilities;
import dev.probity.core.stats.SplitMix64;

import java.util.List;

/**
 * A randomized classifier: predictor {@code h} is used with probability {@code weights[h]}, so
 * P(ŷ=1 | x) = Σ weight·h(x). {@link #predict} draws the decision of row i from a SplitMix64 stream
 * seeded by {@code seed} and i, so the same data and seed give the same decisions.
 */
public record MixtureModel(ModelInfo info, List<Model> predictors, double[] weights, long seed) implements Model {
    public MixtureModel {
        predictors = List.copyOf(predictors);
        if (predictors.size() != weights.length) {
            throw new IllegalArgumentException(predictors.size() + " predictors, " + weights.length + " weights");
        }
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
    public double[] predict(Frame data) {
        if (info.output() == OutputKind.REGRESSION) {
            // a row-level draw of one predictor, as Fairlearn's randomized regression predictor
            double[][] preds = new double[weights.length][];
            for (int h = 0; h < weights.length; h++) {
                preds[h] = weights[h] == 0 ? null : predictors.get(h).predict(data);
            }
            double[] out = new double[data.rowCount()];
            for (int i = 0; i < out.length; i++) {
                double u = SplitMix64.uniform(seed, i);
                double acc = 0;
                int pick = -1;
                for (int h = 0; h < weights.length; h++) {
                    if (weights[h] == 0) {
                        continue;
                    }
                    pick = h;
                    acc += weights[h];
                    if (u < acc) {
                        break;
                    }
                }
                out[i] = preds[pick][i];
            }
            return out;
        }
        return draw(predictProba(data).column(1), seed);
    }

    /** Randomized 0/1 decisions: row i is 1 when its uniform draw is below {@code p[i]}. */
    public static double[] draw(double[] p, long seed) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = SplitMix64.uniform(seed, i) < p[i] ? 1 : 0;
        }
        return out;
    }
}
