package dev.probity.models.linear;

import dev.probity.core.InputException;
import dev.probity.core.Parallel;
import dev.probity.core.model.Labels;
import dev.probity.models.encode.EncodingSpec;
import dev.probity.models.encode.Matrix;
import dev.probity.models.optim.Lbfgs;
import dev.probity.models.pipeline.Estimator;
import dev.probity.models.pipeline.MatrixTrainer;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Logistic regression (binary, or multinomial for more than two classes) and least-squares linear
 * regression. Binary and least-squares fits with an L2 penalty (or none) use Newton's method with Cholesky
 * solves ({@link NewtonSolver}); multinomial fits use L-BFGS, and L1 fits OWL-QN. The objective is scikit-learn's, divided by the
 * total sample weight W so that tolerances do not depend on the data size:
 * <pre>
 *   (1/W) Σ wᵢ loss(yᵢ, xᵢ·β + b)  +  (1/(C·W)) · (½‖β‖²  for L2,  ‖β‖₁  for L1)
 * </pre>
 * The intercept is not penalized. The solution is therefore the one scikit-learn's
 * {@code LogisticRegression(C=C, penalty=...)} converges to. Gradients are summed over a fixed set of row
 * blocks in a fixed order, so results do not depend on the number of threads.
 */
public final class LinearTrainer implements MatrixTrainer {
    public enum Penalty { L2, L1, NONE }

    private static final int BLOCKS = 16;
    /** Above this many encoded columns the dense Hessian costs more than L-BFGS saves. */
    private static final int NEWTON_MAX_COLUMNS = 2000;

    private final boolean logistic;
    private final Penalty penalty;
    private final double c;
    private final int maxIterations;
    private final double tolerance;
    private final int threads;
    private final boolean warm;
    private double[] lastSolution;
    private double[] lastFactor;

    private LinearTrainer(boolean logistic, Penalty penalty, double c, int maxIterations, double tolerance, int threads,
                          boolean warm) {
        if (!(c > 0)) {
            throw new IllegalArgumentException("C must be positive, got " + c);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("max iterations must be at least 1, got " + maxIterations);
        }
        this.logistic = logistic;
        this.penalty = penalty;
        this.c = c;
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
        this.threads = threads;
        this.warm = warm;
    }

    /** Logistic regression with an L2 penalty of strength 1/C (C = 1 as scikit-learn's default). */
    public static LinearTrainer logistic() {
        return new LinearTrainer(true, Penalty.L2, 1.0, 1000, 1e-6, Parallel.defaultThreads(), false);
    }

    /** Least-squares linear regression (ridge with 1/C, as the logistic objective; C = 1e12 is nearly plain OLS). */
    public static LinearTrainer linear() {
        return new LinearTrainer(false, Penalty.L2, 1e12, 1000, 1e-8, Parallel.defaultThreads(), false);
    }

    public LinearTrainer penalty(Penalty p, double newC) {
        return new LinearTrainer(logistic, p, newC, maxIterations, tolerance, threads, warm);
    }

    public LinearTrainer maxIterations(int m) {
        return new LinearTrainer(logistic, penalty, c, m, tolerance, threads, warm);
    }

    public LinearTrainer tolerance(double t) {
        return new LinearTrainer(logistic, penalty, c, maxIterations, t, threads, warm);
    }

    public LinearTrainer threads(int t) {
        return new LinearTrainer(logistic, penalty, c, maxIterations, tolerance, Math.max(1, t), warm);
    }

    @Override
    public String algorithm() {
        return logistic ? "logistic" : "linear";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("penalty", penalty.name().toLowerCase(Locale.ROOT));
        p.put("C", c);
        p.put("solver", penalty == Penalty.L1 ? "owl-qn" : "newton-cholesky (binary), l-bfgs (multinomial)");
        p.put("max_iterations", maxIterations);
        p.put("tolerance", tolerance);
        return p;
    }

    @Override
    public EncodingSpec defaultEncoding() {
        return EncodingSpec.linear();
    }

    @Override
    public boolean supportsRegression() {
        return !logistic;
    }

    @Override
    public MatrixTrainer warmStarting() {
        return new LinearTrainer(logistic, penalty, c, maxIterations, tolerance, threads, true);
    }

