package dev.probity.cli;

import dev.probity.core.frame.Frame;
import dev.probity.core.model.Model;
import dev.probity.models.eval.ClassificationReport;
import dev.probity.models.io.ModelFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code probity evaluate}: a classification report of a saved, ONNX or XGBoost model on labelled data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a model on labelled data: per-class precision, recall, F1 and support, macro and weighted "
                + "averages, accuracy, the confusion matrix and ROC AUC.",
            "",
            "The model may be a Probity model file, an ONNX file (.onnx) or an XGBoost model (.json or .ubj)."},
        footer = {"", "Examples:",
            "  probity evaluate --model adult-lr.json --data adult-test --label income \\",
            "      --positive '>50K'",
            "  probity evaluate --model model.onnx --features age,hours_per_week \\",
            "      --data test.csv --label y --json -",
            "",
            "Exit status: 0 success, 2 bad input, 3 internal error."})
final class EvaluateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The model to evaluate.")
    Path model;

    @Option(names = "--features", split = ",", paramLabel = "COL",
            description = "Columns of an ONNX tensor input or an XGBoost model without feature names, in model order.")
    List<String> features;

    @Mixin
    DataOptions data;

    @picocli.CommandLine.Mixin
    LedgerOption evidence = new LedgerOption();

    @Option(names = {"-l", "--label"}, required = true, paramLabel = "COL", description = "The label column.")
    String label;

    @Option(names = "--positive", paramLabel = "VALUE", description = "Label value of the positive class.")
    String positive;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the report as a self-contained HTML page with charts.")
    Path html;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON ('-' for standard output).")
    String json;

    @picocli.CommandLine.Mixin
    QuietOption quiet;

    @Mixin
    EnergyOptions energy = new EnergyOptions();

    @Override
    public Integer call() throws Exception {
        // a text model's encoder runs its batches on --threads threads of its own
        dev.probity.text.encode.Encoders.threads(data.threads());
        var err = spec.commandLine().getErr();
        var stdout = spec.commandLine().getOut();
        try (OutputPlan outputs = OutputPlan.protecting(stdout, "model", model, "data", data.data)) {
            outputs.add("json", json).add("html", html);
            Model m = ModelFiles.load(model, features);
            Frame f = data.readSelected(w -> err.println("probity: warning: " + w));
            dev.probity.core.energy.EnergyMeter meter = energy.start();
            ClassificationReport r = ClassificationReport.evaluate(f.source(), m, f, label, positive);
            dev.probity.core.energy.EnergyUse used = energy.stop(meter);
            evidence.energy = EnergyOptions.evidence("inference", used, f.rowCount());
            outputs.writeString("json", dev.probity.report.json.EvaluationJson.toString(List.of(r)));
            if (evidence.recording()) {
                evidence.result = dev.probity.report.json.EvaluationJson.toString(List.of(r));
            }
            if (outputs.has("html")) {
                outputs.writeString("html", dev.probity.report.html.ClassificationHtml.render("Classification report", List.of(r)));
            }
            outputs.commit();
            if (!outputs.usesStdout() && !quiet.quiet) {
                stdout.println(r.toText());
                stdout.println("inference energy: " + used.summary() + "; "
                        + dev.probity.core.energy.EnergyUse.wh(used.perThousand(f.rowCount())) + " per 1,000 predictions");
            }
        }
        return ExitCode.OK;
    }
}
