package dev.probity.models.linear;

import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Feature;
import dev.probity.core.model.LogitGradient;
import dev.probity.models.encode.Encoder;
import dev.probity.models.encode.Step;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The log-odds gradient of a binary logistic regression: for a number encoded as {@code (x - center) / scale}
 * with coefficient β, ∂ log-odds / ∂x = β / scale, the same at every point. Offered only when every numeric
 * feature is encoded that way; a binned number makes the log-odds a step function, with no useful gradient.
 */
public final class LinearLogitGradient implements LogitGradient {
    private final Encoder encoder;
    private final LinearEstimator estimator;
    private final Map<String, Double> slope = new HashMap<>();

    private LinearLogitGradient(Encoder encoder, LinearEstimator estimator) {
        this.encoder = encoder;
        this.estimator = estimator;
        int offset = 0;
        for (Step s : encoder.steps()) {
            if (s instanceof Step.Numeric n) {
                slope.put(n.column(), estimator.coef()[offset] / n.scale());
            }
            offset += s.outputs().size();
        }
    }

    /** The gradient of a fitted pipeline, when it has one. */
    public static Optional<LogitGradient> of(Encoder encoder, LinearEstimator estimator) {
        if (estimator.link() != LinearEstimator.Link.LOGISTIC) {
            return Optional.empty();
        }
        for (int j = 0; j < encoder.steps().size(); j++) {
            Feature f = encoder.features().get(j);
            if (f.type() != ColumnType.STRING && !(encoder.steps().get(j) instanceof Step.Numeric)) {
                return Optional.empty();
            }
        }
        return Optional.of(new LinearLogitGradient(encoder, estimator));
    }

    @Override
    public double[] gradient(Frame data, List<String> features) {
        double[] row = new double[features.size()];
        for (int j = 0; j < row.length; j++) {
            String f = features.get(j);
            Double s = slope.get(f);
            if (s == null) {
                boolean read = encoder.features().stream().anyMatch(x -> x.name().equals(f));
                if (read) {
                    throw new IllegalArgumentException("'" + f + "' is not a numeric input of the model");
                }
                s = 0.0;
            }
            row[j] = s;
        }
        int n = data.rowCount();
        double[] out = new double[n * row.length];
        for (int i = 0; i < n; i++) {
            System.arraycopy(row, 0, out, i * row.length, row.length);
        }
        return out;
    }

    @Override
    public double[] logOdds(Frame data) {
        return estimator.decision(encoder.transform(data));
    }

    @Override
    public boolean affine() {
        return true;
    }
}
