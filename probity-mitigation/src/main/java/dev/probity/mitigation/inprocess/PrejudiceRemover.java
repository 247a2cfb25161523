package dev.probity.mitigation.inprocess;

import dev.probity.core.InputException;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.TaskKind;
import dev.probity.core.model.Trainer;
import dev.probity.core.model.TrainingSet;
import dev.probity.mitigation.Groups;
import dev.probity.models.encode.Encoder;
import dev.probity.models.encode.EncodingSpec;
import dev.probity.models.encode.Matrix;
import dev.probity.models.linear.LinearEstimator;
import dev.probity.models.optim.Lbfgs;
import dev.probity.models.pipeline.PipelineModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fairness-regularized logistic regression in the manner of the prejudice remover (Kamishima, Akaho,
 * Asoh & Sakuma, ECML PKDD 2012): the logistic loss plus η times the prejudice index, the mutual
 * information between the predicted label and the protected group under the model,
 * <pre>
 *   PI = (1/n) Σᵢ Σ_y P(y | xᵢ) · log( P̂(y | gᵢ) / P̂(y) ),   P̂(y | g) = mean of P(y | x) over group g
 * </pre>
 * plus the L2 penalty of {@link dev.probity.models.linear.LinearTrainer} (1/C, intercept free). One weight
 * vector is shared by all groups (the protected attributes are not features unless listed), so the model
 * needs no group at prediction time. The gradient is exact: ∂PI/∂pᵢ = (logit P̂(1|gᵢ) − logit P̂(1)) / n,
 * since the terms through the group means cancel. Fitted by L-BFGS from zero; deterministic.
 */
public final class PrejudiceRemover implements Trainer {
    private final List<String> protectedAttributes;
    private final double eta;
    private final double c;
    private final EncodingSpec encoding;

    public PrejudiceRemover(List<String> protectedAttributes, double eta, double c, EncodingSpec encoding) {
        if (!(eta >= 0)) {
            throw new InputException("the prejudice remover's η must be ≥ 0, got " + eta);
        }
        if (!(c > 0)) {
            throw new InputException("C must be positive, got " + c);
        }
        this.protectedAttributes = List.copyOf(protectedAttributes);
        this.eta = eta;
        this.c = c;
        this.encoding = encoding == null ? EncodingSpec.linear() : encoding;
    }

    @Override
    public String algorithm() {
        return "prejudice-remover";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("eta", eta);
        p.put("C", c);
        p.put("protected", protectedAttributes);
        return p;
    }

    @Override
    public boolean supportsWeights() {
        return false;
    }

    @Override
    public PipelineModel fit(TrainingSet data) {
        data.labels().requireBinary("the prejudice remover");
        if (data.weights() != null) {
            throw new InputException("the prejudice remover does not take sample weights");
        }
        Groups groups = Groups.of(data.data(), protectedAttributes);
        Encoder encoder = Encoder.fit(data.data(), data.features(), encoding);
        Matrix x = encoder.transform(data.data());
        int[] missing = x.firstMissing();
        if (missing != null) {
            throw new InputException("encoded column '" + x.columnNames().get(missing[1]) + "' is missing at row " + (missing[0] + 1)
                    + "; impute missing numbers");
        }
        int n = x.rows();
        int p = x.columns();
        int[] y = data.labels().codes();
        int[] g = groups.of();
        int groupCount = groups.count();
        int[] sizes = groups.sizes();
        double reg = 1 / (c * n);
        Lbfgs.Objective f = (beta, grad) -> {
            java.util.Arrays.fill(grad, 0);
            double[] prob = new double[n];
            double loss = 0;
            double[] groupSum = new double[groupCount];
            double total = 0;
            for (int i = 0; i < n; i++) {
                double z = beta[p] + x.dot(i, beta, 0);
                prob[i] = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
                loss += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y[i] * z;
                groupSum[g[i]] += prob[i];
                total += prob[i];
            }
            double r = clamp(total / n);
            double[] q = new double[groupCount];
            double pi = 0;
            for (int k = 0; k < groupCount; k++) {
                q[k] = clamp(groupSum[k] / sizes[k]);
            }
            for (int i = 0; i < n; i++) {
                double qi = q[g[i]];
                pi += prob[i] * Math.log(qi / r) + (1 - prob[i]) * Math.log((1 - qi) / (1 - r));
            }
            pi /= n;
            double logitR = Math.log(r / (1 - r));
            int w = x.width();
            for (int i = 0; i < n; i++) {
                double dLoss = (prob[i] - y[i]) / n;
                double dPi = eta * (Math.log(q[g[i]] / (1 - q[g[i]])) - logitR) / n * prob[i] * (1 - prob[i]);
                double d = dLoss + dPi;
                int base = i * w;
                for (int j = 0; j < w; j++) {
                    grad[x.index()[base + j]] += d * x.value()[base + j];
                }
                grad[p] += d;
            }
            double value = loss / n + eta * pi;
            for (int j = 0; j < p; j++) {
                value += 0.5 * reg * beta[j] * beta[j];
                grad[j] += reg * beta[j];
            }
            return value;
        };
        Lbfgs.Result res = new Lbfgs(10, 2000, 1e-7, 1e-12).minimize(f, new double[p + 1]);
        double[] coef = java.util.Arrays.copyOf(res.x(), p);
        LinearEstimator est = new LinearEstimator(LinearEstimator.Link.LOGISTIC, 1, p, coef, new double[] {res.x()[p]});
        Map<String, Object> params = new LinkedHashMap<>(parameters());
        params.put("seed", data.seed());
        params.put("iterations", res.iterations());
        ModelInfo info = new ModelInfo("prejudice-remover", encoder.features(), data.labels().name(), data.labels().classes(),
                TaskKind.BINARY, params);
        return new PipelineModel(info, encoder, est);
    }

    private static double clamp(double v) {
        return Math.min(1 - 1e-12, Math.max(1e-12, v));
    }
}
