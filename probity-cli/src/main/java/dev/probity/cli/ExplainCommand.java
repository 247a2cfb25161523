package dev.probity.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.probity.core.InputException;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;
import dev.probity.core.io.AtomicFiles;
import dev.probity.core.model.Feature;
import dev.probity.core.model.Model;
import dev.probity.core.model.OutputKind;
import dev.probity.explain.counterfactual.Constraints;
import dev.probity.explain.counterfactual.Counterfactuals;
import dev.probity.explain.lime.Lime;
import dev.probity.explain.reasons.Reasons;
import dev.probity.explain.shap.Background;
import dev.probity.explain.shap.Explanation;
import dev.probity.explain.shap.FeatureSpace;
import dev.probity.explain.shap.KernelShap;
import dev.probity.explain.shap.PermutationShap;
import dev.probity.explain.shap.Predictor;
import dev.probity.explain.shap.Predictors;
import dev.probity.explain.tree.Attributions;
import dev.probity.explain.tree.CartTrees;
import dev.probity.explain.tree.InterventionalTreeShap;
import dev.probity.explain.tree.TreeEnsemble;
import dev.probity.explain.tree.TreeShap;
import dev.probity.explain.tree.XgboostTrees;
import dev.probity.models.encode.Matrix;
import dev.probity.models.io.ModelFiles;
import dev.probity.models.pipeline.PipelineModel;
import dev.probity.models.tree.TreeEstimator;
import dev.probity.models.xgboost.XgbEstimator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code probity explain}: why did the model decide this, and what would change it. */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Explain a model's decisions for chosen rows.",
            "",
            "Methods:",
            "  tree-shap         exact TreeSHAP on XGBoost or Probity tree models (raw score; --interventional for the background game)",
            "  kernel-shap       model-agnostic SHAP by weighted regression over coalitions (exact when the budget allows)",
            "  exact-shap        model-agnostic SHAP by enumerating every coalition (up to 16 features)",
            "  permutation-shap  model-agnostic SHAP by antithetic permutations",
            "  linear-shap       closed-form SHAP of a Probity linear model (log-odds for logistic models), βⱼ(xⱼ − E[xⱼ])",
            "  lime              a local weighted linear surrogate on discretized features, with its fidelity",
            "  counterfactual    diverse nearby rows the model decides the other way (--immutable, --range, --monotone)",
            "  reasons           adverse-action reason codes and a plain-language explanation",
            "  global            what drives the model overall: permutation importance (needs --label), mean |SHAP|,",
            "                    partial dependence of the top features, and a surrogate tree with its fidelity",
            "",
            "Model-agnostic methods explain the probability of the positive class (regressors: the value), with",
            "features outside a coalition taken from background rows (--background, summarized by k-means)."},
        footer = {"", "Examples:",
            "  probity explain --model adult-lr.json --data adult-test --row 3 --method kernel-shap",
            "  probity explain --model xgb.json --data adult-test --rows 1-100 --method tree-shap --json shap.json",
            "  probity explain --model adult-lr.json --data adult-test --row 3 --method counterfactual \\",
            "      --background adult --immutable race,sex,age,native_country --monotone education_num=increase",
            "  probity explain --model adult-lr.json --data adult-test --row 3 --method reasons --reason 'hours_per_week=H1: Too few hours worked'",
            "",
            "Exit status: 0 success, 2 bad input, 3 internal error."})
