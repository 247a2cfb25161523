package dev.probity.cli;

import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;
import dev.probity.models.eval.ClassificationReport;
import dev.probity.models.io.ModelFiles;
import dev.probity.models.pipeline.MatrixTrainer;
import dev.probity.models.pipeline.PipelineModel;
import dev.probity.models.pipeline.PipelineTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code probity train}: fit a model and save it with its provenance. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a logistic regression, a decision tree or an XGBoost model and save it with its provenance.",
            "",
            "Numbers are standardized for logistic regression and passed raw to trees; text columns are one-hot",
            "encoded with unseen values ignored. The model file records a SHA-256 of the training data, every",
            "parameter and the seed, library versions and the metrics below."},
        footer = {"", "Examples:",
            "  probity train --data adult --label income --positive '>50K' --drop fnlwgt \\",
            "      --test adult-test --out adult-lr.json",
            "  probity train --data loans.csv --label default --positive yes \\",
            "      --model xgboost --validation valid.csv --out xgb.json",
            "",
            "Exit status: 0 success, 2 bad input (nothing written), 3 internal error."})
final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataOptions data;

    @picocli.CommandLine.Mixin
    LedgerOption evidence = new LedgerOption();

    @Option(names = {"-l", "--label"}, required = true, paramLabel = "COL", description = "The label column.")
    String label;

    @Option(names = "--positive", paramLabel = "VALUE", description = "Label value of the positive class (binary models; other values are negative).")
    String positive;

    @Mixin
    ModelSupport models;

    @Option(names = "--validation", paramLabel = "FILE|DATASET", description = "Validation data: reported, and used for XGBoost's early stopping.")
    String validation;

    @Option(names = "--test", paramLabel = "FILE|DATASET", description = "Test data: reported only.")
    String test;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Where to save the model (probity.model/v1 JSON).")
    Path out;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the report as a self-contained HTML page with charts.")
    Path html;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the classification reports as JSON ('-' for standard output).")
    String json;

    @Mixin
    QuietOption quiet;

    @Mixin
    EnergyOptions energy = new EnergyOptions();

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        var stdout = spec.commandLine().getOut();
        try (OutputPlan outputs = OutputPlan.protecting(stdout, "data", data.data, "validation", validation, "test", test)) {
            outputs.add("out", out).add("json", json).add("html", html);
            Frame train = data.readSelected(w -> err.println("probity: warning: " + w));
            Labels y = positive != null ? Labels.fromColumn(train, label, positive) : Labels.fromColumn(train, label, null);
            MatrixTrainer mt = models.trainer();
            List<String> features = models.featureColumns(train, label, List.of());
            models.warnAboutProhibited(features, w -> err.println("probity: warning: " + w));
            PipelineTrainer trainer = new PipelineTrainer(mt, models.encoding(mt));
            Frame valid = validation == null ? null : data.readOther(validation, w -> err.println("probity: warning: " + w));
            Labels validY = valid == null ? null : Labels.fromColumn(valid, label, positive);
            dev.probity.core.energy.EnergyMeter meter = energy.start();
            PipelineModel model = trainer.fit(new TrainingSet(train, features, y, null, models.seed), valid, validY);
            dev.probity.core.energy.EnergyUse used = energy.stop(meter);
            evidence.energy = EnergyOptions.evidence("training", used, 0);
            List<ClassificationReport> reports = new ArrayList<>();
            reports.add(ClassificationReport.evaluate("train (" + train.source() + ")", model, train, label, positive));
            if (valid != null) {
                reports.add(ClassificationReport.evaluate("validation (" + valid.source() + ")", model, valid, label, positive));
            }
            if (test != null) {
                Frame t = data.readOther(test, w -> err.println("probity: warning: " + w));
                reports.add(ClassificationReport.evaluate("test (" + t.source() + ")", model, t, label, positive));
            }
            Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
            for (ClassificationReport r : reports) {
                metrics.put(r.dataset().substring(0, r.dataset().indexOf(' ')), r.headline());
            }
            byte[] modelBytes = ModelFiles.toBytes(new ModelFiles.Content(model, metrics));
            outputs.write("out", o -> o.write(modelBytes));
            outputs.writeString("json", reportsJson(reports));
            if (evidence.recording()) {
                evidence.result = reportsJson(reports);
            }
            if (outputs.has("html")) {
                outputs.writeString("html", dev.probity.report.html.ClassificationHtml.render("Classification report", reports));
            }
            outputs.commit();
            if (!outputs.usesStdout() && !quiet.quiet) {
                for (ClassificationReport r : reports) {
                    stdout.println(r.toText());
                }
                stdout.println("training energy: " + used.summary());
                if (outputs.shown("out") != null) {
                    stdout.println("model saved to " + out + " (" + model.info().algorithm() + ", " + model.encoder().outputNames().size()
                            + " encoded columns from " + features.size() + " features)");
                }
            }
        }
        return ExitCode.OK;
    }

    static String reportsJson(List<ClassificationReport> reports) {
        return dev.probity.report.json.EvaluationJson.toString(reports);
    }
}
