package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Model;
import dev.probity.explain.ExplainMethod;
import dev.probity.explain.ExplainResult;
import dev.probity.explain.ExplainSettings;
import dev.probity.explain.Explainers;
import dev.probity.explain.tree.LightGbmTrees;
import dev.probity.explain.tree.TreeEnsemble;
import dev.probity.models.io.ModelFiles;
import dev.probity.report.html.ExplainHtml;
import dev.probity.report.json.ExplainJson;
import dev.probity.report.text.ExplainText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
            "  probity explain --model adult-lr.json --data adult-test --row 3 \\",
            "      --method kernel-shap",
            "  probity explain --model xgb.json --data adult-test --rows 1-100 \\",
            "      --method tree-shap --json shap.json",
            "  probity explain --model adult-lr.json --data adult-test --row 3 \\",
            "      --method counterfactual --background adult \\",
            "      --immutable race,sex,age,native_country \\",
            "      --monotone education_num=increase",
            "  probity explain --model adult-lr.json --data adult-test --row 3 \\",
            "      --method reasons --reason 'hours_per_week=H1: Too few hours worked'",
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

    @picocli.CommandLine.Mixin
    LedgerOption evidence = new LedgerOption();


    @Option(names = "--json", paramLabel = "FILE", description = "Write the explanations as JSON ('-' for standard output).")
    String json;


    @Option(names = "--csv", paramLabel = "FILE",
            description = "Write the contributions as one CSV table: row, feature, with, value, contribution ('-' for standard output).")
    String csv;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML page: waterfalls, summary, reasons, counterfactuals, global charts "
            + "(for a text model: each text with its words highlighted by their attributions, with the reasons).")
    Path html;

    @Mixin
    ExplainOptions options;

    @Mixin
    QuietOption quiet;

    @Override
    public Integer call() throws Exception {
        // a text model's encoder runs its batches on --threads threads of its own
        dev.probity.text.encode.Encoders.threads(data.threads());
        PrintWriter err = spec.commandLine().getErr();
        try (OutputPlan outputs = OutputPlan.protecting(spec.commandLine().getOut(), "model", modelFile, "data", data.data,
                "background", options.background)) {
            outputs.add("json", json).add("csv", csv).add("html", html);
            if (!modelFile.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt")
                    && ModelFiles.load(modelFile, features) instanceof dev.probity.text.classify.TextClassifier text) {
                return explainText(text, outputs, err);
            }
            ExplainResult result = explain(err);
            result.warnings().forEach(w -> err.println("probity: warning: " + w));
            outputs.write("json", o -> ExplainJson.write(result, o));
            if (evidence.recording()) {
                evidence.result = ExplainJson.toString(result);
            }
            if (outputs.has("csv")) {
                outputs.write("csv", o -> dev.probity.report.csv.ExplainCsv.write(result, o));
            }
            if (outputs.has("html")) {
                outputs.writeString("html", ExplainHtml.render(result));
            }
            outputs.commit();
            if (!outputs.usesStdout() && !quiet.quiet) {
                ExplainText.print(spec.commandLine().getOut(), result);
            }
        }
        return ExitCode.OK;
    }

    /**
     * A text model: word attributions (kernel-shap or lime over the words of each row's text), highlighted; with the
     * plain-language summary and adverse-action reasons read from them as for tabular models; --json and --html.
     */
    private int explainText(dev.probity.text.classify.TextClassifier model, OutputPlan outputs, PrintWriter err) throws Exception {
        ExplainMethod m = options.parseMethod();
        if (m != ExplainMethod.KERNEL_SHAP && m != ExplainMethod.LIME) {
            throw new InputException("a text model is explained with --method kernel-shap or lime (over its words), not " + m.label()
                    + "; both give the reasons and the plain-language summary");
        }
        if (outputs.has("csv")) {
            throw new InputException("--csv is not available for text models yet; use --json or --html");
        }
        if (model.info().classes().size() != 2) {
            throw new InputException("word attributions explain a binary text classifier; this one has classes " + model.info().classes());
        }
        ExplainSettings settings = options.settings();
        Frame frame = data.readSelected(w -> err.println("probity: warning: " + w));
        model.info().checkInputs(frame);
        java.util.function.Function<List<String>, double[]> scorer = t -> model.predictTexts(t).column(1);
        List<String> classes = model.info().classes();
        String favourableClass = settings.favourablePositive() ? classes.get(1) : classes.get(0);
        List<java.util.Map<String, Object>> rows = new java.util.ArrayList<>();
        StringBuilder text = new StringBuilder();
        var column = frame.column(model.textColumn());
        for (int row : options.pickRows(frame.rowCount())) {
            String t = column.isMissing(row) ? "" : column.format(row);
            if (dev.probity.text.explain.TextExplainer.words(t).isEmpty()) {
                err.println("probity: warning: row " + (row + 1) + " has no words to explain");
                continue;
            }
            long seed = options.seed;
            dev.probity.explain.shap.Explanation e = m == ExplainMethod.LIME
                    ? dev.probity.text.explain.TextExplainer.lime(scorer, t, options.samples > 0 ? options.samples : 5000, seed)
                    : dev.probity.text.explain.TextExplainer.kernelShap(scorer, t, options.samples, seed);
            String decision = e.prediction() >= 0.5 ? classes.get(1) : classes.get(0);
            String plain = dev.probity.text.explain.TextExplainer.plainLanguage(e, decision, settings.favourablePositive());
            List<dev.probity.explain.reasons.Reasons.Reason> reasons = dev.probity.text.explain.TextExplainer.reasons(e,
                    settings.favourablePositive(), settings.maxReasons(), settings.statements());
            java.util.Map<String, Object> r = new java.util.LinkedHashMap<>();
            r.put("row", row + 1);
            r.put("text", t);
            r.put("method", e.method());
            r.put("prediction", e.prediction());
            r.put("base", e.base());
            r.put("words", e.features());
            r.put("contributions", e.values());
            r.put("facts", e.facts());
            r.put("decision", decision);
            r.put("plain_language", plain);
            List<java.util.Map<String, Object>> rs = new java.util.ArrayList<>();
            for (var reason : reasons) {
                java.util.Map<String, Object> o = new java.util.LinkedHashMap<>();
                o.put("code", reason.code());
                o.put("word", reason.feature());
                o.put("contribution", reason.contribution());
                o.put("statement", reason.statement());
                rs.add(o);
            }
            r.put("reasons", rs);
            rows.add(r);
            text.append(String.format(Locale.ROOT, "row %d: P(%s) = %.4f (%s over %d words; %s %.4f)%n  %s%n", row + 1,
                    model.info().positiveClass(), e.prediction(), e.method(), e.features().size(),
                    m == ExplainMethod.LIME ? "intercept" : "no words", e.base(),
                    dev.probity.text.explain.TextExplainer.highlight(e, false)));
            int[] rank = e.ranking();
            for (int k = 0; k < Math.min(4, rank.length); k++) {
                text.append(String.format(Locale.ROOT, "    %+.4f  %s%n", e.values()[rank[k]], e.features().get(rank[k])));
            }
            text.append("  ").append(plain).append('\n');
            for (var reason : reasons) {
                text.append("    ").append(reason.code()).append("  ").append(reason.statement()).append('\n');
            }
        }
        java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("format", "probity.text-explanations/v1");
        doc.put("model", modelFile.toString());
        doc.put("method", m.label());
        doc.put("samples", options.samples);
        doc.put("seed", options.seed);
        doc.put("positive_class", model.info().positiveClass());
        doc.put("favourable_class", favourableClass);
        doc.put("rows", rows);
        outputs.writeString("json", new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n");
        if (outputs.has("html")) {
            outputs.writeString("html", dev.probity.report.html.TextExplainHtml.render(doc));
        }
        outputs.commit();
        if (!outputs.usesStdout() && !quiet.quiet) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        }
        return ExitCode.OK;
    }

    private ExplainResult explain(PrintWriter err) throws java.io.IOException {
        ExplainMethod m = options.parseMethod();
        ExplainSettings settings = options.settings();
        if (modelFile.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt")) {
            // LightGBM text models: TreeSHAP straight from the model text (no LightGBM runtime is needed or used)
            if (m != ExplainMethod.TREE_SHAP) {
                throw new InputException(modelFile + ": LightGBM text models are explained with --method tree-shap");
            }
            if (!Files.isRegularFile(modelFile)) {
                throw new InputException(modelFile + ": no such model file");
            }
            TreeEnsemble e = LightGbmTrees.parse(modelFile.toString(), Files.readString(modelFile));
            Frame frame = data.readSelected(w -> err.println("probity: warning: " + w));
            return Explainers.explainTrees(e, "lightgbm", features != null ? features : e.featureNames(), frame,
                    options.pickRows(frame.rowCount()), settings.interactions());
        }
        Model model = ModelFiles.load(modelFile, features);
        Frame frame = data.readSelected(w -> err.println("probity: warning: " + w));
        Frame bgFrame = options.background == null ? null : data.readOther(options.background, w -> err.println("probity: warning: " + w));
        return Explainers.explain(model, frame, bgFrame, options.pickRows(frame.rowCount()), m, settings);
    }
}
