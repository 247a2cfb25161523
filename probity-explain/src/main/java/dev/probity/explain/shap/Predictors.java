package dev.probity.explain.shap;

import dev.probity.core.InputException;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.model.Model;
import dev.probity.core.model.OutputKind;
import dev.probity.core.model.Probabilities;
import dev.probity.models.encode.Encoder;
import dev.probity.models.encode.Matrix;
import dev.probity.models.encode.Step;
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
        if (model.info().output() == OutputKind.MULTICLASS) {
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
        boolean regression = pm.info().output() == OutputKind.REGRESSION;
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
        boolean regression = model.info().output() == OutputKind.REGRESSION;
        return (rows, n, out) -> {
            var frame = space.toFrame(rows, n);
            double[] v = regression ? model.predict(frame) : model.score(frame);
            System.arraycopy(v, 0, out, 0, n);
        };
    }

    private static int bin(double[] edges, double v) {
        int pos = java.util.Arrays.binarySearch(edges, v);
        return pos >= 0 ? pos + 1 : -pos - 1;
    }
}
