package dev.probity.fairness.metrics;

import dev.probity.fairness.stats.Confusion;
import dev.probity.fairness.stats.GroupStats;

/**
 * Per-group metrics of a multiclass classifier from its K×K confusion matrix. Macro averages are over the
 * classes where the per-class value is defined (scikit-learn instead counts undefined ones as 0 and warns).
 */
public enum MulticlassMetric {
    ACCURACY("accuracy", "Accuracy", "Σ_k C[k][k] / n", "scikit-learn accuracy_score"),
    BALANCED_ACCURACY("balanced_accuracy", "Balanced accuracy", "mean over classes with support of recall_k",
            "scikit-learn balanced_accuracy_score"),
    MACRO_PRECISION("macro_precision", "Macro precision", "mean_k precision_k (one-vs-rest)", "precision_score(average='macro')"),
    MACRO_RECALL("macro_recall", "Macro recall", "mean_k recall_k (one-vs-rest)", "recall_score(average='macro')"),
    MACRO_F1("macro_f1", "Macro F1", "mean_k F1_k (one-vs-rest)", "f1_score(average='macro')"),
    WEIGHTED_F1("weighted_f1", "Support-weighted F1", "Σ_k support_k·F1_k / Σ support", "f1_score(average='weighted')");

    private final String key;
    private final String title;
    private final String formula;
    private final String aliases;

    MulticlassMetric(String key, String title, String formula, String aliases) {
        this.key = key;
        this.title = title;
        this.formula = formula;
        this.aliases = aliases;
    }

    public String key() { return key; }
    public String title() { return title; }
    public String formula() { return formula; }
    public String aliases() { return aliases; }

    public Value compute(GroupStats g) {
        int k = g.classes();
        double n = g.size();
        if (n == 0) {
            return Value.undefined("no rows");
        }
        switch (this) {
            case ACCURACY -> {
                double d = 0;
                for (int c = 0; c < k; c++) {
                    d += g.cell(c, c);
                }
                return Value.of(d / n);
            }
            case BALANCED_ACCURACY, MACRO_RECALL -> {
                return mean(g, BinaryMetric.TPR, this == BALANCED_ACCURACY);
            }
            case MACRO_PRECISION -> {
                return mean(g, BinaryMetric.PRECISION, false);
            }
            case MACRO_F1 -> {
                return mean(g, BinaryMetric.F1, false);
            }
            case WEIGHTED_F1 -> {
                double s = 0;
                double w = 0;
                for (int c = 0; c < k; c++) {
                    Confusion cm = g.oneVsRest(c);
                    Value f = BinaryMetric.F1.compute(cm);
                    if (f.isDefined() && cm.positives() > 0) {
                        s += cm.positives() * f.value();
                        w += cm.positives();
                    }
                }
                return Value.ratio(s, w, "no class has support");
            }
            default -> throw new IllegalStateException();
        }
    }

    private static Value mean(GroupStats g, BinaryMetric m, boolean supportedOnly) {
        double s = 0;
        int count = 0;
        for (int c = 0; c < g.classes(); c++) {
            Confusion cm = g.oneVsRest(c);
            if (supportedOnly && cm.positives() == 0) {
                continue;
            }
            if (cm.positives() == 0 && cm.predictedPositives() == 0) {
                continue; // class absent from this group's labels and predictions
            }
            Value v = m.compute(cm);
            if (v.isDefined()) {
                s += v.value();
                count++;
            }
        }
        return count == 0 ? Value.undefined("no class with a defined " + m.key()) : Value.of(s / count);
    }
}
