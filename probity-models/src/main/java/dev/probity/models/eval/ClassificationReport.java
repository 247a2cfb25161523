package dev.probity.models.eval;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.TaskKind;

import dev.probity.core.model.Probabilities;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A classification report as scikit-learn prints it: per-class precision, recall, F1 and support, their
 * macro and support-weighted averages, accuracy, the confusion matrix (rows: true class, columns:
 * predicted) and ROC AUC (binary: of the positive class's probability, with ties counted half; more
 * classes: the macro average of one-vs-rest AUCs). A class with no predictions has precision 0, as
 * scikit-learn's {@code zero_division=0}.
 */
public record ClassificationReport(String dataset, List<String> classes, List<ClassRow> rows, ClassRow macro,
                                   ClassRow weighted, double accuracy, long[][] confusion, double rocAuc, long total) {
    public record ClassRow(String name, double precision, double recall, double f1, long support) {
    }

    /** Equality by value, the confusion matrix included. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ClassificationReport r && dataset.equals(r.dataset) && classes.equals(r.classes) && rows.equals(r.rows)
                && macro.equals(r.macro) && weighted.equals(r.weighted) && Double.compare(accuracy, r.accuracy) == 0
                && java.util.Arrays.deepEquals(confusion, r.confusion) && Double.compare(rocAuc, r.rocAuc) == 0 && total == r.total;
    }

    @Override
    public int hashCode() {
        return dataset.hashCode() * 31 + Double.hashCode(accuracy);
    }

    /**
     * The report of {@code model} on the labelled rows of {@code data}: {@code label} names the label column and
     * {@code positive} its positive value (null: the label's classes as they are, matched to the model's classes by
     * name). A label value the model does not know is an error naming it.
     */
    public static ClassificationReport evaluate(String dataset, Model model, Frame data, String label, String positive) {
        data.requireRows();
        if (model.info().output() == TaskKind.REGRESSION) {
            throw new InputException("a classification report needs a classifier; the model is a regressor");
        }
        model.info().checkInputs(data);
        List<String> modelClasses = model.info().classes();
        String pos = positive;
        if (pos == null && modelClasses.size() == 2 && modelClasses.get(0).startsWith("not ")) {
            pos = modelClasses.get(1);
        }
        Labels labels = Labels.fromColumn(data, label, pos);
        int[] truth = labels.codes();
        boolean numericBinary = modelClasses.equals(List.of("0", "1")) && labels.classes().size() == 2
                && labels.classes().get(0).startsWith("not ");
        if (!modelClasses.equals(labels.classes()) && !numericBinary) {
            // map label values onto the model's classes by name
            int[] mapped = new int[truth.length];
            for (int i = 0; i < truth.length; i++) {
                String v = labels.classes().get(truth[i]);
                int k = modelClasses.indexOf(v);
                if (k < 0) {
                    throw new InputException(data.source() + ": label value '" + v + "' is not a class of the model " + modelClasses
                            + "; name the positive class");
                }
                mapped[i] = k;
            }
            truth = mapped;
        }
        return of(dataset, modelClasses, truth, model.predictProba(data));
    }

    /** The headline numbers: accuracy, ROC AUC, macro and weighted F1. */
    public java.util.Map<String, Double> headline() {
        java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
        m.put("accuracy", accuracy);
        m.put("roc_auc", rocAuc);
        m.put("macro_f1", macro.f1());
        m.put("weighted_f1", weighted.f1());
        return m;
    }

    public static ClassificationReport of(String dataset, List<String> classes, int[] truth, Probabilities proba) {
        int k = classes.size();
        int[] pred = k == 2 ? binaryPredictions(proba) : proba.argmax();
        long[][] cm = new long[k][k];
        for (int i = 0; i < truth.length; i++) {
            cm[truth[i]][pred[i]]++;
        }
        List<ClassRow> rows = new ArrayList<>();
        double mp = 0;
        double mr = 0;
        double mf = 0;
        double wp = 0;
        double wr = 0;
        double wf = 0;
        long correct = 0;
        for (int c = 0; c < k; c++) {
            long tp = cm[c][c];
            long predicted = 0;
            long support = 0;
            for (int j = 0; j < k; j++) {
                predicted += cm[j][c];
                support += cm[c][j];
            }
            correct += tp;
            double p = predicted == 0 ? 0 : (double) tp / predicted;
            double r = support == 0 ? 0 : (double) tp / support;
            double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
            rows.add(new ClassRow(classes.get(c), p, r, f, support));
            mp += p / k;
            mr += r / k;
            mf += f / k;
            wp += p * support / truth.length;
            wr += r * support / truth.length;
            wf += f * support / truth.length;
        }
        double auc;
        if (k == 2) {
            auc = auc(proba.column(1), truth, 1);
        } else {
            auc = 0;
            for (int c = 0; c < k; c++) {
                auc += auc(proba.column(c), truth, c) / k;
            }
        }
        return new ClassificationReport(dataset, classes, rows, new ClassRow("macro avg", mp, mr, mf, truth.length),
                new ClassRow("weighted avg", wp, wr, wf, truth.length), (double) correct / truth.length, cm, auc, truth.length);
    }

    /** scikit-learn's {@code classification_report(y_true, y_pred, digits=4, zero_division=0)} text. */
    public String sklearnText() {
        int width = "weighted avg".length();
        for (String c : classes) {
            width = Math.max(width, c.codePointCount(0, c.length()));
        }
        StringBuilder b = new StringBuilder();
        b.append(pad("", width)).append(' ');
        for (String h : List.of("precision", "recall", "f1-score", "support")) {
            b.append(' ').append(pad(h, 9));
        }
        b.append("\n\n");
        for (ClassRow r : rows) {
            sklearnRow(b, r, width);
        }
        b.append('\n');
        b.append(pad("accuracy", width)).append(' ').append(' ').append(pad("", 9)).append(' ').append(pad("", 9))
                .append(' ').append(pad(digits4(accuracy), 9)).append(' ').append(pad(Long.toString(total), 9)).append('\n');
        sklearnRow(b, macro, width);
        sklearnRow(b, weighted, width);
        return b.toString();
    }

    private static void sklearnRow(StringBuilder b, ClassRow r, int width) {
        b.append(pad(r.name(), width)).append(' ');
        for (double v : new double[] {r.precision(), r.recall(), r.f1()}) {
            b.append(' ').append(pad(digits4(v), 9));
        }
        b.append(' ').append(pad(Long.toString(r.support()), 9)).append('\n');
    }

    /** Right-aligned in {@code width} code points, as Python's {@code {:>width}}. */
    private static String pad(String s, int width) {
        int n = s.codePointCount(0, s.length());
        return n >= width ? s : " ".repeat(width - n) + s;
    }

    /** Four decimals of the double's exact value rounded half to even: Python's {@code {:.4f}}. */
    static String digits4(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        }
        return new java.math.BigDecimal(v).setScale(4, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    private static int[] binaryPredictions(Probabilities p) {
        int[] out = new int[p.rows()];
        for (int i = 0; i < out.length; i++) {
            out[i] = p.get(i, 1) >= 0.5 ? 1 : 0;
        }
        return out;
    }

    /** Mann–Whitney AUC of {@code score} for class {@code positive} against the rest; NaN when a side is empty. */
    public static double auc(double[] score, int[] truth, int positive) {
        boolean[] pos = new boolean[truth.length];
        for (int i = 0; i < pos.length; i++) {
            pos[i] = truth[i] == positive;
        }
        return dev.probity.core.stats.RocAuc.of(score, pos);
    }

    /**
     * The report as a terminal table: the dataset's name, then scikit-learn's {@code classification_report(...,
     * digits=4)} character for character (per-class precision, recall, F1 and support; accuracy; macro and weighted
     * averages; names right-aligned, figures rounded half to even as Python formats them), then the ROC AUC and the
     * confusion matrix.
     */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append(dataset).append('\n');
        b.append(sklearnText());
        int width = 12;
        for (String c : classes) {
            width = Math.max(width, c.length() + 2);
        }
        b.append(String.format(Locale.ROOT, "%n%-" + width + "s %9.4f%n", "ROC AUC", rocAuc));
        b.append("\nconfusion matrix (rows: true, columns: predicted)\n");
        b.append(String.format(Locale.ROOT, "%-" + width + "s", ""));
        for (String c : classes) {
            b.append(String.format(Locale.ROOT, " %" + Math.max(9, c.length()) + "s", c));
        }
        b.append('\n');
        for (int r = 0; r < classes.size(); r++) {
            b.append(String.format(Locale.ROOT, "%-" + width + "s", classes.get(r)));
            for (int c = 0; c < classes.size(); c++) {
                b.append(String.format(Locale.ROOT, " %" + Math.max(9, classes.get(c).length()) + "d", confusion[r][c]));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
