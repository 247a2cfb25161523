package dev.probity.monitor.robust;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.ColumnBuilder;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.Trainer;
import dev.probity.core.model.TrainingSet;
import dev.probity.core.stats.Interval;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Adversarial training for robustness (Goodfellow, Shlens &amp; Szegedy 2015; Madry et al. 2018): the model is trained
 * again on its training rows together with their worst cases in the ε-ball — PGD against each row's label, inside the
 * features' ranges, immutable features untouched ({@link GradientAttack#worstCase}) — and the worst cases are found
 * again against each new model, for a number of rounds. Robust accuracy — the share of rows still classified correctly
 * after the strongest change of size ε — is measured before and after on held-out rows.
 *
 * <p>For a model whose log-odds are affine in its numbers (Probity's logistic regression) robust accuracy is exact: a
 * correctly classified row is robust when its exact distance to the boundary ({@link LinearBoundary}) exceeds ε, so the
 * figure is a certificate, not an attack's estimate. For other differentiable models it is the share that PGD (with a
 * random start) could not flip, an upper bound on the true figure.
 *
 * <p>This is Goodfellow's augmentation (the clean rows and their worst cases, weighted equally) rather than Madry's
 * adversarial rows alone, so that the clean accuracy is kept in view; the trainer is any Probity trainer whose models
 * offer {@link Model#logitGradient()}.
 */
public final class AdversarialTraining {
    private AdversarialTraining() {
    }

    /**
     * @param epsilon    the radius, in standard deviations of each feature
     * @param norm       L∞ or L2
     * @param rounds     rounds of finding worst cases and training again
     * @param iterations PGD steps for each worst case
     * @param seed       the seed of PGD's random start and of the trainer
     */
    public record Settings(double epsilon, Norm norm, int rounds, int iterations, long seed) {
        public Settings {
            if (!(epsilon > 0 && Double.isFinite(epsilon))) {
                throw new InputException("an adversarial training radius is a positive number of standard deviations; got " + epsilon);
            }
            if (norm == Norm.L1) {
                throw new InputException("adversarial training moves in the linf or l2 ball");
            }
            if (rounds < 1 || rounds > 50) {
                throw new InputException("adversarial training takes 1 to 50 rounds; got " + rounds);
            }
            if (iterations < 1 || iterations > 1000) {
                throw new InputException("PGD takes 1 to 1,000 iterations here; got " + iterations);
            }
        }

        /** ε in L2, 3 rounds of 10-step PGD, seed 42. */
        public static Settings of(double epsilon, Norm norm) {
            return new Settings(epsilon, norm, 3, 10, 42);
        }
    }

    /** Clean and robust accuracy of a model on labelled rows, with Wilson intervals; {@code method} says how robustness was found. */
    public record Robustness(int rows, double cleanAccuracy, Interval clean, double robustAccuracy, Interval robust, String method,
                             double majorityAccuracy) {
    }

    /** The trained model, and robust accuracy before (the model trained on clean rows) and after. */
    public record Result(Model baseline, Model model, Robustness before, Robustness after, Settings settings, int trainingRows, List<String> notes) {
    }

    /**
     * @param train     the training rows, features and labels (binary); its weights are not supported
     * @param test      held-out rows with the label column, on which robustness is measured
     * @param label     the label column of {@code test}
     * @param positive  the label value of class 1 (as in {@code train.labels().classes().get(1)})
     * @param immutable features no worst case may change
     */
    public static Result train(Trainer trainer, TrainingSet train, Frame test, String label, Collection<String> immutable, Settings s) {
        if (train.labels().classes().size() != 2) {
            throw new InputException("adversarial training here is for binary classifiers; the label has " + train.labels().classes().size() + " classes");
        }
        if (train.weights() != null) {
            throw new InputException("adversarial training does not take row weights");
        }
        int[] testLabels = codes(test, label, train.labels().classes());
        Model base = trainer.fit(train);
        if (base.logitGradient().isEmpty()) {
            throw new InputException("adversarial training needs a model whose log-odds have a gradient — Probity's logistic regression on "
                    + "unbinned numbers; the " + base.info().algorithm() + " model trained here has none");
        }
        Robustness before = robustness(base, test, testLabels, immutable, s);
        Frame data = train.data();
        int n = data.rowCount();
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        Model model = base;
        List<String> notes = new ArrayList<>();
        InputSpace first = InputSpace.of(base, data, immutable);
        if (first.dimension() == 0 || java.util.stream.IntStream.range(0, first.dimension()).allMatch(j -> immutable.contains(first.numeric().get(j)))) {
            throw new InputException("adversarial training has nothing to move: no numeric feature of the model may change");
        }
        List<String> fixed = train.features().stream().filter(f -> !first.numeric().contains(f)).toList();
        if (!fixed.isEmpty()) {
            notes.add("features held fixed (worst cases change numbers only): " + String.join(", ", fixed));
        }
        if (s.epsilon() >= 3) {
            notes.add("ε of " + s.epsilon() + " standard deviations moves a row across most of each feature's range: hardly a small change");
        }
        for (int r = 0; r < s.rounds(); r++) {
            InputSpace space = InputSpace.of(model, data, immutable);
            double[] x = GradientAttack.worstCase(space, data, rows, train.labels().codes(), s.epsilon(),
                    new GradientAttack.Settings(s.norm(), s.iterations(), true, s.seed() + r));
            Frame adversarial = space.with(data, rows, x);
            Frame both = concat(data, adversarial, train.features());
            int[] codes = new int[2 * n];
            System.arraycopy(train.labels().codes(), 0, codes, 0, n);
            System.arraycopy(train.labels().codes(), 0, codes, n, n);
            model = trainer.fit(new TrainingSet(both, train.features(), Labels.classes(train.labels().name(), train.labels().classes(), codes),
                    null, s.seed() + r));
        }
        Robustness after = robustness(model, test, testLabels, immutable, s);
        if (after.cleanAccuracy() < before.cleanAccuracy()) {
            notes.add(String.format(java.util.Locale.ROOT, "clean accuracy fell from %.4f to %.4f: robustness is bought with accuracy on "
                    + "unchanged rows", before.cleanAccuracy(), after.cleanAccuracy()));
        }
        return new Result(base, model, before, after, s, n, List.copyOf(notes));
    }

    /** Clean accuracy and accuracy under the strongest change of size ε, on labelled rows. */
    public static Robustness robustness(Model model, Frame test, int[] labels, Collection<String> immutable, Settings s) {
        InputSpace space = InputSpace.of(model, test, immutable);
        int n = test.rowCount();
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        int[] decided = space.decide(test);
        int correct = 0;
        int robust = 0;
        String method;
        boolean affine = model.logitGradient().map(g -> g.affine()).orElse(false);
        if (affine) {
            method = "exact distance to the boundary (" + s.norm().id() + ")";
            AttackResult exact = GradientAttack.linearExact(space, test, rows, s.norm());
            for (int i = 0; i < n; i++) {
                if (decided[i] == labels[i]) {
                    correct++;
                    if (!(exact.distance()[i] <= s.epsilon())) {
                        robust++;
                    }
                }
            }
        } else {
            method = "PGD with a random start, " + s.iterations() + " steps (" + s.norm().id() + "): an upper bound";
            double[] x = GradientAttack.worstCase(space, test, rows, labels, s.epsilon(), new GradientAttack.Settings(s.norm(), s.iterations(), true, s.seed()));
            int[] after = space.decide(space.with(test, rows, x));
            for (int i = 0; i < n; i++) {
                if (decided[i] == labels[i]) {
                    correct++;
                    if (after[i] == labels[i]) {
                        robust++;
                    }
                }
            }
        }
        int ones = 0;
        for (int y : labels) {
            ones += y;
        }
        double majority = Math.max(ones, n - ones) / (double) n;
        return new Robustness(n, (double) correct / n, Interval.wilson(correct, n, 0.95), (double) robust / n, Interval.wilson(robust, n, 0.95), method,
                majority);
    }

    /** 1 where the label is the training labels' class 1, else 0 (missing labels refused, naming the row). */
    private static int[] codes(Frame test, String label, List<String> classes) {
        if (!test.has(label)) {
            throw new InputException(test.source() + ": " + test.unknownColumnMessage(label));
        }
        return Labels.fromColumn(test, label, classes.get(1)).codes();
    }

    /** The rows of {@code a} then those of {@code b}, in the named columns: numbers as numbers, anything else as text. */
    static Frame concat(Frame a, Frame b, List<String> columns) {
        List<Column> out = new ArrayList<>();
        for (String name : columns) {
            Column x = a.column(name);
            Column y = b.column(name);
            boolean num = (x instanceof DoubleColumn || x instanceof LongColumn) && (y instanceof DoubleColumn || y instanceof LongColumn);
            ColumnBuilder col = new ColumnBuilder(name, num ? ColumnType.DOUBLE : ColumnType.STRING);
            for (Column c : List.of(x, y)) {
                for (int i = 0; i < c.size(); i++) {
                    if (c.isMissing(i)) {
                        col.addMissing();
                    } else if (num) {
                        col.addDouble(c instanceof DoubleColumn d ? d.getDouble(i) : ((LongColumn) c).getLong(i));
                    } else {
                        col.addString(c.format(i));
                    }
                }
            }
            out.add(col.build());
        }
        return new Frame(a.source() + " + worst cases", out);
    }
}