    @Override
    public Estimator fit(Matrix x, Labels y, double[] weights, long seed) {
        int[] missing = x.firstMissing();
        if (missing != null) {
            throw new InputException("encoded column '" + x.columnNames().get(missing[1]) + "' is missing at row "
                    + (missing[0] + 1) + "; a linear model needs every value: impute missing numbers (set {{impute}} to mean)");
        }
        if (logistic && !y.isClassification()) {
            throw new InputException("logistic regression needs class labels, but '" + y.name() + "' is numeric");
        }
        int n = x.rows();
        int p = x.columns();
        int k = !logistic ? 1 : y.classes().size() == 2 ? 1 : y.classes().size();
        LinearEstimator.Link link = !logistic ? LinearEstimator.Link.IDENTITY
                : k == 1 ? LinearEstimator.Link.LOGISTIC : LinearEstimator.Link.SOFTMAX;
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += weights == null ? 1 : weights[i];
        }
        if (!(total > 0)) {
            throw new InputException("the sample weights sum to " + total + "; at least one row must weigh more than 0");
        }
        final double W = total;
        int stride = p + 1;
        int dim = k * stride;
        double reg = penalty == Penalty.NONE ? 0 : 1 / (c * W);
        Lbfgs.Objective objective = (beta, grad) -> {
            double loss = lossAndGradient(x, y, weights, beta, grad, k, stride, link);
            double inv = 1 / W;
            loss *= inv;
            for (int j = 0; j < dim; j++) {
                grad[j] *= inv;
            }
            if (penalty == Penalty.L2) {
                for (int r = 0; r < k; r++) {
                    for (int j = 0; j < p; j++) {
                        double b = beta[r * stride + j];
                        loss += 0.5 * reg * b * b;
                        grad[r * stride + j] += reg * b;
                    }
                }
            }
            return loss;
        };
        double[] start = warm && lastSolution != null && lastSolution.length == dim ? lastSolution : new double[dim];
        if (k == 1 && penalty != Penalty.L1 && p + 1 <= NEWTON_MAX_COLUMNS) {
            // binary logistic or least squares with L2 (or none): Newton-Cholesky converges in a few passes
            double ridge = penalty == Penalty.NONE ? 1e-12 : reg;
            NewtonSolver.Result nr = new NewtonSolver(x, y.codes(), y.values(), weights, W, ridge, logistic, threads)
                    .solve(start, maxIterations, tolerance, warm ? lastFactor : null);
            if (warm) {
                lastSolution = nr.beta();
                lastFactor = nr.factor();
            }
            double[] coef = java.util.Arrays.copyOf(nr.beta(), p);
            return new LinearEstimator(link, 1, p, coef, new double[] {nr.beta()[p]});
        }
        boolean[] penalized = null;
        double l1 = 0;
        if (penalty == Penalty.L1) {
            penalized = new boolean[dim];
            for (int r = 0; r < k; r++) {
                for (int j = 0; j < p; j++) {
                    penalized[r * stride + j] = true;
                }
            }
            l1 = reg;
        }
        Lbfgs.Result r = new Lbfgs(10, maxIterations, tolerance, 1e-12).minimize(objective, start, l1, penalized);
        if (warm) {
            lastSolution = r.x();
        }
        double[] coef = new double[k * p];
        double[] intercept = new double[k];
        for (int row = 0; row < k; row++) {
            System.arraycopy(r.x(), row * stride, coef, row * p, p);
            intercept[row] = r.x()[row * stride + p];
        }
        return new LinearEstimator(link, k, p, coef, intercept);
    }

    /** Σ wᵢ lossᵢ and its gradient (unnormalized), over fixed row blocks summed in order. */
    private double lossAndGradient(Matrix x, Labels y, double[] weights, double[] beta, double[] grad, int k,
                                   int stride, LinearEstimator.Link link) {
        int n = x.rows();
        int dim = grad.length;
        int blocks = Math.min(BLOCKS, Math.max(1, n / 2048));
        double[][] g = new double[blocks][dim];
        double[] losses = new double[blocks];
        int w = x.width();
        int[] idx = x.index();
        double[] val = x.value();
        int[] codes = y.codes();
        double[] values = y.values();
        int p = stride - 1;
        Parallel.forEach(blocks, threads, b -> {
            int from = (int) ((long) n * b / blocks);
            int to = (int) ((long) n * (b + 1) / blocks);
            double[] gb = g[b];
            double loss = 0;
            double[] z = new double[k];
            for (int i = from; i < to; i++) {
                double wi = weights == null ? 1 : weights[i];
                if (wi == 0) {
                    continue;
                }
                int base = i * w;
                for (int r = 0; r < k; r++) {
                    double s = beta[r * stride + p];
                    int off = r * stride;
                    for (int j = 0; j < w; j++) {
                        s += val[base + j] * beta[off + idx[base + j]];
                    }
                    z[r] = s;
                }
                switch (link) {
                    case LOGISTIC -> {
                        double zi = z[0];
                        int yi = codes[i];
                        // log(1 + e^z) - y z, computed stably
                        loss += wi * ((zi > 0 ? zi + Math.log1p(Math.exp(-zi)) : Math.log1p(Math.exp(zi))) - yi * zi);
                        double d = wi * (LinearEstimator.sigmoid(zi) - yi);
                        addRow(gb, 0, d, idx, val, base, w, p);
                    }
                    case SOFTMAX -> {
                        double max = Double.NEGATIVE_INFINITY;
                        for (int r = 0; r < k; r++) {
                            max = Math.max(max, z[r]);
                        }
                        double sum = 0;
                        for (int r = 0; r < k; r++) {
                            sum += Math.exp(z[r] - max);
                        }
                        double logSum = max + Math.log(sum);
                        int yi = codes[i];
                        loss += wi * (logSum - z[yi]);
                        for (int r = 0; r < k; r++) {
                            double pr = Math.exp(z[r] - logSum);
                            double d = wi * (pr - (r == yi ? 1 : 0));
                            addRow(gb, r * stride, d, idx, val, base, w, p);
                        }
                    }
                    case IDENTITY -> {
                        double res = z[0] - values[i];
                        loss += wi * 0.5 * res * res;
                        addRow(gb, 0, wi * res, idx, val, base, w, p);
                    }
                }
            }
            losses[b] = loss;
        });
        java.util.Arrays.fill(grad, 0);
        double loss = 0;
        for (int b = 0; b < blocks; b++) {
            loss += losses[b];
            for (int j = 0; j < dim; j++) {
                grad[j] += g[b][j];
            }
        }
        return loss;
    }

    private static void addRow(double[] g, int off, double d, int[] idx, double[] val, int base, int w, int p) {
        if (d == 0) {
            return;
        }
        for (int j = 0; j < w; j++) {
            g[off + idx[base + j]] += d * val[base + j];
        }
        g[off + p] += d;
    }
}
