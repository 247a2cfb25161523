package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Model;
import dev.probity.models.io.ModelFiles;
import dev.probity.monitor.scan.Scan;
import dev.probity.report.json.ScanJson;
import dev.probity.report.text.ScanText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code probity scan}: where is this model fragile, unfair or wrong? */
@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Look for trouble in a binary classifier, as Giskard's scan does, and list what is found by severity:",
            "  drift         columns that moved since --reference (Evidently's tests and thresholds)",
            "  perturbation  decisions flipped by noise of --noise standard deviations, a missing value or another category",
            "  adversarial   decisions flipped by a deliberate change of at most --epsilon standard deviations: exact for a "
                + "logistic regression, HopSkipJump (decisions only) for any other model",
            "  causal-discrimination  decisions that change when only a --protected attribute changes (Themis)",
            "  slice         conjunctions of feature values where the model errs most (SliceLine; needs --label)",
            "",
            "An issue is raised at a check's threshold and called major beyond twice it (Giskard's rule): 5%% of decisions flipped, "
                + "5%% of attacked rows flippable, 1%% causal discrimination, a slice 5%% less accurate than the whole. Protected "
                + "attributes and --immutable features are never changed by perturbations or attacks."},
        footer = {"", "Examples:",
            "  probity scan --model adult-lr.json --data adult-test --label income \\",
            "      --protected sex,race",
            "  probity scan --model adult-lr.json --data adult-test --label income \\",
            "      --protected sex --reference adult --json scan.json",
            "", "Exit status: 0 success (with --fail-on: no issue at or above that severity), 1 --fail-on and such an issue was found, "
                + "2 bad input, 3 internal error."})
