package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Dataset;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Model;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.models.io.ModelFiles;
import dev.probity.monitor.window.Monitor;
import dev.probity.monitor.window.MonitorResult;
import dev.probity.monitor.window.Period;
import dev.probity.report.html.MonitorHtml;
import dev.probity.report.json.MonitorJson;
import dev.probity.report.text.MonitorText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code probity monitor}: how has the data, the model and its fairness moved, window by window? */
@Command(name = "monitor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Cut the data into time windows (or runs of rows) and report, for each window against a reference: drift of "
            + "every column (population stability index on the reference's deciles or categories), the share of positive decisions, "
            + "accuracy where labels exist, and the fairness audit by protected group (selection rate, true and false positive rates, "
            + "with intervals). Alerts are raised where a threshold is crossed; --html draws each as a time series with its thresholds.",
            "",
            "Each window is kept as mergeable statistics (counts on the reference's bins, quantile sketches, the audit's group "
                + "statistics), so every number is computed from them, not from the rows.",
            "",
            "Without --reference the first window is the reference. A bundled dataset brings its label, decision and protected "
                + "attributes; --model scores the rows with a model first and monitors its decisions (model_prediction) and scores "
                + "(model_score)."},
        footer = {"", "Examples:",
            "  probity monitor --data compas --time-column compas_screening_date --window 3M",
            "  probity monitor --data scored.csv --time-column ts --window 1w \\",
            "      --reference train.csv --label outcome --prediction approved \\",
            "      --protected sex,race --html monitor.html",
            "", "Windows: 6h, 1d, 7d, 1w (ISO weeks from Monday), 1M (calendar months), 1000-rows. Times are ISO-8601 dates or "
                + "date-times (UTC unless an offset is given) or seconds since 1970.",
            "", "Exit status: 0 success (with --fail-on: no alert at that severity), 1 --fail-on and such an alert, 2 bad input, "
                + "3 internal error."})
