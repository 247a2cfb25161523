package dev.probity.models.xgboost;

import dev.probity.core.InputException;
import dev.probity.core.model.Labels;
import dev.probity.models.encode.EncodingSpec;
import dev.probity.models.encode.Matrix;
import dev.probity.models.pipeline.Estimator;
import dev.probity.models.pipeline.MatrixTrainer;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gradient-boosted trees trained by XGBoost itself (xgboost4j): sample weights, a seed, and early stopping
 * on a validation set when one is given. Training uses the exact-free {@code hist} method with a fixed
 * thread count so that results are reproducible.
 */
public final class XgbTrainer implements MatrixTrainer {
    private final int rounds;
    private final int maxDepth;
    private final double eta;
    private final int earlyStopping;
    private final int threads;
    private final boolean verbose;

    public XgbTrainer(int rounds, int maxDepth, double eta, int earlyStopping, int threads) {
        this(rounds, maxDepth, eta, earlyStopping, threads, false);
    }

    private XgbTrainer(int rounds, int maxDepth, double eta, int earlyStopping, int threads, boolean verbose) {
        if (rounds < 1 || maxDepth < 1 || !(eta > 0)) {
            throw new IllegalArgumentException("xgboost needs rounds ≥ 1, depth ≥ 1 and eta > 0");
        }
        this.rounds = rounds;
        this.maxDepth = maxDepth;
        this.eta = eta;
        this.earlyStopping = earlyStopping;
        this.threads = threads;
        this.verbose = verbose;
    }

    /**
     * Whether XGBoost prints its evaluation after every round (the native library writes it to standard output,
     * past any Java logging); off by default, as noise in a tool's output.
     */
    public XgbTrainer verbose(boolean v) {
        return new XgbTrainer(rounds, maxDepth, eta, earlyStopping, threads, v);
    }

    public static XgbTrainer defaults() {
        return new XgbTrainer(200, 6, 0.1, 20, 1);
    }

    public XgbTrainer rounds(int r) {
        return new XgbTrainer(r, maxDepth, eta, earlyStopping, threads, verbose);
    }

    public XgbTrainer maxDepth(int d) {
        return new XgbTrainer(rounds, d, eta, earlyStopping, threads, verbose);
    }

    public XgbTrainer threads(int t) {
        return new XgbTrainer(rounds, maxDepth, eta, earlyStopping, t, verbose);
    }

    @Override
    public String algorithm() {
        return "xgboost";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("rounds", rounds);
        p.put("max_depth", maxDepth);
        p.put("eta", eta);
        p.put("early_stopping_rounds", earlyStopping);
        p.put("tree_method", "hist");
        p.put("nthread", threads);
        return p;
    }

    @Override
    public EncodingSpec defaultEncoding() {
        return EncodingSpec.trees();
    }

    @Override
    public boolean supportsRegression() {
        return true;
    }

    @Override
    public Estimator fit(Matrix x, Labels y, double[] weights, long seed) {
        return fit(x, y, weights, seed, null, null);
    }

    @Override
    public Estimator fit(Matrix x, Labels y, double[] weights, long seed, Matrix validX, Labels validY) {
        int classes = y.isClassification() ? y.classes().size() : 0;
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("max_depth", maxDepth);
        params.put("eta", eta);
        params.put("tree_method", "hist");
        params.put("nthread", threads);
        params.put("seed", seed);
        params.put("verbosity", 0);
        // xgboost4j prints each round's evaluation unless told not to (XGBoost.shouldPrint reads verbose_eval)
        params.put("verbose_eval", verbose ? 1 : 0);
        if (classes == 2) {
            params.put("objective", "binary:logistic");
            params.put("eval_metric", "logloss");
        } else if (classes > 2) {
            params.put("objective", "multi:softprob");
            params.put("num_class", classes);
            params.put("eval_metric", "mlogloss");
        } else {
            params.put("objective", "reg:squarederror");
            params.put("eval_metric", "rmse");
        }
        DMatrix train = null;
        DMatrix valid = null;
        try {
            train = matrix(x, y, weights);
            Map<String, DMatrix> watches = new LinkedHashMap<>();
            int stop = 0;
            if (validX != null) {
                valid = matrix(validX, validY, null);
                watches.put("validation", valid);
                stop = earlyStopping;
            }
            float[][] metrics = new float[watches.size()][rounds];
            Booster b = XGBoost.train(train, params, rounds, watches, metrics, null, null, stop);
            return new XgbEstimator(b, classes);
        } catch (XGBoostError e) {
            throw new InputException("xgboost training failed: " + e.getMessage());
        } finally {
            if (train != null) {
                train.dispose();
            }
            if (valid != null) {
                valid.dispose();
            }
        }
    }

    private static DMatrix matrix(Matrix x, Labels y, double[] weights) throws XGBoostError {
        DMatrix d = new DMatrix(x.denseRowMajorFloat(), x.rows(), x.columns(), Float.NaN);
        float[] label = new float[x.rows()];
        for (int i = 0; i < label.length; i++) {
            label[i] = y.isClassification() ? y.codes()[i] : (float) y.values()[i];
        }
        d.setLabel(label);
        if (weights != null) {
            float[] w = new float[weights.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) weights[i];
            }
            d.setWeight(w);
        }
        return d;
    }
}
