package dev.probity.mitigation.inprocess;

import dev.probity.core.InputException;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.TaskKind;
import dev.probity.core.model.Trainer;
import dev.probity.core.model.TrainingSet;
import dev.probity.core.stats.SplitMix64;
import dev.probity.mitigation.Groups;
import dev.probity.mitigation.reductions.Constraint;
import dev.probity.models.encode.Encoder;
import dev.probity.models.encode.EncodingSpec;
import dev.probity.models.encode.Matrix;
import dev.probity.models.linear.LinearEstimator;
import dev.probity.models.pipeline.PipelineModel;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Adversarial debiasing (Zhang, Lemoine &amp; Mitchell, "Mitigating Unwanted Biases with Adversarial Learning",
 * AIES 2018): a predictor learns the label while an adversary learns to recover the protected group from the
 * predictor's output, and the predictor is steered so that the adversary fails.
 *
 * <p><b>Predictor.</b> Logistic regression on the encoded features (standardized numbers, one-hot categories, as
 * {@link dev.probity.models.linear.LinearTrainer} reads them), started from zero. The fitted model is therefore an
 * ordinary logistic {@link LinearEstimator} inside a {@link PipelineModel}: it saves, reloads and explains like
 * every other linear model, with no new model-file type, and needs no protected attribute at prediction time (the
 * protected attributes are features only when the caller lists them). The paper's method works for any
 * differentiable predictor; AIF360's default is a one-hidden-layer network of 200 ReLU units with dropout, which
 * would need a new kind of estimator in the model file and about two hundred times the arithmetic per row.
 *
 * <p><b>Adversary.</b> With the predictor's log-odds z, the adversary reads s = σ((1 + |c|)·z), c learnt
 * (started at 1), and
 * <ul>
 *   <li>for demographic parity, s alone;</li>
 *   <li>for equalized odds, the paper's [s, s·y, s·(1 − y)] with y the true label, and y itself: an intercept and a
 *       slope in s for each label value, so the adversary can only exploit what z says about the group
 *       <i>beyond</i> the label.</li>
 * </ul>
 * It predicts the group by a softmax over the k groups (a logistic regression for two), so a protected attribute
 * with many values, or the intersections of several, are handled as they are; one group is an error. Weights
 * start Glorot-uniform from the seed, biases at zero.
 *
 * <p>The label as an input of its own is our addition. Without it the adversary cannot express that the groups' mix
 * differs between the labels (on Adult, women are 15% of the positives and 39% of the negatives) except through s,
 * so it leans on s as a stand-in for y and pushes the predictor towards demographic parity instead — the drift the
 * paper reports for its own first attempts. Measured on Adult (seed 42, α = 0.1): with the paper's three inputs the
 * equalized-odds difference rose from 0.094 to 0.177; with the label added it fell to 0.053.
 *
 * <p><b>Update</b> (the paper's Eqn. 1). On each minibatch, with L_P the predictor's log loss and L_A the
 * adversary's cross-entropy, both gradients are taken with respect to the predictor's weights (intercept
 * included) at the same point, and the predictor moves along
 * <pre>
 *   ∇L_P − proj_{∇L_A} ∇L_P − α·∇L_A
 * </pre>
 * the projection removing any part of its step that would help the adversary, the last term hurting it; the
 * adversary then moves along its own gradient. The projection is over the predictor's whole parameter vector, as
 * the paper writes it (AIF360 projects each TensorFlow variable separately). With α = 0 there is no adversary:
 * the same predictor, optimizer, seed and minibatches, trained on its log loss alone — the comparison point.
 *
 * <p><b>Optimization</b>, as AIF360's {@code AdversarialDebiasing}: minibatches of 128 rows in a seeded shuffle each
 * epoch (AIF360 drops the last, smaller batch; here it is kept, so every row counts once per epoch); Adam (β₁ 0.9,
 * β₂ 0.999, ε 1e-8) for both players with the learning rate 0.001·0.96^⌊t/1000⌋ (t the step); α and the epochs
 * (default 0.1 and 50) are AIF360's defaults. The paper's own Adult run instead grows α as √t with a step size
 * ∝ 1/t; we follow AIF360's fixed α and decaying rate. No L2 penalty and no dropout (AIF360's dropout belongs to
 * its hidden layer). Every draw comes from {@link SplitMix64} streams of the training set's seed, and the
 * arithmetic runs in a fixed order, so the same data and seed give the same model to the bit.
 *
 * <p><b>What it equalizes.</b> The adversary sees a score, not decisions: at its equilibrium the groups' scores
 * carry no signal it can use (for its linear-in-s form, roughly equal mean s by group), which narrows but does not
 * pin the gap in thresholded rates; with many groups its loss is dominated by the large ones, so small groups can
 * move past the others. {@link #fitWithDiagnostics} reports the adversary's final cross-entropy beside that of an
 * adversary with no signal.
 */
public final class AdversarialDebiasing implements Trainer {
    /** Rows per minibatch (AIF360's default). */
    public static final int BATCH_SIZE = 128;
    /** Adam's starting learning rate (AIF360). */
    public static final double LEARNING_RATE = 0.001;
    /** The learning rate is multiplied by this every {@link #DECAY_STEPS} steps (AIF360's staircase decay). */
    public static final double DECAY = 0.96;
    public static final int DECAY_STEPS = 1000;
    /** The default adversary weight α and number of epochs (AIF360's). */
    public static final double DEFAULT_ADVERSARY_WEIGHT = 0.1;
    public static final int DEFAULT_EPOCHS = 50;

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final List<String> protectedAttributes;
    private final Constraint constraint;
    private final double adversaryWeight;
    private final int epochs;
    private final EncodingSpec encoding;

    /**
     * @param protectedAttributes the attributes whose groups (their intersections, with several) the adversary predicts
     * @param constraint          demographic parity or equalized odds
     * @param adversaryWeight     α ≥ 0; 0 trains the predictor alone
     * @param epochs              passes over the training rows, at least 1
     * @param encoding            how features are encoded; null for {@link EncodingSpec#linear()}
     */
    public AdversarialDebiasing(List<String> protectedAttributes, Constraint constraint, double adversaryWeight, int epochs,
                                EncodingSpec encoding) {
        validate(constraint, adversaryWeight, epochs);
        this.protectedAttributes = List.copyOf(protectedAttributes);
        this.constraint = constraint;
        this.adversaryWeight = adversaryWeight;
        this.epochs = epochs;
        this.encoding = encoding == null ? EncodingSpec.linear() : encoding;
    }

    /** Refuses settings the method cannot use, naming the setting and the value. */
    public static void validate(Constraint constraint, double adversaryWeight, int epochs) {
        if (constraint != Constraint.DEMOGRAPHIC_PARITY && constraint != Constraint.EQUALIZED_ODDS) {
            throw new InputException("adversarial debiasing supports the constraints demographic-parity and equalized-odds, not '"
                    + (constraint == null ? "none" : constraint.label()) + "' ({{constraint}})");
        }
        if (!(adversaryWeight >= 0) || Double.isInfinite(adversaryWeight)) {
            throw new InputException("adversarial debiasing: the adversary weight ({{adversary-weight}}) must be a finite number "
                    + "of at least 0, got " + adversaryWeight);
        }
        if (epochs < 1) {
            throw new InputException("adversarial debiasing: the number of epochs ({{epochs}}) must be at least 1, got " + epochs);
        }
    }

    @Override
    public String algorithm() {
        return "adversarial-debiasing";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("constraint", constraint.label());
        p.put("adversary_weight", adversaryWeight);
        p.put("epochs", epochs);
        p.put("batch_size", BATCH_SIZE);
        p.put("learning_rate", LEARNING_RATE);
        p.put("protected", protectedAttributes);
        return p;
    }

    @Override
    public boolean supportsWeights() {
        return false;
    }

    @Override
    public PipelineModel fit(TrainingSet data) {
        return fitWithDiagnostics(data).model();
    }

    /**
     * The fitted model and how the game ended, measured on the training rows with the final parameters.
     *
     * @param model                        the predictor
     * @param predictorLoss                its mean log loss
     * @param adversaryLoss                the adversary's mean cross-entropy (NaN with α = 0: no adversary)
     * @param adversaryLossWithoutSignal   the cross-entropy of an adversary that learns nothing from the predictor: the
     *                                     entropy of the groups (demographic parity) or of the groups given the label
     *                                     (equalized odds). An adversary near it finds nothing to exploit.
     */
    public record Fit(PipelineModel model, double predictorLoss, double adversaryLoss, double adversaryLossWithoutSignal) {
    }

    public Fit fitWithDiagnostics(TrainingSet data) {
        data.labels().requireBinary("adversarial debiasing");
        if (data.weights() != null) {
            throw new InputException("adversarial debiasing does not take sample weights");
        }
        Groups groups = Groups.of(data.data(), protectedAttributes);
        int[] sizes = groups.sizes();
        int present = 0;
        for (int size : sizes) {
            present += size > 0 ? 1 : 0;
        }
        if (present < 2) {
            int only = 0;
            while (only < sizes.length - 1 && sizes[only] == 0) {
                only++;
            }
            throw new InputException("adversarial debiasing needs at least two protected groups, but " + groups.attributes()
                    + " ({{protected}}) has one in the training data: '" + groups.names().get(only) + "'");
        }
        Encoder encoder = Encoder.fit(data.data(), data.features(), encoding);
        Matrix x = encoder.transform(data.data());
        int[] missing = x.firstMissing();
        if (missing != null) {
            throw new InputException("encoded column '" + x.columnNames().get(missing[1]) + "' is missing at row " + (missing[0] + 1)
                    + "; impute missing numbers");
        }
        Game game = new Game(x, data.labels().codes(), groups.of(), groups.count(), constraint == Constraint.EQUALIZED_ODDS,
                adversaryWeight, data.seed());
        game.train(epochs);
        int p = x.columns();
        double[] coef = Arrays.copyOf(game.theta, p);
        LinearEstimator est = new LinearEstimator(LinearEstimator.Link.LOGISTIC, 1, p, coef, new double[] {game.theta[p]});
        Map<String, Object> params = new LinkedHashMap<>(parameters());
        params.put("seed", data.seed());
        params.put("steps", game.step);
        ModelInfo info = new ModelInfo(algorithm(), encoder.features(), data.labels().name(), data.labels().classes(), TaskKind.BINARY,
                params);
        double[] losses = game.losses();
        return new Fit(new PipelineModel(info, encoder, est), losses[0], losses[1], losses[2]);
    }

    /** The two players, their parameters and Adam's moments (package-private for the gradient check). */
    static final class Game {
        final Matrix x;
        final int[] y;
        final int[] group;
        final int k;
        final int n;
        final int p;
        final int d;
        final boolean debias;
        final double alpha;
        final long seed;
        /** Predictor: p weights, then the intercept. */
        final double[] theta;
        final Adam thetaAdam;
        /** Adversary: c, then k rows of d weights, then k biases. */
        final double[] phi;
        final Adam phiAdam;
        long step;

        // per-batch scratch
        final double[] gradP;
        final double[] gradA;
        final double[] gradPhi;
        final double[] dir;
        final double[] u;
        final double[] q;

        Game(Matrix x, int[] y, int[] group, int k, boolean equalizedOdds, double alpha, long seed) {
            this.x = x;
            this.y = y;
            this.group = group;
            this.k = k;
            this.n = x.rows();
            this.p = x.columns();
            this.d = equalizedOdds ? 4 : 1;
            this.debias = alpha > 0;
            this.alpha = alpha;
            this.seed = seed;
            this.theta = new double[p + 1];
            this.thetaAdam = new Adam(p + 1);
            this.phi = new double[1 + k * d + k];
            this.phiAdam = new Adam(phi.length);
            phi[0] = 1;
            SplitMix64 init = SplitMix64.stream(seed, 0);
            double limit = Math.sqrt(6.0 / (d + k));
            for (int j = 1; j <= k * d; j++) {
                phi[j] = (2 * init.nextDouble() - 1) * limit;
            }
            this.gradP = new double[p + 1];
            this.gradA = new double[p + 1];
            this.gradPhi = new double[phi.length];
            this.dir = new double[p + 1];
            this.u = new double[d];
            this.q = new double[k];
        }

        void train(int epochs) {
            int[] order = new int[n];
            for (int e = 0; e < epochs; e++) {
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                SplitMix64 rng = SplitMix64.stream(seed, 1L + e);
                for (int i = n - 1; i > 0; i--) {
                    int j = rng.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                for (int start = 0; start < n; start += BATCH_SIZE) {
                    batch(order, start, Math.min(n, start + BATCH_SIZE));
                }
            }
        }

        double kappa() {
            return 1 + Math.abs(phi[0]);
        }

        /** The adversary's inputs for log-odds {@code zi} and label {@code yi}, into {@link #u}; returns s. */
        double inputs(double zi, int yi) {
            double s = sigmoid(kappa() * zi);
            u[0] = s;
            if (d == 4) {
                u[1] = s * yi;
                u[2] = s * (1 - yi);
                u[3] = yi;
            }
            return s;
        }

        /** The adversary's group probabilities for the inputs in {@link #u}, into {@link #q}. */
        void adversary() {
            double max = Double.NEGATIVE_INFINITY;
            for (int g = 0; g < k; g++) {
                double a = phi[1 + k * d + g];
                for (int j = 0; j < d; j++) {
                    a += phi[1 + g * d + j] * u[j];
                }
                q[g] = a;
                max = Math.max(max, a);
            }
            double sum = 0;
            for (int g = 0; g < k; g++) {
                q[g] = Math.exp(q[g] - max);
                sum += q[g];
            }
            for (int g = 0; g < k; g++) {
                q[g] /= sum;
            }
        }

        void batch(int[] order, int from, int to) {
            gradients(order, from, to);
            update();
        }

        /** L_P's and L_A's gradients for the predictor, and L_A's for the adversary, on rows order[from..to). */
        void gradients(int[] order, int from, int to) {
            int b = to - from;
            int w = x.width();
            int[] idx = x.index();
            double[] val = x.value();
            Arrays.fill(gradP, 0);
            Arrays.fill(gradA, 0);
            Arrays.fill(gradPhi, 0);
            double kappa = kappa();
            double signC = Math.signum(phi[0]);
            for (int r = 0; r < b; r++) {
                int i = order[from + r];
                double zi = theta[p] + x.dot(i, theta, 0);
                double dP = (sigmoid(zi) - y[i]) / b;
                double dA = 0;
                if (debias) {
                    double s = inputs(zi, y[i]);
                    adversary();
                    double dS = 0;
                    for (int g = 0; g < k; g++) {
                        double e = (q[g] - (g == group[i] ? 1 : 0)) / b;
                        gradPhi[1 + k * d + g] += e;
                        for (int j = 0; j < d; j++) {
                            gradPhi[1 + g * d + j] += e * u[j];
                            // ∂u_j/∂s: 1, y, 1 − y, and 0 for the label itself
                            double du = j == 0 ? 1 : j == 1 ? y[i] : j == 2 ? 1 - y[i] : 0;
                            dS += e * phi[1 + g * d + j] * du;
                        }
                    }
                    double ds = s * (1 - s);
                    dA = dS * ds * kappa;
                    gradPhi[0] += dS * ds * zi * signC;
                }
                int base = i * w;
                for (int j = 0; j < w; j++) {
                    gradP[idx[base + j]] += dP * val[base + j];
                    gradA[idx[base + j]] += dA * val[base + j];
                }
                gradP[p] += dP;
                gradA[p] += dA;
            }
        }

        /** One step of both players along the gradients last computed. */
        void update() {
            double lr = LEARNING_RATE * Math.pow(DECAY, Math.floorDiv(step, DECAY_STEPS));
            step++;
            if (!debias) {
                thetaAdam.apply(theta, gradP, lr, step);
                return;
            }
            double norm = 0;
            for (int j = 0; j <= p; j++) {
                norm += gradA[j] * gradA[j];
            }
            norm = Math.sqrt(norm) + Double.MIN_NORMAL;
            double along = 0;
            for (int j = 0; j <= p; j++) {
                along += gradP[j] * (gradA[j] / norm);
            }
            for (int j = 0; j <= p; j++) {
                dir[j] = gradP[j] - along * (gradA[j] / norm) - alpha * gradA[j];
            }
            thetaAdam.apply(theta, dir, lr, step);
            phiAdam.apply(phi, gradPhi, lr, step);
        }

        /** Mean predictor log loss, adversary cross-entropy and the no-signal cross-entropy, on every training row. */
        double[] losses() {
            double lp = 0;
            double la = 0;
            int[][] counts = new int[d == 4 ? 2 : 1][k];
            for (int i = 0; i < n; i++) {
                double zi = theta[p] + x.dot(i, theta, 0);
                lp += (zi > 0 ? zi + Math.log1p(Math.exp(-zi)) : Math.log1p(Math.exp(zi))) - y[i] * zi;
                if (debias) {
                    inputs(zi, y[i]);
                    adversary();
                    la -= Math.log(Math.max(q[group[i]], 1e-300));
                }
                counts[d == 4 ? y[i] : 0][group[i]]++;
            }
            double h = 0;
            for (int[] row : counts) {
                int total = Arrays.stream(row).sum();
                for (int c : row) {
                    if (c > 0) {
                        h -= (double) c / n * Math.log((double) c / total);
                    }
                }
            }
            return new double[] {lp / n, debias ? la / n : Double.NaN, h};
        }
    }

    /** Adam (Kingma &amp; Ba) with bias correction; {@code t} counts from 1. */
    private static final class Adam {
        final double[] m;
        final double[] v;

        Adam(int size) {
            m = new double[size];
            v = new double[size];
        }

        void apply(double[] params, double[] grad, double lr, long t) {
            double c1 = 1 - Math.pow(BETA1, t);
            double c2 = 1 - Math.pow(BETA2, t);
            for (int j = 0; j < params.length; j++) {
                m[j] = BETA1 * m[j] + (1 - BETA1) * grad[j];
                v[j] = BETA2 * v[j] + (1 - BETA2) * grad[j] * grad[j];
                params[j] -= lr * (m[j] / c1) / (Math.sqrt(v[j] / c2) + EPSILON);
            }
        }
    }

    private static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "adversarial-debiasing(%s, α=%s, %d epochs)", constraint.label(), adversaryWeight, epochs);
    }
}
