package dev.probity.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.probity.core.InputException;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.io.AtomicFiles;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.TrainingSet;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.fairness.audit.MetricTable;
import dev.probity.fairness.metrics.Estimate;
import dev.probity.fairness.mitigation.Groups;
import dev.probity.fairness.mitigation.post.ThresholdOptimizer;
import dev.probity.fairness.mitigation.pre.Reweighing;
import dev.probity.fairness.mitigation.reductions.Constraint;
import dev.probity.fairness.mitigation.reductions.ExponentiatedGradient;
import dev.probity.models.pipeline.MatrixTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.report.json.AuditJson;
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
        description = {"Reduce a disparity and show what it costs: trains the baseline model and a mitigated one on --data,",
            "predicts --test (default: --data), audits both and prints the audit's metrics side by side.",
            "",
            "Methods:",
            "  reweighing               before training: rows weigh P(a)P(y)/P(a,y) (Kamiran & Calders)",
            "  exponentiated-gradient   during training: the reductions approach (Agarwal et al.), any --constraint",
            "  threshold-optimizer      after training: group thresholds on the baseline's scores (Hardt et al.)"},
        footer = {"", "Examples:",
            "  probity mitigate --data adult --test adult-test --label income --positive '>50K' --drop fnlwgt \\",
            "      --protected sex --method threshold-optimizer --constraint demographic-parity",
            "  probity mitigate --data adult --test adult-test --label income --positive '>50K' --drop fnlwgt \\",
            "      --protected sex --method exponentiated-gradient --constraint equalized-odds --bound 0.01 --report out/eo.json",
            "",
            "Exit status: 0 success, 2 bad input (nothing written), 3 internal error."})