final class ExplainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "A Probity model file, an ONNX file, an XGBoost model, or a LightGBM text model (.txt; tree-shap only).")
    Path modelFile;

    @Option(names = "--features", split = ",", paramLabel = "COL", description = "Columns of an ONNX tensor input or an unnamed XGBoost model, in model order.")
    List<String> features;

    @Mixin
    DataOptions data;

    @Option(names = "--row", paramLabel = "N", description = "The row to explain (1-based; default 1).")
    Integer row;

    @Option(names = "--rows", paramLabel = "LIST", description = "Rows to explain: 1-100, or 3,7,12.")
    String rows;

    @Option(names = "--method", defaultValue = "kernel-shap", paramLabel = "METHOD", description = "One of the methods listed above (default kernel-shap).")
    String method;

    @Option(names = "--background", paramLabel = "FILE|DATASET", description = "Background and training rows (default: --data).")
    String background;

    @Option(names = "--background-size", defaultValue = "20", paramLabel = "K", description = "Background rows after summarizing (default 20).")
    int backgroundSize;

    @Option(names = "--summarize", defaultValue = "kmeans", paramLabel = "kmeans|sample", description = "How the background is summarized (default kmeans).")
    String summarize;

    @Option(names = "--samples", defaultValue = "0", paramLabel = "N", description = "kernel-shap coalitions (0: 2M + 2048) or LIME samples (0: 5000).")
    int samples;

    @Option(names = "--top", defaultValue = "0", paramLabel = "K", description = "Keep only the K largest features (kernel-shap sparsity rule, LIME feature count).")
    int top;

    @Option(names = "--interventional", description = "tree-shap: the background game instead of the path-dependent one.")
    boolean interventional;

    @Option(names = "--output", defaultValue = "margin", paramLabel = "margin|probability",
            description = "tree-shap: explain the raw score (default) or the probability of a logistic model (interventional, "
                    + "rescaled per background row as the shap package does).")
    String output;

    @Option(names = "--immutable", split = ",", paramLabel = "COL", description = "Counterfactuals may not change these (e.g. race,sex,age).")
    List<String> immutable = new ArrayList<>();

    @Option(names = "--range", paramLabel = "COL=LO:HI", description = "Counterfactual values of a number stay in [LO, HI] (repeatable).")
    List<String> ranges = new ArrayList<>();

    @Option(names = "--monotone", paramLabel = "COL=increase|decrease", description = "A number may only move one way (repeatable).")
    List<String> monotone = new ArrayList<>();

    @Option(names = "--group", paramLabel = "NAME=COL,COL", description = "SHAP methods: explain several columns as one feature (repeatable), "
            + "e.g. --group 'address=city,zip'.")
    List<String> groupSpecs = new ArrayList<>();

    @Option(names = "--count", defaultValue = "4", paramLabel = "N", description = "Counterfactuals per row (default 4).")
    int count;

    @Option(names = "--max-reasons", defaultValue = "4", paramLabel = "N", description = "Adverse-action reasons per row (default 4).")
    int maxReasons;

    @Option(names = "--reason", paramLabel = "COL=TEXT", description = "The reason statement for a feature, optionally 'CODE: text' (repeatable).")
    List<String> reasonStatements = new ArrayList<>();

    @Option(names = "--favourable", defaultValue = "positive", paramLabel = "positive|negative",
            description = "Which class is the favourable outcome, for reasons (default positive).")
    String favourable;

    @Option(names = {"-l", "--label"}, paramLabel = "COL", description = "global: the label column, for permutation importance.")
    String label;

    @Option(names = "--positive", paramLabel = "VALUE", description = "global: the label value of the positive class.")
    String positive;

    @Option(names = "--sample", defaultValue = "1000", paramLabel = "N", description = "global: rows used (the first N; default 1000).")
    int sample;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed of sampling and summarizing (default 42).")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the explanations as JSON ('-' for standard output).")
    String json;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML page: waterfalls, summary, reasons, counterfactuals, global charts.")
    Path html;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (modelFile.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt")) {
            return lightGbm(err);
        }
        Model model = ModelFiles.load(modelFile, features);
        if (model.info().output() == OutputKind.MULTICLASS) {
            throw new InputException("explain handles binary classifiers and regressors; the model has classes " + model.info().classes());
        }
        Frame frame = data.read(null, w -> err.println("probity: warning: " + w), true);
        model.info().checkInputs(frame);
        Frame bgFrame = background == null ? frame : data.readOther(background, w -> err.println("probity: warning: " + w));
        model.info().checkInputs(bgFrame);
        List<Integer> picked = pickRows(frame.rowCount());
        List<String> names = model.info().features().stream().map(Feature::name).toList();
        FeatureSpace space = FeatureSpace.of(names, frame, bgFrame);
        double[] all = space.encode(frame);
        double[] bgRows = space.encode(bgFrame);
        int m = space.size();
        Predictor f = Predictors.of(model, space);
        List<Map<String, Object>> results = new ArrayList<>();
        String kind = method.toLowerCase(Locale.ROOT);
        switch (kind) {
            case "tree-shap" -> {
                if (model instanceof dev.probity.models.onnx.OnnxModel) {
                    onnxTreeShap(model, space, all, bgRows, bgFrame.rowCount(), picked, results);
                } else {
                    treeShap(model, frame, bgFrame, picked, results);
                }
            }
            case "global" -> results.add(global(model, frame, space, all, bgRows, bgFrame.rowCount(), f));
            case "linear-shap" -> {
                if (!(model instanceof PipelineModel pm)) {
                    throw new InputException("linear-shap needs a Probity linear model; use kernel-shap for " + model.info().algorithm());
                }
                int[] idx = picked.stream().mapToInt(Integer::intValue).toArray();
                List<Explanation> es = new dev.probity.explain.shap.LinearShap(pm, bgFrame).explain(frame.select(idx));
                for (int i = 0; i < idx.length; i++) {
                    Map<String, Object> res = new LinkedHashMap<>();
                    res.put("row", idx[i] + 1);
                    res.put("explanation", es.get(i));
                    results.add(res);
                }
            }
            case "kernel-shap", "exact-shap", "permutation-shap", "lime", "reasons", "counterfactual" -> {
                Background bg = summarizeBackground(space, bgRows, bgFrame.rowCount());
                Lime lime = kind.equals("lime") ? Lime.fit(space, bgRows, bgFrame.rowCount(), 4, samples > 0 ? samples : 5000, 0, top,
                        Lime.Selection.AUTO, seed) : null;
                Counterfactuals search = kind.equals("counterfactual") || kind.equals("reasons")
                        ? new Counterfactuals(space, bgRows, bgFrame.rowCount(), 20, 0.5) : null;
                Constraints constraints = constraints(space);
                Grouped grouped = grouped(space);
                for (int r : picked) {
                    double[] x = java.util.Arrays.copyOfRange(all, r * m, r * m + m);
                    List<String> values = grouped.values(space, x);
                    List<String> groupNames = grouped.names();
                    int[][] groups = grouped.columns();
                    Map<String, Object> res = new LinkedHashMap<>();
                    res.put("row", r + 1);
                    switch (kind) {
                        case "lime" -> {
                            if (!groupSpecs.isEmpty()) {
                                throw new InputException("--group applies to the SHAP methods; LIME explains each column");
                            }
                            res.put("explanation", lime.explain(f, x, r));
                        }
                        case "permutation-shap" -> res.put("explanation",
                                new PermutationShap(Math.max(1, samples > 0 ? samples : 10), seed).explain(f, bg, x, groups, groupNames, values));
                        case "exact-shap" -> {
                            double[] ends = new double[3];
                            double[] phi = dev.probity.explain.shap.ExactShap.values(f, bg, x, groups, ends);
                            res.put("explanation", new Explanation("exact-shap", groupNames, values, phi, ends[1], ends[0],
                                    Map.of("model_evaluations", (int) ends[2])));
                        }
                        case "counterfactual" -> res.put("counterfactuals", counterfactuals(search, f, x, constraints, space));
                        default -> {
                            Explanation e = new KernelShap(samples, top, seed).explain(f, bg, x, groups, groupNames, values);
                            res.put("explanation", e);
                            if (kind.equals("reasons")) {
                                boolean favPositive = !favourable.equalsIgnoreCase("negative");
                                res.put("reasons", Reasons.adverseAction(e, favPositive, maxReasons, statements()));
                                List<Counterfactuals.Counterfactual> cfs = search.find(f, x, constraints, 1);
                                String now = decision(model, e.prediction());
                                String other = decision(model, e.prediction() >= 0.5 ? 0 : 1);
                                res.put("plain_language", Reasons.plainLanguage(e, space, x, cfs.isEmpty() ? null : cfs.get(0), now, other, favPositive));
                            }
                        }
                    }
                    results.add(res);
                }
            }
            default -> throw new InputException("unknown --method '" + method
                    + "'; use tree-shap, kernel-shap, exact-shap, permutation-shap, linear-shap, lime, counterfactual, reasons or global");
        }
        write(kind, frame.source(), model.info().algorithm(), results);
        return ExitCode.OK;
    }

    private Map<String, Object> global(Model model, Frame frame, FeatureSpace space, double[] all, double[] bgRows, int bgN, Predictor f) {
        int m = space.size();
        int n = Math.min(sample, frame.rowCount());
        double[] rowsN = java.util.Arrays.copyOf(all, n * m);
        dev.probity.explain.global.GlobalViews g = new dev.probity.explain.global.GlobalViews(space, f, rowsN, n);
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("rows", n);
        if (label != null) {
            boolean regression = model.info().output() == OutputKind.REGRESSION;
            dev.probity.core.model.Labels y = regression ? dev.probity.core.model.Labels.numericColumn(frame, label)
                    : dev.probity.core.model.Labels.fromColumn(frame, label,
                            positive != null ? positive : model.info().classes().get(1).startsWith("not ") ? null : model.info().classes().get(1));
            double[] yv = new double[n];
            for (int i = 0; i < n; i++) {
                yv[i] = regression ? y.values()[i] : y.codes()[i];
            }
            res.put("permutation_importance", g.permutationImportance(yv, regression
                    ? dev.probity.explain.global.GlobalViews.Score.negativeMse()
                    : dev.probity.explain.global.GlobalViews.Score.accuracy(), 5, seed));
            res.put("importance_score", regression ? "negative mean squared error" : "accuracy");
        }
        // mean |SHAP| over up to 200 rows, with KernelSHAP on a k-means background
        int k = Math.min(200, n);
        Background bg = summarizeBackground(space, bgRows, bgN);
        double[] meanAbs = new double[m];
        List<String> names = space.names();
        for (int r = 0; r < k; r++) {
            double[] x = java.util.Arrays.copyOfRange(rowsN, r * m, r * m + m);
            Explanation e = new KernelShap(samples, 0, seed).explain(f, bg, x, singletons(m), names, names);
            for (int j = 0; j < m; j++) {
                meanAbs[j] += Math.abs(e.values()[j]) / k;
            }
        }
        Map<String, Double> mean = new LinkedHashMap<>();
        Integer[] order = new Integer[m];
        for (int j = 0; j < m; j++) {
            order[j] = j;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(meanAbs[b], meanAbs[a]));
        for (int j : order) {
            mean.put(names.get(j), meanAbs[j]);
        }
        res.put("mean_abs_shap", mean);
        List<Object> dependence = new ArrayList<>();
        for (int t = 0; t < Math.min(3, m); t++) {
            dependence.add(g.partialDependence(order[t], 10, 20));
        }
        res.put("partial_dependence", dependence);
        dev.probity.explain.global.Surrogate s = dev.probity.explain.global.Surrogate.fit(space, rowsN, n, f, 3);
        Map<String, Object> sur = new LinkedHashMap<>();
        sur.put("r2", s.r2());
        sur.put("decision_agreement", s.agreement());
        sur.put("rules", s.rules());
        res.put("surrogate_tree", sur);
        return res;
    }

    private String decision(Model model, double p) {
        if (model.info().output() != OutputKind.BINARY) {
            return String.format(Locale.ROOT, "%.4g", p);
        }
        return p >= 0.5 ? model.info().classes().get(1) : model.info().classes().get(0);
    }

    private Map<String, String> statements() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String s : reasonStatements) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new InputException("--reason needs COLUMN=STATEMENT, got '" + s + "'");
            }
            m.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        return m;
    }

    private Constraints constraints(FeatureSpace space) {
        Constraints c = new Constraints(space);
        immutable.forEach(c::immutable);
        for (String r : ranges) {
            int eq = r.indexOf('=');
            int colon = r.indexOf(':', eq + 1);
            if (eq <= 0 || colon < 0) {
                throw new InputException("--range needs COLUMN=LO:HI, got '" + r + "'");
            }
            try {
                c.range(r.substring(0, eq), Double.parseDouble(r.substring(eq + 1, colon)), Double.parseDouble(r.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new InputException("--range " + r + ": LO and HI must be numbers");
            }
        }
        for (String d : monotone) {
            int eq = d.indexOf('=');
            if (eq <= 0) {
                throw new InputException("--monotone needs COLUMN=increase|decrease, got '" + d + "'");
            }
            c.monotone(d.substring(0, eq), d.substring(eq + 1));
        }
        return c;
    }

    private List<Map<String, Object>> counterfactuals(Counterfactuals search, Predictor f, double[] x, Constraints constraints,
                                                      FeatureSpace space) {
        List<Map<String, Object>> out = new ArrayList<>();
        double[] s = new double[1];
        f.predict(x, 1, s);
        for (Counterfactuals.Counterfactual cf : search.find(f, x, constraints, count)) {
            Map<String, Object> c = new LinkedHashMap<>();
            Map<String, String> changes = new LinkedHashMap<>();
            for (int j : cf.changed()) {
                changes.put(space.names().get(j), space.format(j, x[j]) + " -> " + space.format(j, cf.row()[j]));
            }
            c.put("changes", changes);
            c.put("score_before", s[0]);
            c.put("score_after", cf.score());
            c.put("distance", cf.distance());
            out.add(c);
        }
        return out;
    }

    private Background summarizeBackground(FeatureSpace space, double[] rows, int n) {
        boolean[] text = new boolean[space.size()];
        for (int j = 0; j < text.length; j++) {
            text[j] = space.type(j) == ColumnType.STRING;
        }
        return switch (summarize.toLowerCase(Locale.ROOT)) {
            case "kmeans" -> Background.kmeans(rows, n, space.size(), text, backgroundSize, seed);
            case "sample" -> Background.sample(rows, n, space.size(), backgroundSize, seed);
            default -> throw new InputException("--summarize must be kmeans or sample, got '" + summarize + "'");
        };
    }

    private void treeShap(Model model, Frame frame, Frame bgFrame, List<Integer> picked, List<Map<String, Object>> results) {
        if (!(model instanceof PipelineModel pm) || !(pm.estimator() instanceof XgbEstimator || pm.estimator() instanceof TreeEstimator)) {
            throw new InputException("tree-shap needs a tree model (XGBoost, an ONNX tree ensemble, or a Probity tree); this is " + model.info().algorithm()
                    + ": use kernel-shap");
        }
        List<String> encoded = pm.encoder().outputNames();
        TreeEnsemble e = pm.estimator() instanceof XgbEstimator x ? XgboostTrees.of(x, encoded) : CartTrees.of((TreeEstimator) pm.estimator(), encoded);
        int[] rowIdx = picked.stream().mapToInt(Integer::intValue).toArray();
        Matrix mx = pm.encoder().transform(frame.select(rowIdx));
        double[] dense = dense(mx, e.floatInputs());
        Attributions a;
        boolean probability = switch (output.toLowerCase(Locale.ROOT)) {
            case "margin", "raw" -> false;
            case "probability" -> true;
            default -> throw new InputException("--output must be margin or probability, got '" + output + "'");
        };
        if (interventional || probability) {
            int k = Math.min(backgroundSize, bgFrame.rowCount());
            Background bg = Background.sample(dense(pm.encoder().transform(bgFrame), e.floatInputs()), bgFrame.rowCount(), mx.columns(), k, seed);
            a = new InterventionalTreeShap(e, bg.rows(), bg.n(), dev.probity.core.Parallel.defaultThreads()).explain(dense, mx.rows(), probability);
        } else {
            a = new TreeShap(e, dev.probity.core.Parallel.defaultThreads()).explain(dense, mx.rows());
        }
        int[] owner = pm.encoder().outputFeature();
        List<String> names = pm.info().features().stream().map(Feature::name).toList();
        for (int i = 0; i < rowIdx.length; i++) {
            double[] grouped = new double[names.size()];
            for (int c = 0; c < encoded.size(); c++) {
                grouped[owner[c]] += a.get(i, 0, c);
            }
            List<String> values = new ArrayList<>();
            for (String n : names) {
                String v = frame.column(n).format(rowIdx[i]);
                values.add(v == null ? "(missing)" : v);
            }
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("output", probability ? "probability (interventional, rescaled per background row)"
                    : "raw score (" + e.link().name().toLowerCase(Locale.ROOT) + " link)");
            facts.put("trees", e.trees());
            facts.put("additivity_checked", true);
            Map<String, Object> res = new LinkedHashMap<>();
            res.put("row", rowIdx[i] + 1);
            res.put("explanation", new Explanation(interventional || probability ? "tree-shap-interventional" : "tree-shap", names, values, grouped,
                    a.bias(i, 0), a.total(i, 0), facts));
            results.add(res);
        }
    }

    /** LightGBM text models: TreeSHAP straight from the model text (no LightGBM runtime is needed or used). */
    private int lightGbm(PrintWriter err) throws Exception {
        if (!method.equalsIgnoreCase("tree-shap")) {
            throw new InputException(modelFile + ": LightGBM text models are explained with --method tree-shap");
        }
        if (!java.nio.file.Files.isRegularFile(modelFile)) {
            throw new InputException(modelFile + ": no such model file");
        }
        TreeEnsemble e = dev.probity.explain.tree.LightGbmTrees.parse(modelFile.toString(), java.nio.file.Files.readString(modelFile));
        if (e.outputs() != 1) {
            throw new InputException(modelFile + ": explain handles binary and regression LightGBM models; this one has " + e.outputs() + " classes");
        }
        List<String> names = features != null ? features : e.featureNames();
        if (names.size() != e.features()) {
            throw new InputException(modelFile + ": the model reads " + e.features() + " features but " + names.size() + " names were given");
        }
        Frame frame = data.read(null, w -> err.println("probity: warning: " + w), true);
        List<Integer> picked = pickRows(frame.rowCount());
        FeatureSpace space = FeatureSpace.of(names, frame);
        for (int j = 0; j < space.size(); j++) {
            if (space.type(j) == ColumnType.STRING) {
                throw new InputException(frame.source() + ": column '" + space.names().get(j) + "' is text; the LightGBM model reads numbers");
            }
        }
        double[] all = space.encode(frame);
        List<Map<String, Object>> results = new ArrayList<>();
        treeShapInSpace(e, space, all, picked, "raw score (" + e.link().name().toLowerCase(Locale.ROOT) + " link)", results);
        write("tree-shap", frame.source(), "lightgbm", results);
        return ExitCode.OK;
    }

    /** TreeSHAP on the tree ensemble inside an ONNX file, with covers counted on the background rows. */
    private void onnxTreeShap(Model model, FeatureSpace space, double[] all, double[] bgRows, int bgN, List<Integer> picked,
                              List<Map<String, Object>> results) throws java.io.IOException {
        TreeEnsemble e = dev.probity.explain.tree.OnnxTrees.parse(modelFile.toString(), java.nio.file.Files.readAllBytes(modelFile),
                space.names(), bgRows, bgN);
        treeShapInSpace(e, space, all, picked, "raw score (" + e.link().name().toLowerCase(Locale.ROOT) + " link); covers counted on "
                + bgN + " background rows", results);
    }

    /** Path-dependent TreeSHAP of the picked rows of a feature space whose columns are the ensemble's features. */
    private static void treeShapInSpace(TreeEnsemble e, FeatureSpace space, double[] all, List<Integer> picked, String output,
                                        List<Map<String, Object>> results) {
        int m = space.size();
        double[] x = new double[picked.size() * m];
        for (int i = 0; i < picked.size(); i++) {
            System.arraycopy(all, picked.get(i) * m, x, i * m, m);
        }
        Attributions a = new TreeShap(e, dev.probity.core.Parallel.defaultThreads()).explain(x, picked.size());
        for (int i = 0; i < picked.size(); i++) {
            double[] v = new double[m];
            List<String> values = new ArrayList<>();
            for (int j = 0; j < m; j++) {
                v[j] = a.get(i, 0, j);
                values.add(space.format(j, x[i * m + j]));
            }
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("output", output);
            facts.put("trees", e.trees());
            Map<String, Object> res = new LinkedHashMap<>();
            res.put("row", picked.get(i) + 1);
            res.put("explanation", new Explanation("tree-shap", space.names(), values, v, a.bias(i, 0), a.total(i, 0), facts));
            results.add(res);
        }
    }

    /** Terminal (or JSON on standard output), then the --json and --html files. */
    private void write(String kind, String source, String modelName, List<Map<String, Object>> results) throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", "probity.explain/v1");
        doc.put("model", modelName);
        doc.put("method", kind);
        doc.put("data", source);
        doc.put("results", results);
        String text = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
        if ("-".equals(json)) {
            spec.commandLine().getOut().println(text);
        } else {
            ExplainText.print(spec.commandLine().getOut(), kind, results);
            if (json != null) {
                AtomicFiles.writeString(Path.of(json), text);
            }
        }
        if (html != null) {
            AtomicFiles.writeString(html, ExplainPages.render(kind, source, modelName, results));
        }
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

    /** Features as the SHAP methods see them: the --group sets, then every other column alone. */
    record Grouped(List<String> names, int[][] columns) {
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

    private Grouped grouped(FeatureSpace space) {
        List<String> names = new ArrayList<>();
        List<int[]> cols = new ArrayList<>();
        boolean[] taken = new boolean[space.size()];
        for (String spec : groupSpecs) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new InputException("--group needs NAME=COL,COL, got '" + spec + "'");
            }
            List<Integer> members = new ArrayList<>();
            for (String c : spec.substring(eq + 1).split(",")) {
                int j = space.names().indexOf(c.trim());
                if (j < 0) {
                    throw new InputException("--group " + spec + ": no feature '" + c.trim() + "' in the model; features: " + space.names());
                }
                if (taken[j]) {
                    throw new InputException("--group " + spec + ": '" + c.trim() + "' is already in another group");
                }
                taken[j] = true;
                members.add(j);
            }
            names.add(spec.substring(0, eq).trim());
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

    private static int[][] singletons(int m) {
        int[][] g = new int[m][];
        for (int j = 0; j < m; j++) {
            g[j] = new int[] {j};
        }
        return g;
    }

    private List<Integer> pickRows(int n) {
        LinkedHashSet<Integer> out = new LinkedHashSet<>();
        if (rows != null) {
            for (String part : rows.split(",")) {
                String p = part.trim();
                try {
                    int dash = p.indexOf('-');
                    if (dash > 0) {
                        int a = Integer.parseInt(p.substring(0, dash).trim());
                        int b = Integer.parseInt(p.substring(dash + 1).trim());
                        for (int i = a; i <= b; i++) {
                            out.add(check(i, n));
                        }
                    } else {
                        out.add(check(Integer.parseInt(p), n));
                    }
                } catch (NumberFormatException e) {
                    throw new InputException("--rows takes row numbers and ranges such as 1-10,15; got '" + p + "'");
                }
            }
        } else {
            out.add(check(row == null ? 1 : row, n));
        }
        return new ArrayList<>(out);
    }

    private static int check(int row, int n) {
        if (row < 1 || row > n) {
            throw new InputException("row " + row + " is outside the data (1.." + n + ")");
        }
        return row - 1;
    }
}
