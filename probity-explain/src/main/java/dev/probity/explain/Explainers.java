package dev.probity.explain;

import dev.probity.core.InputException;
import dev.probity.core.Parallel;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Feature;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.TaskKind;
import dev.probity.explain.counterfactual.Constraints;
import dev.probity.explain.counterfactual.Counterfactuals;
import dev.probity.explain.global.GlobalViews;
import dev.probity.explain.global.Surrogate;
import dev.probity.explain.lime.Lime;
import dev.probity.explain.reasons.Reasons;
import dev.probity.explain.shap.Background;
import dev.probity.explain.shap.ExactShap;
import dev.probity.explain.shap.Explanation;
import dev.probity.explain.shap.FeatureSpace;
import dev.probity.explain.shap.KernelShap;
import dev.probity.explain.shap.LinearShap;
import dev.probity.explain.shap.PermutationShap;
import dev.probity.explain.shap.Predictor;
import dev.probity.explain.shap.Predictors;
import dev.probity.explain.tree.Attributions;
import dev.probity.explain.tree.CartTrees;
import dev.probity.explain.tree.FastTreeShap;
import dev.probity.explain.tree.InterventionalTreeShap;
import dev.probity.explain.tree.OnnxTrees;
import dev.probity.explain.tree.TreeEnsemble;
import dev.probity.explain.tree.TreeShap;
import dev.probity.explain.tree.XgboostTrees;
import dev.probity.models.encode.Matrix;
import dev.probity.models.onnx.OnnxModel;
import dev.probity.models.pipeline.PipelineModel;
import dev.probity.models.tree.TreeEstimator;
import dev.probity.models.xgboost.XgbEstimator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The explanation workflow for any {@link Model}, the same for every face: pick the rows, build the feature space
 * and background, run the method, and return typed results. TreeSHAP finds the tree ensemble inside the model
 * ({@link #treeEnsemble}); the model-agnostic methods explain the probability of the positive class (regressors:
 * the value; randomized models: the expected decision), with features outside a coalition taken from the
 * background rows.
 *
 * <pre>{@code
 * ExplainResult r = Explainers.explain(model, testRows, null, List.of(0, 1, 2), ExplainMethod.KERNEL_SHAP,
 *         ExplainSettings.defaults());
 * double top = r.rows().get(0).explanation().values()[r.rows().get(0).explanation().ranking()[0]];
 * }</pre>
 */
public final class Explainers {
    private Explainers() {
    }

    /**
     * Explains {@code rows} (0-based) of {@code data} with {@code method}; {@code background} (null: {@code data})
     * gives the background and training rows. The global method ignores {@code rows} and uses the first
     * {@code settings.sample()} rows.
     */
    public static ExplainResult explain(Model model, Frame data, Frame background, List<Integer> rows, ExplainMethod method,
                                        ExplainSettings settings) {
        data.requireRows();
        if (background != null) {
            background.requireRows();
        }
        if (model.info().output() == TaskKind.MULTICLASS) {
            throw new InputException("explanations here cover binary classifiers and regressors; the model has classes "
                    + model.info().classes());
        }
        Frame bgFrame = background == null ? data : background;
        model.info().checkInputs(data);
        model.info().checkInputs(bgFrame);
        for (int r : rows) {
            if (r < 0 || r >= data.rowCount()) {
                throw new InputException("row " + (r + 1) + " is outside the data (1.." + data.rowCount() + ")");
            }
        }
        if (!settings.groups().isEmpty() && (method == ExplainMethod.LIME || method == ExplainMethod.TREE_SHAP
                || method == ExplainMethod.LINEAR_SHAP)) {
            throw new InputException("feature groups apply to kernel-shap, exact-shap, permutation-shap, reasons and counterfactual; "
                    + method.label() + " explains each column");
        }
        if (settings.interactions() && method != ExplainMethod.TREE_SHAP) {
            throw new InputException("interaction values come from tree-shap; " + method.label() + " gives none");
        }
        if (settings.interactions() && (settings.interventional() || settings.probability())) {
            throw new InputException("interaction values are path-dependent TreeSHAP's: drop the interventional and "
                    + "probability output settings to have them");
        }
        List<String> names = model.info().features().stream().map(Feature::name).toList();
        List<ExplainResult.Row> out = new ArrayList<>();
        String source = data.source();
        List<String> warnings = new ArrayList<>();
        dev.probity.core.model.ProhibitedBases.warning(names, settings.prohibited()).ifPresent(warnings::add);
        switch (method) {
            case TREE_SHAP -> treeShap(model, data, bgFrame, rows, settings, out);
            case LINEAR_SHAP -> {
                if (!(model instanceof PipelineModel pm) || !(pm.estimator() instanceof dev.probity.models.linear.LinearEstimator)) {
                    throw new InputException("linear-shap needs a Probity linear model; use kernel-shap for " + model.info().algorithm());
                }
                int[] idx = rows.stream().mapToInt(Integer::intValue).toArray();
                List<Explanation> es = new LinearShap(pm, bgFrame).explain(data.select(idx));
                for (int i = 0; i < idx.length; i++) {
                    out.add(new ExplainResult.Row(idx[i] + 1, es.get(i), List.of(), null, List.of()));
                }
            }
            case GLOBAL -> {
                FeatureSpace space = FeatureSpace.of(names, data, bgFrame);
                ExplainResult.Global g = global(model, data, space, space.encode(bgFrame), bgFrame.rowCount(), settings);
                if (g.surrogateR2() < MIN_SURROGATE_R2) {
                    warnings.add(String.format(Locale.ROOT, "the depth-3 surrogate tree explains only R² %.2f of the model's "
                            + "predictions: its rules are a rough sketch of the model, not a description of it", g.surrogateR2()));
                }
                return new ExplainResult(method.label(), model.info().algorithm(), source, List.of(), g, warnings);
            }
            default -> agnostic(model, data, bgFrame, names, rows, method, settings, out, warnings);
        }
        return new ExplainResult(method.label(), model.info().algorithm(), source, out, null, warnings);
    }

    /**
     * TreeSHAP straight from a tree ensemble (a LightGBM text model, say, which Probity explains without running it):
     * {@code names} are the data columns of the ensemble's features, in order.
     */
    public static ExplainResult explainTrees(TreeEnsemble e, String modelName, List<String> names, Frame data, List<Integer> rows) {
        return explainTrees(e, modelName, names, data, rows, false);
    }

    /** As above, with SHAP interaction values of each row when {@code interactions}. */
    public static ExplainResult explainTrees(TreeEnsemble e, String modelName, List<String> names, Frame data, List<Integer> rows,
                                             boolean interactions) {
        if (e.outputs() != 1) {
            throw new InputException("TreeSHAP here explains binary and regression ensembles; this one has " + e.outputs() + " outputs");
        }
        if (names.size() != e.features()) {
            throw new InputException("the model reads " + e.features() + " features but " + names.size() + " names were given");
        }
        FeatureSpace space = FeatureSpace.of(names, data);
        for (int j = 0; j < space.size(); j++) {
            if (space.type(j) == ColumnType.STRING) {
                throw new InputException(data.source() + ": column '" + space.names().get(j) + "' is text; the tree model reads numbers");
            }
        }
        List<ExplainResult.Row> out = new ArrayList<>();
        treeShapInSpace(e, space, space.encode(data), rows, "raw score (" + e.link().name().toLowerCase(Locale.ROOT) + " link)", out,
                interactions);
        return new ExplainResult(ExplainMethod.TREE_SHAP.label(), modelName, data.source(), out, null);
    }

    /**
     * The tree ensemble inside a model, in the model's encoded feature space: an XGBoost or CART pipeline's trees; for an
     * ONNX tree ensemble, the trees with covers counted on {@code coverRows} (dense rows of the model's features, as
     * {@link FeatureSpace#encode} gives them). Null when the model holds no trees.
     */
    public static TreeEnsemble treeEnsemble(Model model, double[] coverRows, int coverCount) {
        if (model instanceof PipelineModel pm) {
            List<String> encoded = pm.encoder().outputNames();
            if (pm.estimator() instanceof XgbEstimator x) {
                return XgboostTrees.of(x, encoded);
            }
            if (pm.estimator() instanceof TreeEstimator t) {
                return CartTrees.of(t, encoded);
            }
            return null;
        }
        if (model instanceof OnnxModel om) {
            List<String> names = om.info().features().stream().map(Feature::name).toList();
            return OnnxTrees.parse(String.valueOf(om.info().parameters().get("file")), om.bytes(), names, coverRows, coverCount);
        }
        return null;
    }

    private static void treeShap(Model model, Frame data, Frame bgFrame, List<Integer> rows, ExplainSettings s, List<ExplainResult.Row> out) {
        if (model instanceof OnnxModel) {
            List<String> names = model.info().features().stream().map(Feature::name).toList();
            FeatureSpace space = FeatureSpace.of(names, data, bgFrame);
            double[] bg = space.encode(bgFrame);
            TreeEnsemble e = treeEnsemble(model, bg, bgFrame.rowCount());
            treeShapInSpace(e, space, space.encode(data), rows, "raw score (" + e.link().name().toLowerCase(Locale.ROOT)
                    + " link); covers counted on " + bgFrame.rowCount() + " background rows", out, s.interactions());
            return;
        }
        TreeEnsemble e = treeEnsemble(model, null, 0);
        if (e == null || !(model instanceof PipelineModel pm)) {
            throw new InputException("tree-shap needs a tree model (XGBoost, an ONNX tree ensemble, or a Probity tree); this is "
                    + model.info().algorithm() + ": use kernel-shap");
        }
        int[] rowIdx = rows.stream().mapToInt(Integer::intValue).toArray();
        Matrix mx = pm.encoder().transform(data.select(rowIdx));
        double[] dense = dense(mx, e.floatInputs());
        Attributions a;
        int k = Math.min(s.backgroundSize(), bgFrame.rowCount());
        if (s.interventional() || s.probability()) {
            Background bg = Background.sample(dense(pm.encoder().transform(bgFrame), e.floatInputs()), bgFrame.rowCount(), mx.columns(), k, s.seed());
            a = new InterventionalTreeShap(e, bg.rows(), bg.n(), Parallel.defaultThreads()).explain(dense, mx.rows(), s.probability());
        } else {
            a = pathDependent(e, dense, mx.rows());
        }
        int[] owner = pm.encoder().outputFeature();
        List<String> encoded = pm.encoder().outputNames();
        List<String> names = pm.info().features().stream().map(Feature::name).toList();
        InteractionRows interactionRows = s.interactions() ? new InteractionRows(e, dense, rowIdx.length) : null;
        for (int i = 0; i < rowIdx.length; i++) {
            // one-hot columns add up to their feature
            double[] grouped = new double[names.size()];
            for (int c = 0; c < encoded.size(); c++) {
                grouped[owner[c]] += a.get(i, 0, c);
            }
            List<String> values = new ArrayList<>();
            for (String n : names) {
                String v = data.column(n).format(rowIdx[i]);
                values.add(v == null ? "(missing)" : v);
            }
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("output", s.probability() ? "probability (interventional, rescaled per background row)"
                    : "raw score (" + e.link().name().toLowerCase(Locale.ROOT) + " link)");
            facts.put("trees", e.trees());
            if (s.interventional() || s.probability()) {
                // the game's background is a choice that changes every value: say how large it was
                facts.put("background_rows", k);
            }
            facts.put("additivity_checked", true);
            double[][] interactions = null;
            if (interactionRows != null) {
                // encoded columns × encoded columns, then one-hot columns added up to their features
                double[] inter = interactionRows.row(i);
                int w = encoded.size();
                interactions = new double[names.size()][names.size()];
                for (int c = 0; c < w; c++) {
                    for (int d = 0; d < w; d++) {
                        interactions[owner[c]][owner[d]] += inter[c * w + d];
                    }
                }
            }
            out.add(new ExplainResult.Row(rowIdx[i] + 1, new Explanation(s.interventional() || s.probability() ? "tree-shap-interventional"
                    : "tree-shap", names, values, grouped, a.bias(i, 0), a.total(i, 0), facts), List.of(), null, List.of(),
                    interactions));
        }
    }

    /** Path-dependent TreeSHAP of rows of a feature space whose columns are the ensemble's features. */
    private static void treeShapInSpace(TreeEnsemble e, FeatureSpace space, double[] all, List<Integer> rows, String output,
                                        List<ExplainResult.Row> out) {
        treeShapInSpace(e, space, all, rows, output, out, false);
    }

    private static void treeShapInSpace(TreeEnsemble e, FeatureSpace space, double[] all, List<Integer> rows, String output,
                                        List<ExplainResult.Row> out, boolean withInteractions) {
        int m = space.size();
        double[] x = new double[rows.size() * m];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(all, rows.get(i) * m, x, i * m, m);
        }
        Attributions a = pathDependent(e, x, rows.size());
        InteractionRows interactionRows = withInteractions ? new InteractionRows(e, x, rows.size()) : null;
        for (int i = 0; i < rows.size(); i++) {
            double[] v = new double[m];
            List<String> values = new ArrayList<>();
            for (int j = 0; j < m; j++) {
                v[j] = a.get(i, 0, j);
                values.add(space.format(j, x[i * m + j]));
            }
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("output", output);
            facts.put("trees", e.trees());
            double[][] interactions = null;
            if (interactionRows != null) {
                double[] inter = interactionRows.row(i);
                interactions = new double[m][m];
                for (int r = 0; r < m; r++) {
                    System.arraycopy(inter, r * m, interactions[r], 0, m);
                }
            }
            out.add(new ExplainResult.Row(rows.get(i) + 1, new Explanation("tree-shap", space.names(), values, v, a.bias(i, 0), a.total(i, 0),
                    facts), List.of(), null, List.of(), interactions));
        }
    }

    /**
     * SHAP interaction matrices of rows asked for in order, made 64 rows at a time on every thread
     * ({@link TreeShap#interactionsOfRows}), so that memory holds one block of p² values per row, not all of them.
     */
    private static final class InteractionRows {
        private static final int BLOCK = 64;
        private final TreeShap shap;
        private final double[] x;
        private final int rows;
        private final int p;
        private double[][] block;
        private int blockFrom;

        InteractionRows(TreeEnsemble e, double[] x, int rows) {
            this.shap = new TreeShap(e, Parallel.defaultThreads());
            this.x = x;
            this.rows = rows;
            this.p = e.features();
        }

        double[] row(int i) {
            if (block == null || i < blockFrom || i >= blockFrom + block.length) {
                int n = Math.min(BLOCK, rows - i);
                block = shap.interactionsOfRows(java.util.Arrays.copyOfRange(x, i * p, (i + n) * p), n, 0);
                blockFrom = i;
            }
            return block[i - blockFrom];
        }
    }

    /** Below this R², a local surrogate explains too little of the model to be read without a warning. */
    static final double MIN_SURROGATE_R2 = 0.5;

    /** Kernel, exact and permutation SHAP, LIME, counterfactuals and reasons: through the model's predictions only. */
    private static void agnostic(Model model, Frame data, Frame bgFrame, List<String> names, List<Integer> rows, ExplainMethod method,
                                 ExplainSettings s, List<ExplainResult.Row> out, List<String> warnings) {
        List<String> poorFit = new ArrayList<>();
        FeatureSpace space = FeatureSpace.of(names, data, bgFrame);
        double[] all = space.encode(data);
        double[] bgRows = space.encode(bgFrame);
        int m = space.size();
        Predictor f = Predictors.of(model, space);
        Background bg = background(space, bgRows, bgFrame.rowCount(), s);
        Lime lime = method == ExplainMethod.LIME ? Lime.fit(space, bgRows, bgFrame.rowCount(), 4, s.samples() > 0 ? s.samples() : 5000, 0,
                s.top(), Lime.Selection.AUTO, s.seed()) : null;
        Counterfactuals search = method == ExplainMethod.COUNTERFACTUAL || method == ExplainMethod.REASONS
                ? new Counterfactuals(space, bgRows, bgFrame.rowCount(), 20, 0.5,
                        dev.probity.explain.counterfactual.Ties.learn(space, bgRows, bgFrame.rowCount(), s.ties())) : null;
        Constraints constraints = constraints(space, s);
        Grouped grouped = grouped(space, s.groups());
        for (int r : rows) {
            double[] x = Arrays.copyOfRange(all, r * m, r * m + m);
            List<String> values = grouped.values(space, x);
            switch (method) {
                case LIME -> {
                    Explanation e = lime.explain(f, x, r);
                    Object r2 = e.facts().get("local_fidelity_r2");
                    if (r2 instanceof Number fit && fit.doubleValue() < MIN_SURROGATE_R2) {
                        poorFit.add(String.format(Locale.ROOT, "%d (R² %.2f)", r + 1, fit.doubleValue()));
                    }
                    out.add(new ExplainResult.Row(r + 1, e, List.of(), null, List.of()));
                }
                case PERMUTATION_SHAP -> out.add(new ExplainResult.Row(r + 1, new PermutationShap(Math.max(1, s.samples() > 0 ? s.samples() : 10),
                        s.seed()).explain(f, bg, x, grouped.columns(), grouped.names(), values), List.of(), null, List.of()));
                case EXACT_SHAP -> {
                    double[] ends = new double[3];
                    double[] phi = ExactShap.values(f, bg, x, grouped.columns(), ends);
                    out.add(new ExplainResult.Row(r + 1, new Explanation("exact-shap", grouped.names(), values, phi, ends[1], ends[0],
                            Map.of("model_evaluations", (int) ends[2])), List.of(), null, List.of()));
                }
                case COUNTERFACTUAL -> out.add(new ExplainResult.Row(r + 1, null, List.of(), null, counterfactuals(search, f, x, constraints,
                        space, s.count())));
                case KERNEL_SHAP -> out.add(new ExplainResult.Row(r + 1, new KernelShap(s.samples(), s.top(), s.seed())
                        .explain(f, bg, x, grouped.columns(), grouped.names(), values), List.of(), null, List.of()));
                case REASONS -> {
                    Explanation e = new KernelShap(s.samples(), s.top(), s.seed()).explain(f, bg, x, grouped.columns(), grouped.names(), values);
                    String now = decision(model, e.prediction());
                    String other = decision(model, e.prediction() >= 0.5 ? 0 : 1);
                    boolean favourable = model.info().output() == TaskKind.BINARY
                            && (e.prediction() >= 0.5) == s.favourablePositive();
                    java.util.Set<String> barred = grouped.prohibited(space, s.prohibited());
                    if (favourable) {
                        out.add(new ExplainResult.Row(r + 1, e, List.of(), "The decision is '" + now + "', the favourable "
                                + "outcome: there is no adverse action, so no adverse-action reasons are given.", List.of()));
                        continue;
                    }
                    List<Reasons.Reason> reasons = Reasons.adverseAction(e, s.favourablePositive(), s.maxReasons(), s.statements(), barred);
                    List<Counterfactuals.Counterfactual> cfs = search.find(f, x, constraints, 1);
                    String plain = Reasons.plainLanguage(e, space, x, cfs.isEmpty() ? null : cfs.get(0), now, other, s.favourablePositive(),
                            barred);
                    out.add(new ExplainResult.Row(r + 1, e, reasons, plain, List.of()));
                }
                default -> throw new IllegalStateException(method.label());
            }
        }
        if (!poorFit.isEmpty()) {
            warnings.add("LIME's local surrogate fits poorly at row " + String.join(", ", poorFit) + ": below R² "
                    + MIN_SURROGATE_R2 + " the linear weights explain little of what the model does near the row, and its "
                    + "prediction differs from the model's (the waterfall shows the remainder); prefer kernel-shap there");
        }
    }

    private static ExplainResult.Global global(Model model, Frame frame, FeatureSpace space, double[] bgRows, int bgN, ExplainSettings s) {
        int m = space.size();
        int n = Math.min(s.sample(), frame.rowCount());
        double[] rowsN = Arrays.copyOf(space.encode(frame), n * m);
        Predictor f = Predictors.of(model, space);
        GlobalViews g = new GlobalViews(space, f, rowsN, n);
        List<GlobalViews.Importance> importance = null;
        String importanceScore = null;
        if (s.label() != null) {
            boolean regression = model.info().output() == TaskKind.REGRESSION;
            String pos = s.positive() != null ? s.positive()
                    : model.info().classes().get(1).startsWith("not ") ? null : model.info().classes().get(1);
            Labels y = regression ? Labels.numericColumn(frame, s.label()) : Labels.fromColumn(frame, s.label(), pos);
            double[] yv = new double[n];
            for (int i = 0; i < n; i++) {
                yv[i] = regression ? y.values()[i] : y.codes()[i];
            }
            importance = g.permutationImportance(yv, regression ? GlobalViews.Score.negativeMse() : GlobalViews.Score.accuracy(), 5, s.seed());
            importanceScore = regression ? "negative mean squared error" : "accuracy";
        }
        // mean |SHAP| over up to 200 rows, with KernelSHAP on the summarized background
        int k = Math.min(200, n);
        Background bg = background(space, bgRows, bgN, s);
        double[] meanAbs = new double[m];
        List<String> names = space.names();
        int[][] singles = new int[m][];
        for (int j = 0; j < m; j++) {
            singles[j] = new int[] {j};
        }
        for (int r = 0; r < k; r++) {
            double[] x = Arrays.copyOfRange(rowsN, r * m, r * m + m);
            Explanation e = new KernelShap(s.samples(), 0, s.seed()).explain(f, bg, x, singles, names, names);
            for (int j = 0; j < m; j++) {
                meanAbs[j] += Math.abs(e.values()[j]) / k;
            }
        }
        Integer[] order = new Integer[m];
        for (int j = 0; j < m; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> Double.compare(meanAbs[b], meanAbs[a]));
        List<ExplainResult.MeanAbs> mean = new ArrayList<>();
        for (int j : order) {
            mean.add(new ExplainResult.MeanAbs(names.get(j), meanAbs[j]));
        }
        List<GlobalViews.Dependence> dependence = new ArrayList<>();
        for (int t = 0; t < Math.min(3, m); t++) {
            dependence.add(g.partialDependence(order[t], 10, 20));
        }
        Surrogate sur = Surrogate.fit(space, rowsN, n, f, 3);
        return new ExplainResult.Global(n, importance, importanceScore, mean, dependence, sur.r2(), sur.agreement(), sur.rules());
    }

    private static String decision(Model model, double p) {
        if (model.info().output() != TaskKind.BINARY) {
            return String.format(Locale.ROOT, "%.4g", p);
        }
        return p >= 0.5 ? model.info().classes().get(1) : model.info().classes().get(0);
    }

    private static Constraints constraints(FeatureSpace space, ExplainSettings s) {
        Constraints c = new Constraints(space);
        s.immutable().forEach(c::immutable);
        // a prohibited basis is never what a person should change to get another decision
        dev.probity.core.model.ProhibitedBases.among(space.names(), s.prohibited()).forEach(c::immutable);
        s.ranges().forEach((name, lohi) -> c.range(name, lohi[0], lohi[1]));
        s.monotone().forEach(c::monotone);
        s.allowed().forEach((name, values) -> c.allow(name, java.util.Set.copyOf(values)));
        return c;
    }

    private static List<ExplainResult.Counterfactual> counterfactuals(Counterfactuals search, Predictor f, double[] x, Constraints constraints,
                                                                     FeatureSpace space, int count) {
        List<ExplainResult.Counterfactual> out = new ArrayList<>();
        double[] s = new double[1];
        f.predict(x, 1, s);
        for (Counterfactuals.Counterfactual cf : search.find(f, x, constraints, count)) {
            Map<String, String> changes = new LinkedHashMap<>();
            for (int j : cf.changed()) {
                changes.put(space.names().get(j), space.format(j, x[j]) + " -> " + space.format(j, cf.row()[j]));
            }
            out.add(new ExplainResult.Counterfactual(changes, s[0], cf.score(), cf.distance()));
        }
        return out;
    }

    private static Background background(FeatureSpace space, double[] rows, int n, ExplainSettings s) {
        boolean[] text = new boolean[space.size()];
        for (int j = 0; j < text.length; j++) {
            text[j] = space.type(j) == ColumnType.STRING;
        }
        return s.kmeans() ? Background.kmeans(rows, n, space.size(), text, s.backgroundSize(), s.seed())
                : Background.sample(rows, n, space.size(), s.backgroundSize(), s.seed());
    }

    private static double[] dense(Matrix mx, boolean asFloat) {
        double[][] cols = mx.denseColumns();
        double[] out = new double[mx.rows() * mx.columns()];
        for (int i = 0; i < mx.rows(); i++) {
            for (int j = 0; j < mx.columns(); j++) {
                double v = cols[j][i];
                out[i * mx.columns() + j] = asFloat ? (float) v : v;
            }
        }
        return out;
    }

    /** Features as the SHAP methods see them: the groups, then every other column alone. */
    private record Grouped(List<String> names, int[][] columns) {
        /** The explained features (single columns or groups) that are, or contain, a prohibited basis. */
        java.util.Set<String> prohibited(FeatureSpace space, List<String> prohibited) {
            java.util.Set<String> out = new java.util.LinkedHashSet<>();
            for (int g = 0; g < names.size(); g++) {
                List<String> cols = new ArrayList<>();
                for (int c : columns[g]) {
                    cols.add(space.names().get(c));
                }
                cols.add(names.get(g));
                if (!dev.probity.core.model.ProhibitedBases.among(cols, prohibited).isEmpty()) {
                    out.add(names.get(g));
                }
            }
            return out;
        }

        List<String> values(FeatureSpace space, double[] x) {
            List<String> out = new ArrayList<>();
            for (int[] cols : columns) {
                List<String> parts = new ArrayList<>();
                for (int c : cols) {
                    parts.add(space.format(c, x[c]));
                }
                out.add(String.join(", ", parts));
            }
            return out;
        }
    }

    private static Grouped grouped(FeatureSpace space, Map<String, List<String>> groups) {
        List<String> names = new ArrayList<>();
        List<int[]> cols = new ArrayList<>();
        boolean[] taken = new boolean[space.size()];
        for (Map.Entry<String, List<String>> g : groups.entrySet()) {
            List<Integer> members = new ArrayList<>();
            for (String c : g.getValue()) {
                int j = space.names().indexOf(c.trim());
                if (j < 0) {
                    throw new InputException("feature group '" + g.getKey() + "': no feature '" + c.trim() + "' in the model; features: "
                            + space.names());
                }
                if (taken[j]) {
                    throw new InputException("feature group '" + g.getKey() + "': '" + c.trim() + "' is already in another group");
                }
                taken[j] = true;
                members.add(j);
            }
            names.add(g.getKey());
            cols.add(members.stream().mapToInt(Integer::intValue).toArray());
        }
        for (int j = 0; j < space.size(); j++) {
            if (!taken[j]) {
                names.add(space.names().get(j));
                cols.add(new int[] {j});
            }
        }
        return new Grouped(names, cols.toArray(new int[0][]));
    }

    /**
     * Path-dependent TreeSHAP of some rows: with per-leaf tables (Fast TreeSHAP v2's way) when they fit in memory,
     * else Algorithm 2; both give the same values (checked to 1e-9 in the tests).
     */
    static Attributions pathDependent(TreeEnsemble e, double[] x, int rows) {
        return FastTreeShap.fits(e) ? new FastTreeShap(e, Parallel.defaultThreads()).explain(x, rows)
                : new TreeShap(e, Parallel.defaultThreads()).explain(x, rows);
    }
}