final class MitigateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = {"-l", "--label"}, required = true, paramLabel = "COL", description = "The label column (binary).")
    String label;

    @Option(names = "--positive", required = true, paramLabel = "VALUE", description = "Label value of the favourable (positive) outcome.")
    String positive;

    @Option(names = {"-p", "--protected"}, required = true, split = ",", paramLabel = "COL",
            description = "Protected attributes; with several, their intersections are the groups.")
    List<String> protectedAttributes;

    @Option(names = "--method", required = true, paramLabel = "METHOD",
            description = "reweighing, exponentiated-gradient or threshold-optimizer.")
    String method;

    @Option(names = {"-c", "--constraint"}, defaultValue = "demographic-parity", paramLabel = "NAME",
            description = "demographic-parity (default), equalized-odds, true-positive-rate-parity, false-positive-rate-parity, "
                    + "error-rate-parity, bounded-group-loss.")
    String constraint;

    @Option(names = "--bound", defaultValue = "0.01", paramLabel = "EPS", description = "Difference bound of exponentiated-gradient (default 0.01).")
    double bound;

    @Option(names = "--ratio-bound", paramLabel = "R", description = "A ratio bound in (0, 1] instead of a difference bound (exponentiated-gradient).")
    Double ratioBound;

    @Option(names = "--max-iterations", defaultValue = "50", paramLabel = "N", description = "Exponentiated-gradient iterations (default 50).")
    int maxIterations;

    @Option(names = "--objective", defaultValue = "accuracy", paramLabel = "NAME", description = "Threshold optimizer objective: accuracy or balanced-accuracy.")
    String objective;

    @Option(names = "--deterministic", description = "Threshold optimizer: one threshold per group instead of randomized thresholds.")
    boolean deterministic;

    @Option(names = "--tolerance", defaultValue = "0.01", paramLabel = "T", description = "Deterministic thresholds: largest rate gap allowed (default 0.01).")
    double tolerance;

    @Option(names = "--include-protected", description = "Let the model read the protected attributes (default: they are not features).")
    boolean includeProtected;

    @Mixin
    ModelSupport models;

    @Option(names = "--test", paramLabel = "FILE|DATASET", description = "Data to predict and audit (default: --data).")
    String test;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the test rows' predictions (before and after) as CSV.")
    Path out;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the before/after report as JSON (both audits in full).")
    Path report;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        Constraint cons = Constraint.parse(constraint);
        Frame train = data.read(null, w -> err.println("probity: warning: " + w), true);
        Frame testFrame = test == null ? train : data.readOther(test, w -> err.println("probity: warning: " + w));
        Groups groups = Groups.of(train, protectedAttributes);
        Labels y = Labels.fromColumn(train, label, positive).requireBinary("mitigation");
        MatrixTrainer mt = models.trainer();
        PipelineTrainer trainer = new PipelineTrainer(mt, models.encoding(mt));
        List<String> features = models.featureColumns(train, label, includeProtected ? List.of() : groups.attributes());
        TrainingSet set = new TrainingSet(train, features, y, null, models.seed);
        Model baseline = trainer.fit(set);
        double[] before = baseline.predict(testFrame);
        double[] after;
        Map<String, Object> details = new LinkedHashMap<>();
        switch (method.toLowerCase(Locale.ROOT)) {
            case "reweighing" -> {
                double[] w = Reweighing.weights(groups, y.codes(), 2, null);
                after = trainer.fit(set.with(y, w)).predict(testFrame);
            }
            case "exponentiated-gradient", "expgrad" -> {
                ExponentiatedGradient eg = new ExponentiatedGradient(cons, ratioBound == null ? bound : bound == 0.01 ? 0 : bound,
                        ratioBound == null ? 1 : ratioBound, maxIterations);
                ExponentiatedGradient.Result r;
                try (Progress p = Progress.start("Exponentiated gradient", maxIterations, !data.noProgress)) {
                    r = eg.fit(trainer, set, groups);
                    p.update(maxIterations, maxIterations);
                }
                after = r.model().predict(testFrame);
                details.put("iterations", r.iterations());
                details.put("oracle_calls", r.oracleCalls());
                details.put("best_gap", r.bestGap());
                details.put("predictors", r.model().predictors().size());
                details.put("weights", r.model().weights());
            }
            case "threshold-optimizer", "thresholds" -> {
                ThresholdOptimizer.Objective obj = switch (objective.toLowerCase(Locale.ROOT)) {
                    case "accuracy" -> ThresholdOptimizer.Objective.ACCURACY;
                    case "balanced-accuracy" -> ThresholdOptimizer.Objective.BALANCED_ACCURACY;
                    default -> throw new InputException("--objective must be accuracy or balanced-accuracy, got '" + objective + "'");
                };
                ThresholdOptimizer.Fitted f = new ThresholdOptimizer(cons, obj, !deterministic, tolerance)
                        .fit(baseline.score(train), y.codes(), groups);
                after = f.predict(baseline.score(testFrame), Groups.matching(groups, testFrame), models.seed);
                Map<String, String> rules = new LinkedHashMap<>();
                f.rules().forEach(r -> rules.put(r.group(), r.describe()));
                details.put("rules", rules);
            }
            default -> throw new InputException("--method must be reweighing, exponentiated-gradient or threshold-optimizer, got '" + method + "'");
        }
        AuditResult a = audit(testFrame, before);
        AuditResult b = audit(testFrame, after);
        printComparison(stdout, a, b, details);
        if (out != null) {
            StringBuilder csv = new StringBuilder("row,prediction_before,prediction_after\n");
            for (int i = 0; i < before.length; i++) {
                csv.append(i + 1).append(',').append((int) before[i]).append(',').append((int) after[i]).append('\n');
            }
            AtomicFiles.writeString(out, csv.toString());
        }
        if (report != null) {
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("schema", "probity.mitigation/v1");
            doc.put("method", method);
            doc.put("constraint", cons.label());
            doc.put("model", baseline.info().algorithm());
            doc.put("details", details);
            doc.put("before", json.readTree(AuditJson.toString(a)));
            doc.put("after", json.readTree(AuditJson.toString(b)));
            AtomicFiles.writeString(report, json.writeValueAsString(doc));
        }
        return ExitCode.OK;
    }

    private AuditResult audit(Frame f, double[] pred) {
        long[] p = new long[pred.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (long) pred[i];
        }
        Frame withPred = f.withColumn(LongColumn.of("probity_prediction", p));
        AuditSpec s = AuditSpec.builder().label(label).positive(positive).prediction("probity_prediction")
                .predictionPositive("1").protectedAttributes(protectedAttributes).build();
        return Audit.run(withPred, s);
    }

    private static void printComparison(PrintWriter out, AuditResult a, AuditResult b, Map<String, Object> details) {
        out.printf(Locale.ROOT, "%-44s %10s %10s%n", "metric", "before", "after");
        for (String m : List.of("accuracy", "balanced_accuracy", "selection_rate")) {
            out.printf(Locale.ROOT, "%-44s %10.4f %10.4f%n", m, num(a.overall().metric(m)), num(b.overall().metric(m)));
        }
        for (MetricTable t : a.attributes()) {
            MetricTable u = b.attribute(t.name());
            for (Map.Entry<String, Estimate> e : t.summary().entrySet()) {
                out.printf(Locale.ROOT, "%-44s %10.4f %10.4f%n", t.name() + ": " + e.getKey(), num(e.getValue()), num(u.summary().get(e.getKey())));
            }
        }
        details.forEach((k, v) -> {
            if (!(v instanceof double[])) {
                out.println(k + ": " + v);
            }
        });
    }

    private static double num(Estimate e) {
        return e == null || !e.isDefined() ? Double.NaN : e.number();
    }
}
