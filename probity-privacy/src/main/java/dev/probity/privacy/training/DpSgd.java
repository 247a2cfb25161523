package dev.probity.privacy.training;

import dev.probity.core.InputException;
import dev.probity.core.model.DataFingerprint;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.Provenance;
import dev.probity.core.model.TaskKind;
import dev.probity.core.model.Trainer;
import dev.probity.core.model.TrainingSet;
import dev.probity.models.encode.Encoder;
import dev.probity.models.encode.EncodingSpec;
import dev.probity.models.encode.Matrix;
import dev.probity.models.io.ModelFiles;
import dev.probity.models.linear.LinearEstimator;
import dev.probity.models.pipeline.PipelineModel;
import dev.probity.privacy.accounting.Guarantee;
import dev.probity.privacy.accounting.Prv;
import dev.probity.privacy.accounting.Rdp;
import dev.probity.privacy.budget.Charge;
import dev.probity.privacy.budget.PrivacyBudget;
import dev.probity.privacy.mechanism.DiscreteGaussian;
import dev.probity.privacy.mechanism.Randomness;
import dev.probity.privacy.mechanism.Rational;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Differentially private logistic regression by DP-SGD (Abadi et al., "Deep Learning with Differential Privacy",
 * CCS 2016), as Opacus runs it: at each step every training row joins the batch independently with probability
 * {@code q = B/N} (Poisson sampling), each row's gradient is clipped to L2 norm {@code C}, the clipped gradients are
 * summed, Gaussian noise of standard deviation {@code σ·C} is added to every coordinate of the sum, and the result is
 * divided by the expected batch size {@code B} and handed to the optimizer. The noise multiplier σ is the smallest
 * (to a relative 10^-6 with RDP, 10^-4 with PRV) for which the accountant certifies the target (ε, δ) over all the steps.
 *
 * <p>The model is an ordinary logistic {@link LinearEstimator} in a {@link PipelineModel}, on the encoding
 * {@code PipelineTrainer(LinearTrainer.logistic())} uses ({@link EncodingSpec#linear()}): it saves, reloads and
 * explains like every other linear model. Its provenance records the guarantee: the spent ε and δ, σ, q, the steps,
 * C and the accountant, and whether the noise was private (secure) or seeded.
 *
 * <p><b>Exact noise.</b> No floating-point normal sampler is used. Each clipped gradient is turned into an integer
 * vector on the grid {@code g = 2^k} ({@code C/g} between 2^14 and 2^15) by truncating each coordinate towards zero;
 * its squared norm is then checked exactly in integer arithmetic against {@code (C/g)²} (and a coordinate is
 * lowered by one unit if floating-point rounding in the clipping left it a hair above). The sum is an exact
 * {@code long} sum, so adding or removing one row moves it by an integer vector of L2 norm at most
 * {@code Δ = C/g}, whatever floating point did before. Noise is drawn per coordinate from the discrete Gaussian
 * {@code N_ℤ(0, σ²Δ²)} exactly ({@link DiscreteGaussian}, σ²Δ² an exact rational). The privacy argument, for each
 * integer Rényi order α ≥ 2: with μ₀ the noise centred on the sum without the row and μ₁ on the sum with it
 * (shift v, ‖v‖ ≤ Δ), the sampled mechanism's {@code A_α = E_μ₀[((1−q) + q·μ₁/μ₀)^α]} expands binomially into
 * {@code Σ_k C(α,k)(1−q)^{α−k}q^k E_μ₀[(μ₁/μ₀)^k]}; for the product of discrete Gaussians
 * {@code E_μ₀[(μ₁/μ₀)^k] = exp(k(k−1)‖v‖²/(2σ²Δ²)) ≤ exp(k(k−1)/(2σ²))} exactly (completing the square leaves a
 * theta sum shifted by the integer k·v_i, which equals the centred one; Canonne, Kamath and Steinke 2020), the
 * continuous Gaussian's term. So
 * every integer order's A_α is at most that of the continuous sampled Gaussian of noise multiplier σ (Mironov, Talwar
 * and Zhang 2019, Sec. 3.3), and the RDP accountant is run on the integer orders 2 to 256 only (its fractional
 * orders' series rest on the continuous density). Like Opacus, the account covers the direction
 * {@code D_α(mixture ‖ μ₀)}; see docs/privacy.md. The {@link Accounting#PRV} accountant composes the
 * continuous Gaussian's privacy loss distribution: for the discrete noise this is an approximation (very close at
 * σ_g above 10^4 grid units, but not proven here), which is why RDP is the default.
 *
 * <p><b>What is and is not private.</b> The weights are (ε, δ)-DP with respect to adding or removing one training row,
 * given the encoding. The encoding itself — the category lists, and the means and standard deviations used to
 * standardize numbers — is computed from the training rows without noise, as is the row count N (which sets q). Use
 * public or separately released encoding statistics where that matters; Opacus likewise leaves preprocessing to
 * the caller.
 *
 * <p><b>Optimizer.</b> Privacy does not depend on it (the noisy gradients are released; what is done with them is
 * post-processing). {@link Optimizer#ADAM} (the default, learning rate 0.01) is Adam (β₁ 0.9, β₂ 0.999, ε 10^-8);
 * {@link Optimizer#SGD} is SGD with momentum 0.9 (learning rate 0.5). Both reach the non-private accuracy on Adult
 * at ε = 1; at ε = 0.05 Adam loses about 1.4 points and SGD about 4.5 (medians of five seeds). Weights start at zero.
 *
 * <p><b>Randomness.</b> Both the sampling (exact Bernoulli(B/N) trials) and the noise come from
 * {@link Randomness#secure()} by default. {@link #withSeededNoise()} draws them from {@link Randomness#seeded} of the
 * training set's seed instead, for tests: the model is then repeatable and <b>not private</b>, and its provenance
 * says so.
 */
public final class DpSgd implements Trainer {
    /** Which accountant certifies the guarantee. */
    public enum Accounting { RDP, PRV }

    /** The optimizer that consumes the noisy gradients. */
    public enum Optimizer { SGD, ADAM }

    public static final double DEFAULT_DELTA = 1e-5;
    public static final double DEFAULT_CLIPPING_NORM = 1.0;
    public static final int DEFAULT_BATCH_SIZE = 256;
    public static final int DEFAULT_EPOCHS = 10;
    public static final double DEFAULT_SGD_LEARNING_RATE = 0.5;
    public static final double DEFAULT_ADAM_LEARNING_RATE = 0.01;
    /** Noise multipliers above this are refused: the target is not reachable in a sensible number of steps. */
    public static final double MAX_NOISE_MULTIPLIER = 1000;
    /** The integer Rényi orders the RDP accountant uses (see the class comment for why integers). */
    static final double[] INTEGER_ORDERS = integerOrders();
    /** The grid is 2^GRID_BITS to 2^(GRID_BITS+1) times finer than C. */
    static final int GRID_BITS = 14;
    private static final double MOMENTUM = 0.9;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double ADAM_EPSILON = 1e-8;

    private final double epsilon;
    private final double delta;
    private final double clippingNorm;
    private final int batchSize;
    private final int epochs;
    private final double learningRate;
    private final Optimizer optimizer;
    private final Accounting accounting;
    private final boolean seededNoise;
    private final EncodingSpec encoding = EncodingSpec.linear();

    private DpSgd(double epsilon, double delta, double clippingNorm, int batchSize, int epochs, double learningRate,
                  Optimizer optimizer, Accounting accounting, boolean seededNoise) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new InputException("DP-SGD: epsilon ({{privacy-epsilon}}) must be a positive finite number, got " + epsilon);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new InputException("DP-SGD: delta ({{privacy-delta}}) must be between 0 and 1 (exclusive), got " + delta);
        }
        if (!(clippingNorm > 0) || Double.isInfinite(clippingNorm) || clippingNorm < Double.MIN_NORMAL) {
            throw new InputException("DP-SGD: the clipping norm C ({{clipping-norm}}) must be a positive finite number, got " + clippingNorm);
        }
        if (batchSize < 1) {
            throw new InputException("DP-SGD: the expected batch size ({{batch-size}}) must be at least 1, got " + batchSize);
        }
        if (epochs < 1) {
            throw new InputException("DP-SGD: the number of epochs ({{epochs}}) must be at least 1, got " + epochs);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new InputException("DP-SGD: the learning rate ({{learning-rate}}) must be a positive finite number, got " + learningRate);
        }
        if (optimizer == null || accounting == null) {
            throw new InputException("DP-SGD: the optimizer and the accountant must be given");
        }
        this.epsilon = epsilon;
        this.delta = delta;
        this.clippingNorm = clippingNorm;
        this.batchSize = batchSize;
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.optimizer = optimizer;
        this.accounting = accounting;
        this.seededNoise = seededNoise;
    }

    /**
     * DP-SGD at the target (ε, δ) with the defaults: C = 1, an expected batch of 256 rows, 10 epochs, Adam at
     * learning rate 0.01, the RDP accountant, secure randomness.
     */
    public static DpSgd of(double epsilon, double delta) {
        return new DpSgd(epsilon, delta, DEFAULT_CLIPPING_NORM, DEFAULT_BATCH_SIZE, DEFAULT_EPOCHS, DEFAULT_ADAM_LEARNING_RATE,
                Optimizer.ADAM, Accounting.RDP, false);
    }

    /** {@link #of(double, double)} at δ = 10^-5 (keep δ well below 1/N: for more than 10^5 rows pass a smaller one). */
    public static DpSgd of(double epsilon) {
        return of(epsilon, DEFAULT_DELTA);
    }

    public DpSgd withClippingNorm(double c) {
        return new DpSgd(epsilon, delta, c, batchSize, epochs, learningRate, optimizer, accounting, seededNoise);
    }

    public DpSgd withBatchSize(int expectedBatchSize) {
        return new DpSgd(epsilon, delta, clippingNorm, expectedBatchSize, epochs, learningRate, optimizer, accounting, seededNoise);
    }

    public DpSgd withEpochs(int e) {
        return new DpSgd(epsilon, delta, clippingNorm, batchSize, e, learningRate, optimizer, accounting, seededNoise);
    }

    public DpSgd withLearningRate(double lr) {
        return new DpSgd(epsilon, delta, clippingNorm, batchSize, epochs, lr, optimizer, accounting, seededNoise);
    }

    /** The optimizer, with its default learning rate (set another with {@link #withLearningRate} after). */
    public DpSgd withOptimizer(Optimizer o) {
        double lr = o == Optimizer.ADAM ? DEFAULT_ADAM_LEARNING_RATE : DEFAULT_SGD_LEARNING_RATE;
        return new DpSgd(epsilon, delta, clippingNorm, batchSize, epochs, lr, o, accounting, seededNoise);
    }

    public DpSgd withAccounting(Accounting a) {
        return new DpSgd(epsilon, delta, clippingNorm, batchSize, epochs, learningRate, optimizer, a, seededNoise);
    }

    /** Sampling and noise from the training set's seed: repeatable, for tests, and <b>not private</b>. */
    public DpSgd withSeededNoise() {
        return new DpSgd(epsilon, delta, clippingNorm, batchSize, epochs, learningRate, optimizer, accounting, true);
    }

    @Override
    public String algorithm() {
        return "dp-sgd";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("target_epsilon", epsilon);
        p.put("delta", delta);
        p.put("clipping_norm", clippingNorm);
        p.put("expected_batch_size", batchSize);
        p.put("epochs", epochs);
        p.put("learning_rate", learningRate);
        p.put("optimizer", optimizer.name().toLowerCase(Locale.ROOT));
        p.put("accountant", accounting.name().toLowerCase(Locale.ROOT));
        p.put("encoding", "standardize/one_hot/impute-mean");
        return p;
    }

    @Override
    public boolean supportsWeights() {
        return false;
    }

    /**
     * The privacy a training run spends, before it runs: what {@link #fit} will record.
     *
     * @param noiseMultiplier σ
     * @param sampleRate      q, the accountant's (B/N rounded up to a double)
     * @param steps           the number of noisy steps
     * @param guarantee       the accountant's (ε, δ) for them
     */
    public record Plan(double noiseMultiplier, double sampleRate, long steps, Guarantee guarantee) {
    }

    /** The plan for {@code rows} training rows: q, the steps, and σ calibrated to the target. */
    public Plan plan(int rows) {
        if (rows < batchSize) {
            throw new InputException("DP-SGD: the expected batch size ({{batch-size}}) " + batchSize + " is larger than the "
                    + rows + " training rows");
        }
        double q = sampleRate(batchSize, rows);
        long steps = (long) Math.ceil((double) epochs * rows / batchSize);
        double sigma = noiseMultiplier(epsilon, delta, q, steps, accounting);
        return new Plan(sigma, q, steps, account(q, sigma, steps, delta, accounting));
    }

    /** B/N as a double at least B/N, so the accountant never sees a smaller rate than the sampler uses. */
    static double sampleRate(int batch, int rows) {
        double q = (double) batch / rows;
        return new BigDecimal(q).compareTo(new BigDecimal(batch).divide(new BigDecimal(rows), 40, java.math.RoundingMode.UP)) >= 0
                ? q : Math.nextUp(q);
    }

    /** The accountant's guarantee for {@code steps} steps at sample rate q and noise multiplier σ. */
    public static Guarantee account(double q, double sigma, long steps, double delta, Accounting accounting) {
        if (accounting == Accounting.PRV) {
            return Prv.sampledGaussian(q, sigma, steps).epsilon(delta);
        }
        return Rdp.sampledGaussian(q, sigma, INTEGER_ORDERS).times(steps).epsilon(delta);
    }

    /**
     * The smallest noise multiplier σ (found by bisection, to a relative 10^-6 for RDP and 10^-4 for PRV, on the safe
     * side) for which the accountant certifies ε at most {@code epsilon} at {@code delta} over {@code steps} steps at
     * sample rate {@code q}, as Opacus's {@code get_noise_multiplier}.
     */
    public static double noiseMultiplier(double epsilon, double delta, double q, long steps, Accounting accounting) {
        double hi = 1;
        while (account(q, hi, steps, delta, accounting).epsilon() > epsilon) {
            hi *= 2;
            if (hi > MAX_NOISE_MULTIPLIER) {
                throw new InputException("DP-SGD: epsilon " + epsilon + " at delta " + delta + " is not reachable with a noise multiplier up to "
                        + MAX_NOISE_MULTIPLIER + " over " + steps + " steps at sample rate " + q + "; train fewer epochs or raise epsilon");
            }
        }
        double lo = 0;
        if (hi == 1) {
            lo = 1.0 / 1024;
            while (account(q, lo, steps, delta, accounting).epsilon() <= epsilon) {
                hi = lo;
                lo /= 2;
                if (lo < 1e-6) {
                    return hi;
                }
            }
        } else {
            lo = hi / 2;
        }
        double tolerance = accounting == Accounting.PRV ? 1e-4 : 1e-6;
        while (hi - lo > tolerance * hi) {
            double mid = (lo + hi) / 2;
            if (account(q, mid, steps, delta, accounting).epsilon() <= epsilon) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    @Override
    public PipelineModel fit(TrainingSet data) {
        return train(prepare(data));
    }

    /**
     * Trains, paid for from {@code budget}: the data are checked and encoded and σ calibrated (nothing is released),
     * then the budget is debited the accountant's certified (ε, δ) — or refuses, and no training runs — and only then
     * are the noisy steps taken. A training that fails after the debit (it should not: everything that can be refused
     * is refused before) still counts as spent.
     *
     * @param who who asks, for the budget's record
     */
    public PrivacyBudget.Released<PipelineModel> fit(TrainingSet data, PrivacyBudget budget, String who) {
        Prepared p = prepare(data);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("noise_multiplier", Double.toString(p.plan.noiseMultiplier()));
        params.put("sample_rate", Double.toString(p.plan.sampleRate()));
        params.put("steps", Long.toString(p.plan.steps()));
        params.put("clipping_norm", Double.toString(clippingNorm));
        params.put("accountant", accounting.name().toLowerCase(Locale.ROOT));
        params.put("target_epsilon", Double.toString(epsilon));
        Charge charge = Charge.of(who, "DP-SGD logistic regression on " + data.data().source() + " (" + data.rows() + " rows, label '"
                + data.labels().name() + "')", "dp-sgd", params, p.plan.guarantee().epsilon(), delta);
        return budget.release(charge, () -> train(p));
    }

    /** The checked, encoded training data and the plan: everything before the first noisy step. */
    private record Prepared(TrainingSet data, Plan plan, Encoder encoder, Matrix x) {
    }

    private Prepared prepare(TrainingSet data) {
        data.labels().requireBinary("DP-SGD");
        if (data.weights() != null) {
            throw new InputException("DP-SGD does not take sample weights (a weighted row would have a larger sensitivity)");
        }
        if (data.features().isEmpty()) {
            throw new InputException("no feature columns to train on");
        }
        int rows = data.rows();
        Plan plan = plan(rows);
        Encoder encoder = Encoder.fit(data.data(), data.features(), encoding);
        Matrix x = encoder.transform(data.data());
        int[] missing = x.firstMissing();
        if (missing != null) {
            throw new InputException("encoded column '" + x.columnNames().get(missing[1]) + "' is missing at row " + (missing[0] + 1)
                    + "; impute missing numbers");
        }
        return new Prepared(data, plan, encoder, x);
    }

    private PipelineModel train(Prepared prepared) {
        TrainingSet data = prepared.data();
        Plan plan = prepared.plan();
        Encoder encoder = prepared.encoder();
        Matrix x = prepared.x();
        Randomness random = seededNoise ? Randomness.seeded(data.seed()) : Randomness.secure();
        double[] theta = train(x, data.labels().codes(), plan, random);
        int p = x.columns();
        LinearEstimator est = new LinearEstimator(LinearEstimator.Link.LOGISTIC, 1, p, Arrays.copyOf(theta, p), new double[] {theta[p]});
        Map<String, Object> params = new LinkedHashMap<>(parameters());
        params.put("epsilon", plan.guarantee().epsilon());
        params.put("noise_multiplier", plan.noiseMultiplier());
        params.put("sample_rate", plan.sampleRate());
        params.put("steps", plan.steps());
        params.put("noise", random.isPrivate() ? "secure" : "not private: seeded noise");
        params.put("seed", data.seed());
        ModelInfo info = new ModelInfo(algorithm(), encoder.features(), data.labels().name(), data.labels().classes(), TaskKind.BINARY,
                params);
        Provenance provenance = new Provenance(Provenance.TRAIN, algorithm(), params, DataFingerprint.of(data.data()),
                data.features(), data.labels().name(), data.seed(), List.of(), ModelFiles.libraries());
        return new PipelineModel(info, encoder, est, provenance);
    }

    /** Runs the noisy steps; returns the p weights then the intercept. */
    double[] train(Matrix x, int[] y, Plan plan, Randomness random) {
        int n = x.rows();
        int p = x.columns();
        int d = p + 1;
        int w = x.width();
        int[] idx = x.index();
        double[] val = x.value();
        int gridExponent = gridExponent(clippingNorm);
        BigInteger maxSquaredNorm = new BigDecimal(Math.scalb(clippingNorm, -gridExponent)).pow(2).toBigInteger(); // ⌊Δ²⌋
        DiscreteGaussian noise = noise(plan.noiseMultiplier(), clippingNorm);
        double[] theta = new double[d];
        double[] grad = new double[d];
        double[] m = new double[d];
        double[] v = new double[d];
        long[] sum = new long[d];
        long[] u = new long[d];
        double[] row = new double[d];
        for (long t = 1; t <= plan.steps(); t++) {
            Arrays.fill(sum, 0);
            for (int i = 0; i < n; i++) {
                if (!random.bernoulli(batchSize, n)) {
                    continue;
                }
                // the row's gradient of the log loss: (σ(z) − y)·(x, 1)
                double z = theta[p] + x.dot(i, theta, 0);
                double r = sigmoid(z) - y[i];
                Arrays.fill(row, 0);
                int base = i * w;
                for (int j = 0; j < w; j++) {
                    row[idx[base + j]] += r * val[base + j];
                }
                row[p] = r;
                clip(row, u, clippingNorm, gridExponent, maxSquaredNorm);
                for (int j = 0; j < d; j++) {
                    sum[j] += u[j];
                }
            }
            for (int j = 0; j < d; j++) {
                // the noisy sum (an exact integer, returned as a double: post-processing) over the expected batch
                grad[j] = Math.scalb((double) (sum[j] + noise.sample(random)), gridExponent) / batchSize;
            }
            step(theta, grad, m, v, t);
        }
        return theta;
    }

    /** The grid's exponent k, g = 2^k: C/g is in [2^14, 2^15). */
    static int gridExponent(double clippingNorm) {
        return Math.getExponent(clippingNorm) - GRID_BITS;
    }

    /** The noise per coordinate, in grid units: N_ℤ(0, σ²Δ²) with Δ = C/g, σ²Δ² exact. */
    static DiscreteGaussian noise(double noiseMultiplier, double clippingNorm) {
        double sensitivity = Math.scalb(clippingNorm, -gridExponent(clippingNorm)); // Δ = C/g, exact
        Rational s = Rational.exact(noiseMultiplier).multiply(Rational.exact(sensitivity));
        return DiscreteGaussian.withVariance(s.multiply(s));
    }

    /**
     * The row's gradient clipped to norm C and truncated onto the grid, into {@code u} (grid units), with
     * ‖u‖² ≤ ⌊(C/g)²⌋ checked exactly.
     */
    static void clip(double[] row, long[] u, double c, int gridExponent, BigInteger maxSquaredNorm) {
        double norm = 0;
        for (double a : row) {
            norm += a * a;
        }
        norm = Math.sqrt(norm);
        double factor = norm > c ? c / norm : 1.0;
        long sq = 0;
        for (int j = 0; j < row.length; j++) {
            u[j] = (long) Math.scalb(row[j] * factor, -gridExponent); // truncates towards zero
            sq += u[j] * u[j];
        }
        long max = maxSquaredNorm.longValueExact();
        while (sq > max) {
            int big = 0;
            for (int j = 1; j < u.length; j++) {
                if (Math.abs(u[j]) > Math.abs(u[big])) {
                    big = j;
                }
            }
            sq -= u[big] * u[big];
            u[big] -= Long.signum(u[big]);
            sq += u[big] * u[big];
        }
    }

    private void step(double[] theta, double[] grad, double[] m, double[] v, long t) {
        if (optimizer == Optimizer.SGD) {
            for (int j = 0; j < theta.length; j++) {
                m[j] = MOMENTUM * m[j] + grad[j];
                theta[j] -= learningRate * m[j];
            }
            return;
        }
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        for (int j = 0; j < theta.length; j++) {
            m[j] = BETA1 * m[j] + (1 - BETA1) * grad[j];
            v[j] = BETA2 * v[j] + (1 - BETA2) * grad[j] * grad[j];
            theta[j] -= learningRate * (m[j] / c1) / (Math.sqrt(v[j] / c2) + ADAM_EPSILON);
        }
    }

    private static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    private static double[] integerOrders() {
        double[] a = new double[255];
        for (int i = 0; i < a.length; i++) {
            a[i] = i + 2;
        }
        return a;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "dp-sgd(ε=%s, δ=%s, C=%s, B=%d, %d epochs, %s lr %s, %s)", epsilon, delta, clippingNorm, batchSize,
                epochs, optimizer.name().toLowerCase(Locale.ROOT), learningRate, accounting.name().toLowerCase(Locale.ROOT));
    }
}
