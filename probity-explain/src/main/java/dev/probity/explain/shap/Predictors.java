package dev.probity.explain.shap;

import dev.probity.core.InputException;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.model.Model;
import dev.probity.core.model.TaskKind;
import dev.probity.core.model.Probabilities;
import dev.probity.models.encode.Encoder;
import dev.probity.models.encode.Matrix;
import dev.probity.models.encode.Step;
import dev.probity.models.linear.LinearEstimator;
import dev.probity.models.pipeline.PipelineModel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Predictor}s for models: any {@link Model} through frames, and a fast path for Probity's own
 * pipeline models that encodes dense rows straight into the estimator's matrix (no frame per call).
 * Classifiers are explained on the probability of the positive class (class 1), regressors on their value.
 */
public final class Predictors {
    private Predictors() {
    }

    public static Predictor of(Model model, FeatureSpace space) {
        if (model.info().output() == TaskKind.MULTICLASS) {
            throw new InputException("model-agnostic explanations here explain one output; the model is multiclass");
        }
        if (model instanceof PipelineModel pm && pm.encoder().features().size() == space.size()) {
            return fast(pm, space);
        }
        return viaFrames(model, space);
    }

    /** Encodes dense rows with the pipeline's own steps, then calls its estimator. */
    static Predictor fast(PipelineModel pm, FeatureSpace space) {
        Encoder enc = pm.encoder();
        List<Step> steps = enc.steps();
        int m = space.size();
        int[] spaceIndex = new int[m];
        int[] offset = new int[m];
        int[][] categoryOf = new int[m][];
        int off = 0;
        for (int s = 0; s < m; s++) {
            Step step = steps.get(s);
            int j = space.names().indexOf(step.column());
            if (j < 0) {
                throw new InputException("the model reads '" + step.column() + "', which the explained data does not have");
            }
            spaceIndex[s] = j;
            offset[s] = off;
            off += step.outputs().size();
            List<String> cats = switch (step) {
                case Step.OneHot oh -> oh.categories();
                case Step.Ordinal o -> o.categories();
                default -> null;
            };
            if (cats != null) {
                if (space.type(j) != ColumnType.STRING) {
                    continue; // numbers encoded as categories: served through frames below
                }
                Map<String, Integer> pos = new HashMap<>();
                for (int k = 0; k < cats.size(); k++) {
                    pos.put(cats.get(k), k);
                }
                List<String> dict = space.dictionary(j);
                int[] map = new int[dict.size() + 1];
                for (int d = 0; d < dict.size(); d++) {
                    map[d] = pos.getOrDefault(dict.get(d), -1);
                }
                map[dict.size()] = pos.getOrDefault(Encoder.MISSING_CATEGORY, -1);
                categoryOf[s] = map;
            }
        }
        for (int s = 0; s < m; s++) {
            Step step = steps.get(s);
            if ((step instanceof Step.OneHot || step instanceof Step.Ordinal) && categoryOf[s] == null) {
                return viaFrames(pm, space);
            }
        }
        List<String> names = enc.outputNames();
        boolean regression = pm.info().output() == TaskKind.REGRESSION;
        if (pm.estimator() instanceof LinearEstimator lin && lin.rows() == 1) {
            return linear(lin, steps, space, spaceIndex, offset, categoryOf);
        }
        return (rows, n, out) -> {
            int[] index = new int[n * m];
            double[] value = new double[n * m];
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < m; s++) {
                    double x = rows[i * space.size() + spaceIndex[s]];
                    int k = i * m + s;
                    switch (steps.get(s)) {
                        case Step.Numeric num -> {
                            double v = Double.isNaN(x) ? num.fill() : x;
                            index[k] = offset[s];
                            value[k] = (v - num.center()) / num.scale();
                        }
                        case Step.OneHot oh -> {
                            int[] map = categoryOf[s];
                            int c = Double.isNaN(x) ? map[map.length - 1] : map[(int) x];
                            index[k] = offset[s] + Math.max(c, 0);
                            value[k] = c >= 0 ? 1 : 0;
                        }
                        case Step.Ordinal o -> {
                            int[] map = categoryOf[s];
                            int c = Double.isNaN(x) ? map[map.length - 1] : map[(int) x];
                            index[k] = offset[s];
                            value[k] = c >= 0 ? c : Double.NaN;
                        }
                        case Step.Bins b -> {
                            double v = Double.isNaN(x) ? b.fill() : x;
                            index[k] = offset[s] + (Double.isNaN(v) ? 0 : bin(b.edges(), v));
                            value[k] = Double.isNaN(v) ? 0 : 1;
                        }
                    }
                }
            }
            Matrix mx = new Matrix(n, m, names, index, value);
            if (regression) {
                System.arraycopy(pm.estimator().predictValue(mx), 0, out, 0, n);
            } else {
                Probabilities p = pm.estimator().predictProba(mx);
                for (int i = 0; i < n; i++) {
                    out[i] = p.get(i, 1);
                }
            }
        };
    }

    private static Predictor viaFrames(Model model, FeatureSpace space) {
        boolean regression = model.info().output() == TaskKind.REGRESSION;
        return (rows, n, out) -> {
            var frame = space.toFrame(rows, n);
            double[] v = regression ? model.predict(frame) : model.score(frame);
            System.arraycopy(v, 0, out, 0, n);
        };
    }

    /**
     * A one-row linear estimator scores a dense row directly: each step adds its coefficient times the
     * encoded value, so no matrix is built. The logistic link gives the probability of class 1.
     */
    private static Predictor linear(LinearEstimator lin, List<Step> steps, FeatureSpace space, int[] spaceIndex, int[] offset,
                                    int[][] categoryOf) {
        int m = steps.size();
        int width = space.size();
        double[] coef = lin.coef();
        double intercept = lin.intercept()[0];
        boolean logistic = lin.link() == LinearEstimator.Link.LOGISTIC;
        // per step: 0 numeric, 1 one-hot, 2 ordinal, 3 bins
        int[] kind = new int[m];
        double[] fill = new double[m];
        double[] center = new double[m];
        double[] scale = new double[m];
        double[][] edges = new double[m][];
        double[][] table = new double[m][];
        double[] slope = new double[m];
        for (int s = 0; s < m; s++) {
            switch (steps.get(s)) {
                case Step.Numeric num -> {
                    kind[s] = 0;
                    fill[s] = num.fill();
                    center[s] = num.center();
                    scale[s] = num.scale();
                    slope[s] = coef[offset[s]] / num.scale();
                }
                case Step.OneHot oh -> {
                    kind[s] = 1;
                    int[] map = categoryOf[s];
                    table[s] = new double[map.length];
                    for (int d = 0; d < map.length; d++) {
                        table[s][d] = map[d] >= 0 ? coef[offset[s] + map[d]] : 0;
                    }
                }
                case Step.Ordinal o -> {
                    kind[s] = 2;
                    int[] map = categoryOf[s];
                    table[s] = new double[map.length];
                    for (int d = 0; d < map.length; d++) {
                        table[s][d] = map[d] >= 0 ? coef[offset[s]] * map[d] : Double.NaN;
                    }
                }
                case Step.Bins b -> {
                    kind[s] = 3;
                    fill[s] = b.fill();
                    edges[s] = b.edges();
                }
            }
        }
        return (rows, n, out) -> {
            for (int i = 0; i < n; i++) {
                double z = intercept;
                int base = i * width;
                for (int s = 0; s < m; s++) {
                    double x = rows[base + spaceIndex[s]];
                    switch (kind[s]) {
                        case 0 -> z += slope[s] * ((x == x ? x : fill[s]) - center[s]);
                        case 1, 2 -> z += table[s][x == x ? (int) x : table[s].length - 1];
                        default -> {
                            double v = Double.isNaN(x) ? fill[s] : x;
                            if (!Double.isNaN(v)) {
                                z += coef[offset[s] + bin(edges[s], v)];
                            }
                        }
                    }
                }
                out[i] = logistic ? (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))) : z;
            }
        };
    }

    private static int bin(double[] edges, double v) {
        int pos = java.util.Arrays.binarySearch(edges, v);
        return pos >= 0 ? pos + 1 : -pos - 1;
    }
}
