package dev.probity.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Binarization;
import dev.probity.core.model.Model;
import dev.probity.models.io.ModelFiles;
import dev.probity.text.bias.Counterfactual;
import dev.probity.text.bias.IdentityMetrics;
import dev.probity.text.bias.IdentityTerms;
import dev.probity.text.classify.TextClassifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code probity text-bias}: counterfactual and identity-term bias tests of a text classifier. */
@Command(name = "text-bias", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Test a text classifier for bias against identity groups.",
            "",
            "Counterfactual substitution: every sentence that mentions a group's terms (--data with --text) or every "
                + "template (--templates) is scored in each group's words; per pair of groups it reports the mean score "
                + "difference with a 95%% paired t interval and p-value, how many decisions change, and the worst example. "
                + "A pair is flagged when its p-value, Holm-adjusted over all pairs tested, is below 0.05 and the difference is at least --tolerance.",
            "",
            "With --label, the identity-term metrics of Borkan et al. (2019) too: subgroup AUC, BPSN and BNSP AUC, and "
                + "each subgroup's decision rate, TPR and FPR over the texts that mention it.",
            "",
            "--terms and --templates take 'builtin' for Probity's own lists (pronouns, people, first names, religions)."},
        footer = {"", "Examples:",
            "  probity text-bias --model sentiment.json --templates builtin \\",
            "      --terms builtin",
            "  probity text-bias --model sentiment.json --data reviews.csv \\",
            "      --text review --label sentiment --positive 1 \\",
            "      --terms terms.txt --json bias.json --html bias.html",
            "", "Exit status: 0 success, 2 bad input (nothing written), 3 internal error."})
