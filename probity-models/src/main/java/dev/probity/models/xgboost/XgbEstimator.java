package dev.probity.models.xgboost;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.probity.core.InputException;
import dev.probity.core.model.Probabilities;
import dev.probity.models.encode.Matrix;
import dev.probity.models.pipeline.Estimator;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.IOException;

/**
 * An XGBoost booster held as its UBJSON bytes (what goes into the model file) and run by xgboost4j's
 * native library. Predictions are XGBoost's own: {@code binary:logistic} gives P(class 1),
 * {@code multi:softprob} class probabilities, {@code reg:*} values.
 */
public final class XgbEstimator implements Estimator {
    private final byte[] model;
    private final int classes;
    private volatile Booster booster;

    @JsonCreator
    public XgbEstimator(@JsonProperty("model") byte[] model, @JsonProperty("classes") int classes) {
        this.model = model.clone();
        this.classes = classes;
    }

    XgbEstimator(Booster booster, int classes) {
        this.booster = booster;
        this.classes = classes;
        try {
            this.model = booster.toByteArray("ubj");
        } catch (XGBoostError e) {
            throw new IllegalStateException("xgboost could not serialize the booster: " + e.getMessage(), e);
        }
    }

    /** The booster in XGBoost's UBJSON format. */
    @JsonProperty("model")
    public byte[] model() {
        return model.clone();
    }

    /** Number of classes (0 for regression). */
    @JsonProperty("classes")
    public int classes() {
        return classes;
    }

    @JsonIgnore
    public Booster booster() {
        Booster b = booster;
        if (b == null) {
            synchronized (this) {
                if (booster == null) {
                    booster = load(model, "the model file");
                }
                b = booster;
            }
        }
        return b;
    }

    static Booster load(byte[] bytes, String what) {
        try {
            return XGBoost.loadModel(bytes);
        } catch (XGBoostError | IOException e) {
            // XGBoost's own message is a C++ detail ("basic_string::resize"); what matters is that it is not a model
            throw new InputException(what + " is not an XGBoost model XGBoost can read (JSON or UBJSON)");
        }
    }

    /** Raw predictions, one row per input row: probabilities (or values) unless {@code margin}. */
    public float[][] raw(float[] dense, int rows, int cols, boolean margin) {
        try {
            if (rows == 0) {
                return new float[0][];
            }
            ml.dmlc.xgboost4j.java.DMatrix d = new ml.dmlc.xgboost4j.java.DMatrix(dense, rows, cols, Float.NaN);
            try {
                return booster().predict(d, margin);
            } finally {
                d.dispose();
            }
        } catch (XGBoostError e) {
            throw new InputException("xgboost could not predict: " + e.getMessage());
        }
    }

    @Override
    public Probabilities predictProba(Matrix x) {
        if (classes == 0) {
            throw new UnsupportedOperationException("an XGBoost regressor has no class probabilities");
        }
        float[][] r = raw(x.denseRowMajorFloat(), x.rows(), x.columns(), false);
        return toProbabilities(r, x.rows(), classes);
    }

    static Probabilities toProbabilities(float[][] r, int rows, int classes) {
        if (classes == 2) {
            double[] p = new double[rows];
            for (int i = 0; i < rows; i++) {
                p[i] = r[i][0];
            }
            return Probabilities.binary(p);
        }
        double[] v = new double[rows * classes];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < classes; k++) {
                v[i * classes + k] = r[i][k];
            }
        }
        return new Probabilities(rows, classes, v);
    }

    @Override
    public double[] predictValue(Matrix x) {
        if (classes != 0) {
            return Estimator.super.predictValue(x);
        }
        float[][] r = raw(x.denseRowMajorFloat(), x.rows(), x.columns(), false);
        double[] out = new double[x.rows()];
        for (int i = 0; i < out.length; i++) {
            out[i] = r[i][0];
        }
        return out;
    }
}
