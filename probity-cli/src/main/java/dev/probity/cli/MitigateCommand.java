package dev.probity.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.probity.core.InputException;
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
import dev.probity.mitigation.Groups;
import dev.probity.mitigation.reductions.Constraint;
import dev.probity.models.io.ModelFiles;
import dev.probity.models.pipeline.MatrixTrainer;
import dev.probity.models.pipeline.PipelineModel;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.report.html.MitigationHtml;
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
            "After training (on the baseline's scores or predictions):",
            "  threshold-optimizer        group thresholds (Hardt et al.), randomized or --deterministic",
            "  equalized-odds-postprocessing  flip predictions with group probabilities from a linear program",
            "  calibrated-equalized-odds  Pleiss et al.: mix scores with base rates (--cost fnr|fpr|weighted)",
            "  reject-option              favour the disadvantaged near the threshold (--metric-bound)"},
        footer = {"", "Examples:",
            "  probity mitigate --data adult --test adult-test --label income --positive '>50K' --drop fnlwgt \\",
            "      --protected sex --method threshold-optimizer --constraint demographic-parity --html out/to.html",
            "  probity mitigate --data adult --test adult-test --label income --positive '>50K' --drop fnlwgt \\",
            "      --protected sex --method grid-search --constraint equalized-odds --html out/grid.html",
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

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the evaluation rows' predictions, before and after, as CSV.")
    Path out;

    @Option(names = "--model-out", paramLabel = "FILE",
            description = "Save the mitigated model (methods whose result is one model: reweighing, resampling, massaging, grid-search, prejudice-remover).")
    Path modelOut;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the before/after report as JSON (both audits in full).")
    Path report;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the before/after report as a self-contained HTML page with charts.")
    Path html;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        Mitigations.Method m = Mitigations.Method.parse(method);
        Constraint cons = Constraint.parse(options.constraint);
        if (modelOut != null && !m.savesModel()) {
            throw new InputException("--model-out: " + m.label() + " does not produce a single model file; use --out for its predictions");
        }
        Frame train = data.read(null, w -> err.println("probity: warning: " + w), true);
        Frame evaluation = test == null ? train : data.readOther(test, w -> err.println("probity: warning: " + w));
        Groups groups = Groups.of(train, protectedAttributes);
        Groups evalGroups = Groups.matching(groups, evaluation);
        Labels y = Labels.fromColumn(train, label, positive).requireBinary("mitigation");
        Labels evalY = Labels.fromColumn(evaluation, label, positive);
        MatrixTrainer mt = models.trainer();
        PipelineTrainer trainer = new PipelineTrainer(mt, models.encoding(mt));
        List<String> features = models.featureColumns(train, label, includeProtected ? List.of() : groups.attributes());
        TrainingSet set = new TrainingSet(train, features, y, null, models.seed);
        Model baseline = trainer.fit(set);
        Mitigations.Outcome outcome;
        try (Progress p = Progress.start("Mitigating (" + m.label() + ")", 1, !data.noProgress)) {
            outcome = new Mitigations(m, cons, options, trainer, set, groups, baseline, models.seed, protectedAttributes)
                    .run(evaluation, evalGroups);
            p.update(1, 1);
        }
        double[] before = baseline.predict(evaluation);
        double[] after = outcome.predictions();
        AuditResult a = audit(evaluation, before);
        AuditResult b = audit(evaluation, after);
        List<MitigationHtml.Row> rows = comparison(a, b);
        printComparison(stdout, rows, outcome.details());
        String disparityName = disparityKey(cons);
        MitigationHtml.Point basePoint = point("baseline", before, evalY.codes(), evalGroups, cons, false);
        MitigationHtml.Point afterPoint = point("mitigated", after, evalY.codes(), evalGroups, cons, false);
        List<MitigationHtml.Point> candidates = new ArrayList<>();
        for (Mitigations.Candidate c : outcome.candidates()) {
            candidates.add(point(c.label(), c.model().predict(evaluation), evalY.codes(), evalGroups, cons, c.front()));
        }
        if (out != null) {
            StringBuilder csv = new StringBuilder("row,group,prediction_before,prediction_after\n");
            for (int i = 0; i < before.length; i++) {
                csv.append(i + 1).append(',').append(csvField(evalGroups.names().get(evalGroups.of()[i]))).append(',')
                        .append((int) before[i]).append(',').append((int) after[i]).append('\n');
            }
            AtomicFiles.writeString(out, csv.toString());
        }
        if (modelOut != null) {
            PipelineModel pm = (PipelineModel) outcome.model();
            Map<String, Object> params = new LinkedHashMap<>(pm.info().parameters());
            params.put("mitigation", m.label());
            params.putAll(outcome.parameters());
            ModelFiles.Provenance prov = new ModelFiles.Provenance(train.source(), ModelFiles.contentHash(train), train.rowCount(),
                    features, label, params, models.seed, ModelFiles.libraries(),
                    Map.of("evaluation", Map.of("accuracy", accuracy(after, evalY.codes()), disparityName, afterPoint.disparity())));
            ModelFiles.save(pm, prov, modelOut);
        }
        if (report != null) {
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("schema", "probity.mitigation/v1");
            doc.put("method", m.label());
            doc.put("constraint", cons.label());
            doc.put("model", baseline.info().algorithm());
            doc.put("parameters", outcome.parameters());
            doc.put("details", outcome.details());
            doc.put("tradeoff", Map.of("disparity", disparityName, "baseline", basePoint, "mitigated", afterPoint, "candidates", candidates));
            doc.put("before", json.readTree(AuditJson.toString(a)));
            doc.put("after", json.readTree(AuditJson.toString(b)));
            AtomicFiles.writeString(report, json.writeValueAsString(doc));
        }
        if (html != null) {
            Map<String, String> details = new LinkedHashMap<>();
            outcome.parameters().forEach((k, v) -> details.put(k, String.valueOf(v)));
            outcome.details().forEach((k, v) -> details.put(k, String.valueOf(v)));
            AtomicFiles.writeString(html, MitigationHtml.render(new MitigationHtml.View("Mitigation: " + m.label(), evaluation.source(),
                    m.label(), cons.label(), baseline.info().algorithm(), details, rows, disparityName, basePoint, afterPoint, candidates)));
        }
        return ExitCode.OK;
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
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

    static List<MitigationHtml.Row> comparison(AuditResult a, AuditResult b) {
        List<MitigationHtml.Row> rows = new ArrayList<>();
        for (String m : List.of("accuracy", "balanced_accuracy", "selection_rate", "tpr", "fpr")) {
            rows.add(new MitigationHtml.Row(m, num(a.overall().metric(m)), num(b.overall().metric(m))));
        }
        for (MetricTable t : a.attributes()) {
            MetricTable u = b.attribute(t.name());
            for (Map.Entry<String, Estimate> e : t.summary().entrySet()) {
                rows.add(new MitigationHtml.Row(t.name() + ": " + e.getKey(), num(e.getValue()), num(u.summary().get(e.getKey()))));
            }
        }
        return rows;
    }

    private static void printComparison(PrintWriter out, List<MitigationHtml.Row> rows, Map<String, Object> details) {
        out.printf(Locale.ROOT, "%-48s %10s %10s%n", "metric", "before", "after");
        for (MitigationHtml.Row r : rows) {
            out.printf(Locale.ROOT, "%-48s %10.4f %10.4f%n", r.name(), r.before(), r.after());
        }
        details.forEach((k, v) -> out.println(k + ": " + v));
    }

    private static double num(Estimate e) {
        return e == null || !e.isDefined() ? Double.NaN : e.number();
    }

    /** The disparity drawn on the trade-off chart for a constraint. */
    static String disparityKey(Constraint c) {
        return switch (c) {
            case EQUALIZED_ODDS -> "equalized_odds_difference";
            case TRUE_POSITIVE_RATE_PARITY -> "true_positive_rate_difference";
            case FALSE_POSITIVE_RATE_PARITY -> "false_positive_rate_difference";
            case ERROR_RATE_PARITY -> "error_rate_difference";
            default -> "demographic_parity_difference";
        };
    }

    /** Error and the constraint's disparity (largest between-group difference) of predictions. */
    static MitigationHtml.Point point(String name, double[] pred, int[] y, Groups g, Constraint c, boolean front) {
        double disparity = switch (c) {
            case EQUALIZED_ODDS -> Math.max(spread(pred, y, g, 1, false), spread(pred, y, g, 0, false));
            case TRUE_POSITIVE_RATE_PARITY -> spread(pred, y, g, 1, false);
            case FALSE_POSITIVE_RATE_PARITY -> spread(pred, y, g, 0, false);
            case ERROR_RATE_PARITY -> spread(pred, y, g, -1, true);
            default -> spread(pred, y, g, -1, false);
        };
        return new MitigationHtml.Point(name, 1 - accuracy(pred, y), disparity, front);
    }

    static double accuracy(double[] pred, int[] y) {
        double ok = 0;
        for (int i = 0; i < y.length; i++) {
            ok += pred[i] == y[i] ? 1 : 0;
        }
        return ok / y.length;
    }

    private static double spread(double[] pred, int[] y, Groups g, int label, boolean errors) {
        double[] s = new double[g.count()];
        double[] n = new double[g.count()];
        for (int i = 0; i < pred.length; i++) {
            if (label < 0 || y[i] == label) {
                s[g.of()[i]] += errors ? (pred[i] != y[i] ? 1 : 0) : pred[i];
                n[g.of()[i]]++;
            }
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < s.length; k++) {
            if (n[k] > 0) {
                lo = Math.min(lo, s[k] / n[k]);
                hi = Math.max(hi, s[k] / n[k]);
            }
        }
        return hi - lo;
    }
}