final class TextBiasCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The text model (probity train --text).")
    Path model;

    @Option(names = {"-d", "--data"}, paramLabel = "FILE|DATASET", description = "@ROLE@.")
    String data;

    @Option(names = {"-w", "--where"}, paramLabel = "EXPR", description = "Use only rows of --data where this SQL condition holds.")
    String where;

    @Option(names = "--derive", paramLabel = "NAME=EXPR", description = "Add a column to --data computed by an expression (repeatable).")
    List<String> derive = new ArrayList<>();

    @Option(names = "--text", paramLabel = "COL", description = "The text column of --data (default: the model's).")
    String text;

    @Option(names = {"-l", "--label"}, paramLabel = "COL", description = "The label column of --data, for the identity-term metrics.")
    String label;

    @Option(names = "--positive", paramLabel = "VALUE", description = "Label value of the positive class (default: the model's).")
    String positive;

    @Option(names = "--templates", paramLabel = "FILE", description = "Templates with {dimension} slots, one a line, or 'builtin'.")
    String templates;

    @Option(names = "--terms", required = true, paramLabel = "FILE", description = "Identity terms: lines of dimension | group | "
            + "aligned terms, or 'builtin'.")
    String terms;

    @Option(names = "--tolerance", paramLabel = "D", description = "Smallest mean score difference to flag (default 0.02).")
    double tolerance = Counterfactual.DEFAULT_TOLERANCE;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON (probity.text-bias/v1); '-' for standard output.")
    String json;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML page of the results.")
    Path html;

    @Option(names = "--threads", paramLabel = "N", description = "Threads to use, at least 1 (default: all processors).")
    Integer threads;
    @Mixin
    QuietOption quiet;

    @Override
    public Integer call() throws Exception {
        dev.probity.text.encode.Encoders.threads(DataOptions.checkThreads(threads));
        PrintWriter out = spec.commandLine().getOut();
        if ((data == null) == (templates == null)) {
            throw new InputException("give --data (with --text) or --templates: the sentences to test");
        }
        if (data == null && (label != null || text != null || positive != null || where != null || !derive.isEmpty())) {
            throw new InputException((label != null ? "--label" : text != null ? "--text" : positive != null ? "--positive"
                    : where != null ? "--where" : "--derive")
                    + " describes --data; templates have no labels");
        }
        if (!(tolerance >= 0)) {
            throw new InputException("--tolerance must be 0 or more, got " + tolerance);
        }
        try (OutputPlan outputs = OutputPlan.protecting(out, "model", model, "data", data, "templates",
                "builtin".equals(templates) ? null : templates, "terms", "builtin".equals(terms) ? null : terms)) {
            outputs.add("json", json).add("html", html);
            Model loaded = ModelFiles.load(model, null);
            if (!(loaded instanceof TextClassifier m)) {
                throw new InputException(model + ": a " + loaded.info().algorithm() + " model; text-bias tests text models "
                        + "(probity train --text)");
            }
            if (m.info().classes().size() != 2) {
                throw new InputException(model + ": text-bias needs a binary text classifier; this one has classes "
                        + m.info().classes());
            }
            IdentityTerms idTerms = "builtin".equals(terms) ? IdentityTerms.builtIn() : IdentityTerms.read(Path.of(terms));
            var settings = new Counterfactual.Settings(0.5, 0.95, tolerance);
            java.util.function.Function<List<String>, double[]> scorer = t -> m.predictTexts(t).column(1);
            List<Counterfactual.PairResult> pairs;
            List<IdentityMetrics> metrics = List.of();
            if (templates != null) {
                List<String> tpl = "builtin".equals(templates) ? Counterfactual.builtInTemplates()
                        : Counterfactual.readTemplates(Path.of(templates));
                pairs = Counterfactual.ofTemplates(scorer, tpl, idTerms, settings);
            } else {
                DataOptions reader = new DataOptions();
                reader.data = data;
                reader.where = where;
                reader.derive = derive;
                Frame f = reader.readSelected(w -> spec.commandLine().getErr().println("probity: warning: " + w));
                String col = text != null ? text : m.textColumn();
                if (!f.has(col)) {
                    throw new InputException(f.source() + ": no text column '" + col + "'. " + f.unknownColumnMessage(col));
                }
                List<String> texts = new ArrayList<>();
                Column c = f.column(col);
                for (int i = 0; i < c.size(); i++) {
                    texts.add(c.isMissing(i) ? null : c.format(i));
                }
                pairs = Counterfactual.ofSentences(scorer, texts, idTerms, settings);
                if (label != null) {
                    String pos = positive != null ? positive : m.info().positiveClass();
                    byte[] y = Binarization.of(f.column(label), pos, "label", f).values();
                    boolean[] yb = new boolean[y.length];
                    for (int i = 0; i < y.length; i++) {
                        yb[i] = y[i] == 1;
                    }
                    List<String> nonNull = texts.stream().map(t -> t == null ? "" : t).toList();
                    metrics = IdentityMetrics.of(nonNull, yb, scorer.apply(nonNull), 0.5, idTerms);
                }
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("format", "probity.text-bias/v1");
            doc.put("model", model.toString());
            doc.put("source", templates != null ? "templates" : "data");
            doc.put("tolerance", tolerance);
            doc.put("counterfactual", Counterfactual.asMaps(pairs));
            doc.put("identity_metrics", metrics.stream().map(IdentityMetrics::asMap).toList());
            outputs.writeString("json", new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n");
            if (outputs.has("html")) {
                outputs.writeString("html", dev.probity.report.html.TextBiasHtml.render(doc));
            }
            outputs.commit();
            if (!outputs.usesStdout() && !quiet.quiet) {
                out.println("Counterfactual substitution (" + (templates != null ? "templates" : "sentences of " + data) + "):");
                for (Counterfactual.PairResult p : pairs) {
                    out.println("  " + p.summary());
                    if (p.flagged()) {
                        out.println("      e.g. \"" + p.exampleA() + "\" vs \"" + p.exampleB() + "\"");
                    }
                }
                if (!metrics.isEmpty()) {
                    out.println("Identity-term metrics (Borkan et al. 2019):");
                    for (IdentityMetrics im : metrics) {
                        out.println("  " + im.summary());
                    }
                }
                long flagged = pairs.stream().filter(Counterfactual.PairResult::flagged).count();
                out.println(flagged == 0 ? "No pair of groups differs by " + tolerance + " or more with confidence."
                        : flagged + " pair(s) of groups differ by " + tolerance + " or more with confidence.");
            }
        }
        return ExitCode.OK;
    }
}