final class ScanCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The model to scan (a Probity model file, ONNX or XGBoost).")
    Path model;
    @Option(names = "--features", split = ",", paramLabel = "COL",
            description = "Columns of an ONNX tensor input or an XGBoost model without feature names, in model order.")
    List<String> features;
    @Mixin
    DataOptions data;
    @Option(names = {"-l", "--label"}, paramLabel = "COL", description = "The label column (for slices and robust accuracy).")
    String label;
    @Option(names = {"-g", "--protected"}, split = ",", paramLabel = "COL", description = "Protected attributes: tested for causal "
            + "discrimination, offered to the slice search, never changed by attacks.")
    List<String> protectedAttributes = List.of();
    @Option(names = "--immutable", split = ",", paramLabel = "COL", description = "Features no perturbation or attack may change (age, say).")
    List<String> immutable = List.of();
    @Option(names = "--reference", paramLabel = "FILE|DATASET", description = "Reference data, for the drift check.")
    String reference;
    @Option(names = "--attack-rows", paramLabel = "N", description = "Rows attacked, spread evenly over the data (default 100; 0 skips the attack).")
    int attackRows = 100;
    @Option(names = "--sample-rows", paramLabel = "N", description = "Rows perturbed and tested for causal discrimination (default 10,000).")
    int sampleRows = 10_000;
    @Option(names = "--epsilon", paramLabel = "SD", description = "The change that counts as small in the attack check, in standard deviations, L2 (default 0.1).")
    double epsilon = 0.1;
    @Option(names = "--noise", paramLabel = "SD", description = "The perturbation noise, in standard deviations of each feature (default 0.1).")
    double noise = 0.1;
    @Option(names = "--bins", paramLabel = "N", description = "Equal-width bins for numbers in the slice search (default 10, as the SliceLine paper).")
    int bins = 10;
    @Option(names = "--seed", paramLabel = "N", description = "Seed of every random choice (default 42).")
    long seed = 42;
    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON (probity.scan/v1); '-' for standard output.")
    String json;
    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML page with a chart for each check (for a text model: each "
            + "behavioural test with its examples).")
    Path html;
    @Option(names = "--fail-on", paramLabel = "LEVEL", description = "Exit 1 when an issue of this severity or worse is found: major, medium or minor.")
    String failOn;
    @Mixin
    LedgerOption evidence = new LedgerOption();
    @Mixin
    QuietOption quiet = new QuietOption();

    /**
     * A text model: CheckList-style behavioural tests on the texts of --data (the first --sample-rows). Severity of a
     * test: major when 10% or more of its sentences fail, medium from 2%, minor below.
     */
    private int scanText(dev.probity.text.classify.TextClassifier m, Frame f, Scan.Level fail, OutputPlan outputs, PrintWriter out)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        if (m.info().classes().size() != 2) {
            throw new InputException("the text scan tests a binary text classifier; this one has classes " + m.info().classes());
        }
        m.info().checkInputs(f);
        var column = f.column(m.textColumn());
        List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < Math.min(f.rowCount(), sampleRows); i++) {
            texts.add(column.isMissing(i) ? null : column.format(i));
        }
        var results = dev.probity.text.robust.Behaviour.run(t -> m.predictTexts(t).column(1), texts, 0.5, seed);
        List<java.util.Map<String, Object>> tests = new java.util.ArrayList<>();
        StringBuilder text = new StringBuilder("Behavioural tests of a text model (CheckList-style) on " + texts.size() + " texts:\n");
        Scan.Level worst = null;
        for (var r : results) {
            Scan.Level level = r.failures() == 0 ? null : r.failureRate() >= 0.10 ? Scan.Level.MAJOR
                    : r.failureRate() >= 0.02 ? Scan.Level.MEDIUM : Scan.Level.MINOR;
            if (level != null && (worst == null || level.compareTo(worst) < 0)) {
                worst = level;
            }
            java.util.Map<String, Object> t = new java.util.LinkedHashMap<>();
            t.put("test", r.name());
            t.put("kind", r.kind());
            t.put("sentences", r.applied());
            t.put("failures", r.failures());
            t.put("failure_rate", r.failureRate());
            t.put("mean_abs_score_change", r.meanAbsChange());
            t.put("severity", level == null ? null : level.id());
            List<java.util.Map<String, Object>> examples = new java.util.ArrayList<>();
            for (var e : r.examples()) {
                java.util.Map<String, Object> x = new java.util.LinkedHashMap<>();
                x.put("before", e.before());
                x.put("scoreBefore", e.scoreBefore());
                x.put("after", e.after());
                x.put("scoreAfter", e.scoreAfter());
                examples.add(x);
            }
            t.put("examples", examples);
            tests.add(t);
            text.append("  ").append(r.summary()).append(level == null ? "" : "  [" + level.id() + "]").append('\n');
            for (var e : r.examples()) {
                text.append(String.format(java.util.Locale.ROOT, "      %.3f \"%s\"%n   -> %.3f \"%s\"%n", e.scoreBefore(),
                        e.before(), e.scoreAfter(), e.after()));
            }
        }
        java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("format", "probity.text-scan/v1");
        doc.put("model", model.toString());
        doc.put("texts", texts.size());
        doc.put("tests", tests);
        outputs.writeString("json", new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n");
        if (outputs.has("html")) {
            outputs.writeString("html", dev.probity.report.html.TextScanHtml.render(doc));
        }
        outputs.commit();
        if (!outputs.usesStdout() && !quiet.quiet) {
            out.print(text);
            out.flush();
        }
        return fail != null && worst != null && worst.compareTo(fail) <= 0 ? ExitCode.RULE_BROKEN : ExitCode.OK;
    }

    @Override
    public Integer call() throws Exception {
        // a text model's encoder runs its batches on --threads threads of its own
        dev.probity.text.encode.Encoders.threads(data.threads());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Scan.Level fail = failOn == null ? null : Scan.Level.parse(failOn);
        try (OutputPlan outputs = OutputPlan.protecting(out, "model", model, "data", data.data, "reference", reference)) {
            outputs.add("json", json).add("html", html);
            Model m = ModelFiles.load(model, features);
            Frame f = data.readSelected(w -> err.println("probity: warning: " + w));
            if (m instanceof dev.probity.text.classify.TextClassifier text) {
                return scanText(text, f, fail, outputs, out);
            }
            Scan.Settings s = new Scan.Settings(label, protectedAttributes, immutable, reference == null ? null : DriftCommand.read(reference, "--reference", data.encoding),
                    attackRows, sampleRows, epsilon, noise, bins, seed);
            Scan.Report r = Scan.run(m, f, s, step -> {
                if (!quiet.quiet && !outputs.usesStdout()) {
                    err.println("probity: scan: " + step + " …");
                    err.flush();
                }
            });
            String doc = ScanJson.toString(r);
            outputs.writeString("json", doc);
            outputs.writeString("html", dev.probity.report.html.ScanHtml.render(r));
            if (evidence.recording()) {
                evidence.result = doc;
            }
            outputs.commit();
            if (!outputs.usesStdout() && !quiet.quiet) {
                out.print(ScanText.render(r));
                out.flush();
            }
            boolean failed = fail != null && r.issues().stream().anyMatch(i -> i.level().compareTo(fail) <= 0);
            return failed ? ExitCode.RULE_BROKEN : ExitCode.OK;
        }
    }
}
