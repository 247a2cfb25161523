package dev.probity.models.linear;

import dev.probity.core.model.Probabilities;
import dev.probity.models.encode.Matrix;
import dev.probity.models.pipeline.Estimator;

/**
 * A fitted linear model over encoded columns. {@code rows} coefficient rows of {@code columns} values each
 * are stored row-major in {@code coef}, with one intercept per row:
 * <ul>
 *   <li>binary logistic: one row; P(class 1) = σ(x·β + b);</li>
 *   <li>multinomial logistic: one row per class; probabilities are the softmax of the scores;</li>
 *   <li>regression: one row; the prediction is x·β + b.</li>
 * </ul>
 */
public record LinearEstimator(Link link, int rows, int columns, double[] coef, double[] intercept) implements Estimator {
    public enum Link { LOGISTIC, SOFTMAX, IDENTITY }

    /** Raw scores (log-odds for logistic, class scores for softmax, values for identity), row-major n × rows. */
    public double[] decision(Matrix x) {
        int n = x.rows();
        double[] out = new double[n * rows];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < rows; k++) {
                out[i * rows + k] = intercept[k] + x.dot(i, coef, k * columns);
            }
        }
        return out;
    }

    @Override
    public Probabilities predictProba(Matrix x) {
        double[] z = decision(x);
        int n = x.rows();
        return switch (link) {
            case LOGISTIC -> {
                double[] p = new double[n];
                for (int i = 0; i < n; i++) {
                    p[i] = sigmoid(z[i]);
                }
                yield Probabilities.binary(p);
            }
            case SOFTMAX -> {
                for (int i = 0; i < n; i++) {
                    softmaxInPlace(z, i * rows, rows);
                }
                yield new Probabilities(n, rows, z);
            }
            case IDENTITY -> throw new UnsupportedOperationException("a linear regression has no class probabilities");
        };
    }

    @Override
    public double[] predictValue(Matrix x) {
        if (link == Link.IDENTITY) {
            return decision(x);
        }
        return Estimator.super.predictValue(x);
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    static void softmaxInPlace(double[] z, int off, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, z[off + j]);
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
            z[off + j] = Math.exp(z[off + j] - max);
            sum += z[off + j];
        }
        for (int j = 0; j < k; j++) {
            z[off + j] /= sum;
        }
    }
}
