package dev.probity.privacy.anonymize;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.Trainer;
import dev.probity.core.model.TrainingSet;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.fairness.audit.MetricTable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a release costs a model: the same trainer fitted on the original training data and on its anonymized release,
 * each evaluated on test data (generalized with the release's transformation for the second model, as new data would
 * be before scoring), with accuracy and the fairness audit's selection rate and true positive rate per group of a
 * protected attribute. Anonymization can erase a small group's signal; this shows whether it did.
 */
public final class DownstreamCost {
    private DownstreamCost() {
    }

    /**
     * One model's figures on the test data: accuracy, and per group (largest first) the selection rate and true positive
     * rate; NaN where the audit finds a rate undefined (a group without positives has no true positive rate).
     */
    public record Side(double accuracy, Map<String, Double> selectionRate, Map<String, Double> truePositiveRate) {
    }

    /** Both models' figures. */
    public record Result(String label, String positive, String protectedAttribute, Side original, Side anonymized) {
    }

    /**
     * @param train     the original training data (what was anonymized)
     * @param release   its anonymization by {@link Anonymizer} (full-domain: the test data are generalized the same way)
     * @param hierarchies the hierarchies of the release's quasi-identifiers
     * @param test      test data with the label, in the original's form
     * @param features  the model's features
     * @param threshold decisions are score ≥ threshold
     */
    public static Result measure(Frame train, Anonymization release, Map<String, Hierarchy> hierarchies, Frame test,
                                 String label, String positive, List<String> features, String protectedAttribute,
                                 Trainer trainer, double threshold, long seed) {
        if (!test.has(protectedAttribute)) {
            throw new InputException(test.unknownColumnMessage(protectedAttribute));
        }
        Model original = trainer.fit(new TrainingSet(train, features, Labels.fromColumn(train, label, positive), null, seed));
        Model anonymized = trainer.fit(new TrainingSet(release.output(), features,
                Labels.fromColumn(release.output(), label, positive), null, seed));
        Frame generalized = generalize(test, hierarchies, release.transformation());
        return new Result(label, positive, protectedAttribute,
                side(original, test, label, positive, protectedAttribute, threshold),
                side(anonymized, generalized, label, positive, protectedAttribute, threshold));
    }

    /** Test data with each quasi-identifier generalized to the transformation's level (nothing suppressed). */
    public static Frame generalize(Frame data, Map<String, Hierarchy> hierarchies, Map<String, Integer> levels) {
        Frame out = data;
        for (Map.Entry<String, Integer> e : levels.entrySet()) {
            Hierarchy h = hierarchies.get(e.getKey());
            if (h == null) {
                throw new InputException("the quasi-identifier '" + e.getKey() + "' has no hierarchy");
            }
            if (!data.has(e.getKey())) {
                throw new InputException(data.unknownColumnMessage(e.getKey()));
            }
            Column c = data.column(data.resolve(e.getKey()));
            String[] v = new String[data.rowCount()];
            for (int i = 0; i < v.length; i++) {
                int row = h.row(c.format(i));
                if (row < 0) {
                    throw new InputException(data.origin().describe(i) + ": the quasi-identifier '" + e.getKey()
                            + "' has the value '" + InputException.shown(c.format(i)) + "', which its hierarchy ("
                            + h.source() + ") does not list", new InputException.Location(data.source(), 0, 0, e.getKey(), c.format(i)));
                }
                v[i] = h.generalize(row, e.getValue());
            }
            out = out.withColumn(StringColumn.of(c.name(), v));
        }
        return out;
    }

    static Side side(Model model, Frame test, String label, String positive, String protectedAttribute, double threshold) {
        double[] score = model.score(test);
        String negative = "not " + positive;
        String[] decided = new String[test.rowCount()];
        Column truth = test.column(test.resolve(label));
        int correct = 0;
        for (int i = 0; i < decided.length; i++) {
            boolean yes = score[i] >= threshold;
            decided[i] = yes ? positive : negative;
            correct += yes == positive.equals(truth.format(i)) ? 1 : 0;
        }
        String column = "decision";
        while (test.has(column)) {
            column = "_" + column;
        }
        AuditResult audit = Audit.run(test.withColumn(StringColumn.of(column, decided)), AuditSpec.builder()
                .label(label).positive(positive).prediction(column).predictionPositive(positive)
                .protectedAttributes(protectedAttribute).build());
        MetricTable groups = audit.attribute(protectedAttribute);
        Map<String, Double> selection = new LinkedHashMap<>();
        Map<String, Double> tpr = new LinkedHashMap<>();
        groups.byGroup("selection_rate").forEach((g, e) -> selection.put(g, e.number()));
        groups.byGroup("tpr").forEach((g, e) -> tpr.put(g, e.number()));
        return new Side((double) correct / decided.length, selection, tpr);
    }
}