final class MonitorCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataOptions data = new DataOptions();
    @Option(names = "--time-column", paramLabel = "COL", description = "The column of times (needed for time windows).")
    String timeColumn;
    @Option(names = "--window", required = true, paramLabel = "PERIOD", description = "The window: 1d, 7d, 1w, 1M, 6h or N-rows.")
    String window;
    @Option(names = "--reference", paramLabel = "FILE|DATASET", description = "Reference data (default: the first window).")
    String reference;
    @Option(names = "--columns", split = ",", paramLabel = "COL", description = "Columns to watch for drift (default: every column but the time).")
    List<String> columns;
    @Option(names = "--model", paramLabel = "FILE", description = "Score the rows (and the reference) with this model first.")
    Path model;
    @Option(names = {"-l", "--label"}, paramLabel = "COL|EXPR", description = "The true outcome (for performance and the fairness audit).")
    String label;
    @Option(names = {"-p", "--prediction"}, paramLabel = "COL|EXPR", description = "The model's decision, e.g. 'decile_score >= 5'.")
    String prediction;
    @Option(names = "--positive", paramLabel = "VALUE", description = "The label value that counts as positive.")
    String positive;
    @Option(names = "--prediction-positive", paramLabel = "VALUE", description = "The decision value that counts as positive, if not the label's.")
    String predictionPositive;
    @Option(names = "--score", paramLabel = "COL", description = "The model's score (probability of the positive class): performance is "
            + "then estimated in windows whose labels have not arrived (CBPE, as NannyML). With --model: its score.")
    String score;
    @Option(names = {"-g", "--protected"}, split = ",", paramLabel = "COL", description = "Protected attributes for the audit of each window.")
    List<String> protectedAttributes;
    @Option(names = "--tolerance", paramLabel = "TAU", description = "A group's rate ratio in [τ, 1/τ] is parity (default 0.8).")
    double tolerance = 0.8;
    @Option(names = "--psi", paramLabel = "MINOR,MAJOR", description = "PSI of a minor and a major drift alert (default 0.1,0.25).")
    String psi = "0.1,0.25";
    @Option(names = "--rate-shift", paramLabel = "D", description = "A significant change of selection rate or accuracy of this size raises an alert (default 0.05).")
    double rateShift = 0.05;
    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON (probity.monitor/v1); '-' for standard output.")
    String json;
    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML page of time-series charts with thresholds.")
    Path html;
    @Option(names = "--fail-on", paramLabel = "LEVEL", description = "Exit 1 when an alert of this severity or worse is raised: major or minor.")
    String failOn;
    @Mixin
    QuietOption quiet = new QuietOption();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String fail = failOn == null ? null : failOn.toLowerCase(Locale.ROOT);
        if (fail != null && !fail.equals("major") && !fail.equals("minor")) {
            throw new InputException("--fail-on " + failOn + ": use major or minor");
        }
        String[] bands = psi.split(",");
        double minor;
        double major;
        try {
            if (bands.length != 2) {
                throw new NumberFormatException();
            }
            minor = Double.parseDouble(bands[0].trim());
            major = Double.parseDouble(bands[1].trim());
        } catch (NumberFormatException e) {
            throw new InputException("--psi takes two numbers, MINOR,MAJOR (e.g. 0.1,0.25); got '" + psi + "'");
        }
        Period period = Period.parse(window);
        try (OutputPlan outputs = OutputPlan.protecting(out, "data", data.data, "reference", reference, "model", model)) {
            outputs.add("json", json).add("html", html);
            Dataset ds = data.dataset();
            Frame f = data.readSelected(w -> err.println("probity: warning: " + w));
            Frame ref = reference == null ? null : DriftCommand.read(reference, "--reference", data.encoding);
            AuditOptions a = new AuditOptions();
            a.label = label;
            a.prediction = prediction;
            a.positive = positive;
            a.predictionPositive = predictionPositive;
            a.protectedAttributes = protectedAttributes;
            a.tolerance = tolerance;
            // a window may hold one person of a rare group: audit it anyway (flagged as small) rather than lose the window's audit
            a.minGroupRows = 1;
            // labels arrive late: the audit covers the rows that have one (CBPE estimates the rest)
            a.dropMissing = true;
            String scores = score;
            if (model != null) {
                if (prediction != null) {
                    throw new InputException("--model and --prediction both say what the decision is; give one");
                }
                Model m = ModelFiles.load(model, null);
                f = Audit.withModel(f, m);
                ref = ref == null ? null : Audit.withModel(ref, m);
                a.prediction = Audit.MODEL_PREDICTION;
                if (m.info().classes().size() == 2) {
                    a.predictionPositive = m.info().classes().get(1);
                    scores = scores == null ? Audit.MODEL_SCORE : scores;
                }
            }
            AuditSpec audit = auditSpec(a, ds);
            Monitor.Spec s = new Monitor.Spec(timeColumn, period, columns, audit, minor, major, rateShift, scores);
            MonitorResult r = Monitor.run(ref, f, s);
            outputs.writeString("json", MonitorJson.toString(r));
            outputs.writeString("html", MonitorHtml.render(r));
            outputs.commit();
            if (!outputs.usesStdout() && !quiet.quiet) {
                out.print(MonitorText.render(r));
                out.flush();
            }
            boolean failed = fail != null && r.alerts().stream().anyMatch(x -> x.severity().equals("major") || fail.equals("minor"));
            return failed ? ExitCode.RULE_BROKEN : ExitCode.OK;
        }
    }

    /** The audit of each window, or null when there is no label and no protected attribute to audit by. */
    private AuditSpec auditSpec(AuditOptions a, Dataset ds) {
        boolean roles = a.label != null || (a.protectedAttributes != null && !a.protectedAttributes.isEmpty()) || ds != null;
        if (!roles) {
            return null;
        }
        // --where and --derive were applied when the data were read: the audit gets neither again
        return a.buildSpec(ds, data.threads(), new DataOptions());
    }
}
