package dev.probity.mitigation;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.RandomizedModel;
import dev.probity.core.model.Trainer;
import dev.probity.core.model.TrainingSet;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.fairness.audit.MetricTable;
import dev.probity.fairness.metrics.BinaryMetric;
import dev.probity.fairness.metrics.Disparity;
import dev.probity.fairness.metrics.Estimate;
import dev.probity.mitigation.reductions.Constraint;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The mitigation workflow, the same for the command line, the service and any Java caller: train the baseline on
 * the training data, run a {@link Mitigation}, predict the evaluation data with both models, audit both with the
 * fairness audit, and place them (and a method's candidates) on the error–disparity plane. With several protected
 * attributes, the groups are their intersections — what the methods constrain — and the reported disparity is the
 * intersections' (the per-attribute tables are in the audits).
 *
 * <pre>{@code
 * MitigationReport r = MitigationRun.run(new MitigationRun.Request(train, test, "income", ">50K", List.of("sex"),
 *         features, new PipelineTrainer(LinearTrainer.logistic()), Mitigations.create("threshold-optimizer",
 *         MitigationSettings.defaults()), Constraint.DEMOGRAPHIC_PARITY, 42), w -> { });
 * ModelFiles.save(r.mitigated(), Path.of("fair.json"));
 * }</pre>
 */
public final class MitigationRun {
    /** The column the audits read the predictions from. */
    static final String PREDICTION = "probity_prediction";

    private MitigationRun() {
    }

    /**
     * What to mitigate.
     *
     * @param training            the training rows
     * @param evaluation          the rows to predict and audit (the training rows when null)
     * @param label               the label column
     * @param positive            the label's favourable value
     * @param protectedAttributes the protected attributes; several mean their intersections
     * @param features            the model's feature columns
     * @param trainer             the model family (the baseline and pre-/in-processing fits use it)
     * @param method              the mitigation method
     * @param constraint          the disparity the report measures (the method's own constraint, where it has one)
     * @param seed                the seed of every random choice
     */
    public record Request(Frame training, Frame evaluation, String label, String positive, List<String> protectedAttributes,
                          List<String> features, Trainer trainer, Mitigation method, Constraint constraint, long seed) {
        public Request {
            Objects.requireNonNull(training, "training");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(positive, "positive");
            protectedAttributes = List.copyOf(protectedAttributes);
            features = List.copyOf(features);
            Objects.requireNonNull(trainer, "trainer");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(constraint, "constraint");
        }

        public Frame evaluationRows() {
            return evaluation == null ? training : evaluation;
        }
    }

    /**
     * Told where a run is: the step it starts and the fraction of the workflow done before it, which never decreases
     * and ends at 1 when the report is ready. The fraction counts the workflow's steps with fixed weights (training the
     * baseline, fitting the method, predicting, the audits — each candidate's audit a step of its own); it is not a
     * time estimate, and a long step (a method's fit) reports no progress inside it. A listener may throw (a
     * {@link java.util.concurrent.CancellationException}, say) to stop the run before the step it is told of; the
     * exception leaves {@link #run(Request, Consumer, Progress)} as it was thrown.
     */
    @FunctionalInterface
    public interface Progress {
        /** Reports nothing. */
        Progress NONE = (step, fraction) -> { };

        /**
         * @param step     the step starting now, in words ("training the baseline", "fitting threshold-optimizer", …;
         *                 "done" at the end)
         * @param fraction the share of the workflow done before it, in [0, 1]
         */
        void step(String step, double fraction);
    }

    /** Runs the workflow; warnings about the input go to {@code warnings}. */
    public static MitigationReport run(Request r, Consumer<String> warnings) {
        return run(r, warnings, Progress.NONE);
    }

    /** Runs the workflow, telling {@code progress} each step as it starts; warnings about the input go to {@code warnings}. */
    public static MitigationReport run(Request r, Consumer<String> warnings, Progress progress) {
        Objects.requireNonNull(progress, "progress");
        progress.step("reading the groups and labels", 0);
        Frame train = r.training();
        Frame eval = r.evaluationRows();
        Groups groups = Groups.of(train, r.protectedAttributes());
        Groups evalGroups = Groups.matching(groups, eval);
        Labels y = Labels.fromColumn(train, r.label(), r.positive()).requireBinary("mitigation");
        Labels evalY = Labels.fromColumn(eval, r.label(), r.positive());
        for (String a : groups.attributes()) {
            if (r.features().stream().anyMatch(a::equalsIgnoreCase)) {
                warnings.accept("the model reads the protected attribute '" + a + "' as a feature: its decisions can depend on "
                        + "group membership directly (disparate treatment)");
            }
        }
        TrainingSet set = new TrainingSet(train, r.features(), y, null, r.seed());
        progress.step("training the baseline", 0.05);
        Model baseline = r.trainer().fit(set);
        progress.step("fitting " + r.method().name(), 0.2);
        Mitigated m = r.method().fit(new MitigationTask(set, groups, r.trainer(), baseline));
        progress.step("predicting the evaluation rows", 0.7);
        double[] before = baseline.predict(eval);
        double[] after = m.model().predict(eval);
        double[] expected = m.model() instanceof RandomizedModel rm ? rm.predictProba(eval).column(1) : null;
        progress.step("auditing the baseline and the mitigated model", 0.75);
        AuditResult a = audit(eval, before, r);
        AuditResult b = audit(eval, after, r);
        String disparity = disparityName(r.constraint());
        List<MitigationReport.Point> candidates = new ArrayList<>();
        int n = m.candidates().size();
        for (int i = 0; i < n; i++) {
            Mitigated.Candidate c = m.candidates().get(i);
            progress.step("auditing candidate " + (i + 1) + " of " + n, 0.85 + 0.14 * i / n);
            candidates.add(point(c.label(), audit(eval, c.model().predict(eval), r), r, c.paretoFront()));
        }
        List<String> rowGroups = new ArrayList<>(eval.rowCount());
        for (int i = 0; i < eval.rowCount(); i++) {
            rowGroups.add(evalGroups.names().get(evalGroups.of()[i]));
        }
        MitigationReport.TradeOff tradeoff = new MitigationReport.TradeOff(disparity, point("baseline", a, r, false),
                point("mitigated", b, r, false), candidates);
        MitigationReport report = new MitigationReport(r.method().name(), r.method().stage(), r.constraint().label(), baseline, m.model(),
                r.method().parameters(), m.details(), a, b, tradeoff,
                new MitigationReport.Predictions(eval.source(), rowGroups, before, after, expected), evalY.size());
        progress.step("done", 1);
        return report;
    }

    /** The audit of {@code predictions} (0/1) on the evaluation rows, by the audit itself. */
    static AuditResult audit(Frame eval, double[] predictions, Request r) {
        long[] p = new long[predictions.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (long) predictions[i];
        }
        if (eval.has(PREDICTION)) {
            throw new InputException(eval.source() + " already has a column '" + PREDICTION + "'; rename it");
        }
        Frame withPred = eval.withColumn(LongColumn.of(PREDICTION, p));
        AuditSpec s = AuditSpec.builder().label(r.label()).positive(r.positive()).prediction(PREDICTION).predictionPositive("1")
                .protectedAttributes(r.protectedAttributes()).intersections(r.protectedAttributes().size() > 1).build();
        return Audit.run(withPred, s);
    }

    /** The catalogue name of the disparity that a constraint bounds. */
    static String disparityName(Constraint c) {
        return switch (c) {
            case DEMOGRAPHIC_PARITY -> Disparity.DEMOGRAPHIC_PARITY_DIFFERENCE.key();
            case EQUALIZED_ODDS -> Disparity.EQUALIZED_ODDS_DIFFERENCE.key();
            case TRUE_POSITIVE_RATE_PARITY -> "true_positive_rate_difference";
            case FALSE_POSITIVE_RATE_PARITY -> "false_positive_rate_difference";
            case ERROR_RATE_PARITY -> "error_rate_difference";
            case BOUNDED_GROUP_LOSS -> "worst_group_error_rate";
        };
    }

    /** The table of the groups the methods constrain: the attribute's, or with several the intersections'. */
    static MetricTable groupsTable(AuditResult a, List<String> attributes) {
        for (MetricTable t : a.attributes()) {
            if (t.columns().equals(attributes)) {
                return t;
            }
        }
        throw new IllegalStateException("the audit has no table for " + attributes);
    }

    /** Error rate and the constraint's disparity, both from the audit's catalogue. */
    static MitigationReport.Point point(String name, AuditResult a, Request r, boolean front) {
        MetricTable t = groupsTable(a, r.protectedAttributes());
        double d = switch (r.constraint()) {
            case DEMOGRAPHIC_PARITY -> number(t.disparity(Disparity.DEMOGRAPHIC_PARITY_DIFFERENCE));
            case EQUALIZED_ODDS -> number(t.disparity(Disparity.EQUALIZED_ODDS_DIFFERENCE));
            case TRUE_POSITIVE_RATE_PARITY -> t.summarize(BinaryMetric.TPR.key()).difference().orElse(Double.NaN);
            case FALSE_POSITIVE_RATE_PARITY -> t.summarize(BinaryMetric.FPR.key()).difference().orElse(Double.NaN);
            case ERROR_RATE_PARITY -> t.summarize(BinaryMetric.ERROR_RATE.key()).difference().orElse(Double.NaN);
            case BOUNDED_GROUP_LOSS -> t.summarize(BinaryMetric.ERROR_RATE.key()).groupMax().orElse(Double.NaN);
        };
        return new MitigationReport.Point(name, number(a.overall().metric(BinaryMetric.ERROR_RATE.key())), d, front);
    }

    private static double number(Estimate e) {
        return e == null || !e.isDefined() ? Double.NaN : e.number();
    }
}
