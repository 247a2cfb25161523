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
        return measure(train, release.output(), release.transformation(), hierarchies, test, label, positive, features,
                protectedAttribute, trainer, threshold, seed);
    }

    /**
     * The same comparison without separate test data: a seeded share of the rows ({@code testFraction}) is held out,
     * both models are fitted on the other rows — of the original and of the release — and evaluated on the held-out
     * rows (generalized for the second model). The release's transformation was chosen with the held-out rows in the
     * table; its rows must be the original's, in order (a full-domain release keeps suppressed records, with *).
     */
    public static Result measureHeldOut(Frame data, Anonymization release, Map<String, Hierarchy> hierarchies, double testFraction,
                                        String label, String positive, List<String> features, String protectedAttribute,
                                        Trainer trainer, double threshold, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new InputException("the held-out share must be between 0 and 1, not " + testFraction + " ({{test_fraction}})");
        }
        int n = data.rowCount();
        if (release.output().rowCount() != n) {
            throw new IllegalArgumentException("the release has " + release.output().rowCount() + " rows, the data " + n);
        }
        int[][] split = split(n, testFraction, seed);
        int[] test = split[0];
        int[] train = split[1];
        return measure(data.select(train), release.output().select(train), release.transformation(), hierarchies,
                data.select(test), label, positive, features, protectedAttribute, trainer, threshold, seed);
    }

    /** The held-out rows and the training rows (each ascending): a seeded shuffle's first {@code fraction} of the rows. */
    static int[][] split(int n, double fraction, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int tests = (int) Math.round(n * fraction);
        if (tests < 1 || tests >= n) {
            throw new InputException("holding out " + fraction + " of " + n + " rows leaves no test or no training rows "
                    + "({{test_fraction}})");
        }
        int[] test = java.util.Arrays.copyOfRange(order, 0, tests);
        int[] train = java.util.Arrays.copyOfRange(order, tests, n);
        java.util.Arrays.sort(test);
        java.util.Arrays.sort(train);
        return new int[][]{test, train};
    }

    static Result measure(Frame train, Frame released, Map<String, Integer> transformation, Map<String, Hierarchy> hierarchies,
                                  Frame test, String label, String positive, List<String> features, String protectedAttribute,
                                  Trainer trainer, double threshold, long seed) {
        if (!test.has(protectedAttribute)) {
            throw new InputException(test.unknownColumnMessage(protectedAttribute));
        }
        Model original = trainer.fit(new TrainingSet(train, features, Labels.fromColumn(train, label, positive), null, seed));
        Model anonymized = trainer.fit(new TrainingSet(released, features, Labels.fromColumn(released, label, positive), null, seed));
        Frame generalized = generalize(test, hierarchies, transformation);
        // the second model scores generalized rows; both are audited on the test rows as they are, so that a protected
        // attribute that is also a quasi-identifier keeps its groups
        return new Result(label, positive, protectedAttribute,
                side(original.score(test), test, label, positive, protectedAttribute, threshold),
                side(anonymized.score(generalized), test, label, positive, protectedAttribute, threshold));
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

    static Side side(double[] score, Frame test, String label, String positive, String protectedAttribute, double threshold) {
        String negative = "not " + positive;
        String[] decided = new String[test.rowCount()];
        Column truth = test.column(test.resolve(label));
        int correct = 0;
        for (int i = 0; i < decided.length; i++) {
            boolean yes = score[i] >= threshold;
            decided[i] = yes ? positive : negative;
            correct += yes == positive.equals(truth.format(i)) ? 1 : 0;
        }
        double accuracy = (double) correct / decided.length;
        if (java.util.Arrays.stream(decided).noneMatch(positive::equals)) {
            return nobodySelected(test, truth, positive, protectedAttribute, accuracy);
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
        return new Side(accuracy, selection, tpr);
    }

    /**
     * A model that selects no one (the audit has no positive decision to count): every group's selection rate is 0, its
     * true positive rate 0 where it has positives and undefined (NaN) where it has none; groups largest first, as the
     * audit orders them.
     */
    private static Side nobodySelected(Frame test, Column truth, String positive, String protectedAttribute, double accuracy) {
        Column group = test.column(test.resolve(protectedAttribute));
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (int i = 0; i < test.rowCount(); i++) {
            if (group.isMissing(i)) {
                continue;
            }
            int[] c = counts.computeIfAbsent(group.format(i), g -> new int[2]);
            c[0]++;
            c[1] += positive.equals(truth.format(i)) ? 1 : 0;
        }
        List<Map.Entry<String, int[]>> order = new java.util.ArrayList<>(counts.entrySet());
        order.sort((x, y) -> x.getValue()[0] != y.getValue()[0] ? Integer.compare(y.getValue()[0], x.getValue()[0])
                : x.getKey().compareTo(y.getKey()));
        Map<String, Double> selection = new LinkedHashMap<>();
        Map<String, Double> tpr = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : order) {
            selection.put(e.getKey(), 0.0);
            tpr.put(e.getKey(), e.getValue()[1] > 0 ? 0.0 : Double.NaN);
        }
        return new Side(accuracy, selection, tpr);
    }
}
