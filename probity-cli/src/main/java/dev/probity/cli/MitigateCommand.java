package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import dev.probity.mitigation.Mitigation;
import dev.probity.mitigation.MitigationReport;
import dev.probity.mitigation.MitigationRun;
import dev.probity.mitigation.MitigationSettings;
import dev.probity.mitigation.Mitigations;
import dev.probity.models.io.ModelFiles;
import dev.probity.models.pipeline.MatrixTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.report.html.MitigationHtml;
import dev.probity.report.json.MitigationJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code probity mitigate}: train a baseline and a mitigated model and compare them with the audit. */
@Command(name = "mitigate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reduce a disparity and show what it costs: trains the baseline model and a mitigated one on --data, "
                + "predicts --test (default: --data), audits both and prints the audit's metrics side by side.",
            "",
            "Before training (the model then trains on changed data):",
            "  reweighing                 rows weigh P(a)P(y)/P(a,y) (Kamiran & Calders)",
            "  uniform-resampling         (group, label) cells resampled to their expected sizes at random",
            "  preferential-resampling    the same, dropping/duplicating rows nearest the baseline's boundary",
            "  massaging                  flip the fewest labels, chosen by the baseline's scores",
            "  disparate-impact-remover   move numeric features towards the median group distribution (--repair-level)",
            "  correlation-remover        remove numeric features' linear correlation with the groups (--alpha)",
            "During training:",
            "  exponentiated-gradient     reductions approach (Agarwal et al.) with --constraint and --bound",
            "  grid-search                the same constraints on a grid of multipliers; draws the trade-off curve",
            "  prejudice-remover          logistic regression plus η × prejudice index (--eta)",
            "  adversarial-debiasing      logistic regression against an adversary guessing the group (--adversary-weight)",
            "After training (on the baseline's scores or predictions):",
            "  threshold-optimizer        group thresholds (Hardt et al.), randomized or --deterministic",
            "  equalized-odds-postprocessing  flip predictions with group probabilities from a linear program",
            "  calibrated-equalized-odds  Pleiss et al.: mix scores with base rates (--cost fnr|fpr|weighted)",
            "  reject-option              favour the disadvantaged near the threshold (--metric-bound)"},
        footer = {"", "Examples:",
            "  probity mitigate --data adult --test adult-test --label income \\",
            "      --positive '>50K' --drop fnlwgt --protected sex \\",
            "      --method threshold-optimizer --constraint demographic-parity \\",
            "      --html out/to.html",
            "  probity mitigate --data adult --test adult-test --label income \\",
            "      --positive '>50K' --drop fnlwgt --protected sex --method grid-search \\",
            "      --constraint equalized-odds --html out/grid.html",
            "",
            "Exit status: 0 success, 2 bad input (nothing written), 3 internal error."})
final class MitigateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataOptions data;

    @picocli.CommandLine.Mixin
    LedgerOption evidence = new LedgerOption();

    @Option(names = {"-l", "--label"}, required = true, paramLabel = "COL", description = "The label column (binary).")
    String label;

    @Option(names = "--positive", required = true, paramLabel = "VALUE", description = "Label value of the favourable (positive) outcome.")
    String positive;

    @Option(names = {"-g", "--protected"}, required = true, split = ",", paramLabel = "COL",
            description = "Protected attributes; with several, their intersections are the groups.")
    List<String> protectedAttributes;

    @Option(names = "--method", required = true, paramLabel = "METHOD", description = "One of the methods listed above.")
    String method;

    @Mixin
    MitigationOptions options;

    @Option(names = "--include-protected", description = "Let the model read the protected attributes (default: they are not features).")
    boolean includeProtected;

    @Mixin
    ModelSupport models;

    @Option(names = "--test", paramLabel = "FILE|DATASET", description = "Data to predict and audit (default: --data).")
    String test;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the evaluation rows' decisions, before and after (randomized methods add each row's probability); "
                    + "CSV, or TSV, JSON lines or Parquet by the file's extension.")
    Path out;

    @Option(names = "--model-out", paramLabel = "FILE",
            description = "Save the mitigated model (any method; post-processed models read the protected attributes too).")
    Path modelOut;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the before/after report as JSON (both audits in full).")
    Path report;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the before/after report as a self-contained HTML page with charts.")
    Path html;

    @Mixin
    QuietOption quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (Mitigations.methods().stream().noneMatch(m -> m.name().equals(method.trim().toLowerCase(Locale.ROOT).replace('_', '-')))
                && !method.equalsIgnoreCase("expgrad")) {
            throw new InputException("unknown --method '" + method + "'; use one of "
                    + Mitigations.methods().stream().map(Mitigations.Method::name).toList());
        }
        try (OutputPlan outputs = OutputPlan.protecting(spec.commandLine().getOut(), "data", data.data, "test", test)) {
            outputs.add("out", out).add("model-out", modelOut).add("report", report).add("html", html);
            MitigationReport r = mitigate(err);
            outputs.writeFrame("out", predictions(r.predictions()));
            if (outputs.has("model-out")) {
                Map<String, Map<String, Double>> evaluationMetrics = new LinkedHashMap<>();
                evaluationMetrics.put("evaluation", Map.of("accuracy", 1 - r.tradeoff().mitigated().error(), r.tradeoff().disparity(),
                        r.tradeoff().mitigated().disparity()));
                byte[] bytes = ModelFiles.toBytes(new ModelFiles.Content(r.mitigated(), evaluationMetrics));
                outputs.write("model-out", o -> o.write(bytes));
            }
            outputs.writeString("report", MitigationJson.toString(r));
            if (outputs.has("html")) {
                outputs.writeString("html", MitigationHtml.render(r));
            }
            outputs.commit();
            if (!outputs.usesStdout() && !quiet.quiet) {
                print(spec.commandLine().getOut(), r);
            }
        }
        return ExitCode.OK;
    }

    private MitigationReport mitigate(PrintWriter err) {
        MitigationSettings settings = options.settings();
        Mitigation m = Mitigations.create(method, settings);
        Frame train = data.readSelected(w -> err.println("probity: warning: " + w));
        Frame evaluation = test == null ? null : data.readOther(test, w -> err.println("probity: warning: " + w));
        MatrixTrainer mt = models.trainer();
        PipelineTrainer trainer = new PipelineTrainer(mt, models.encoding(mt));
        List<String> features = models.featureColumns(train, label, includeProtected ? List.of() : protectedAttributes);
        models.warnAboutProhibited(features, w -> err.println("probity: warning: " + w));
        try (Progress p = Progress.start("Mitigating (" + m.name() + ")", 1, !data.noProgress)) {
            MitigationReport r = MitigationRun.run(new MitigationRun.Request(train, evaluation, label, positive, protectedAttributes,
                    features, trainer, m, settings.constraint(), models.seed), w -> err.println("probity: warning: " + w));
            p.update(1, 1);
            return r;
        }
    }

    private static void print(PrintWriter out, MitigationReport r) {
        int w = Math.max(6, r.comparison().stream().mapToInt(row -> row.metric().length()).max().orElse(6));
        out.printf(Locale.ROOT, "%-" + w + "s %10s %10s%n", "metric", "before", "after");
        for (MitigationReport.Row row : r.comparison()) {
            out.printf(Locale.ROOT, "%-" + w + "s %10.4f %10.4f%n", row.metric(), row.before(), row.after());
        }
        r.details().forEach((k, v) -> out.println(k + ": " + v));
    }

    /** row, group, decision before and after, and for randomized models the probability of a positive decision. */
    static Frame predictions(MitigationReport.Predictions p) {
        int n = p.before().length;
        long[] row = new long[n];
        long[] before = new long[n];
        long[] after = new long[n];
        for (int i = 0; i < n; i++) {
            row[i] = i + 1;
            before[i] = (long) p.before()[i];
            after[i] = (long) p.after()[i];
        }
        List<Column> cols = new ArrayList<>(List.of(LongColumn.of("row", row), StringColumn.of("group", p.groups().toArray(new String[0])),
                LongColumn.of("prediction_before", before), LongColumn.of("prediction_after", after)));
        if (p.expected() != null) {
            cols.add(DoubleColumn.of("probability_after", p.expected()));
        }
        return Frame.of(cols.toArray(new Column[0]));
    }
}
