package dev.probity.fairness.metrics;

import dev.probity.fairness.stats.Confusion;

import java.util.Locale;

/**
 * Per-group metrics of a binary classifier, computed from a (weighted) confusion matrix. Cells are indexed
 * {@code label * 2 + prediction}: 0 = TN, 1 = FP, 2 = FN, 3 = TP. A <em>proportion</em> metric is
 * {@code Σ numerator cells / Σ denominator cells}; those get Wilson intervals and two-proportion tests.
 *
 * <p>Names: the JSON key is the Fairlearn-style snake_case name; {@link #aliases()} lists the names the
 * peers use (Fairlearn, AIF360, SageMaker Clarify, Aequitas).
 */
public enum BinaryMetric {
    SELECTION_RATE("selection_rate", "Selection rate", "(TP + FP) / n", new int[] {1, 3}, new int[] {0, 1, 2, 3},
            "no rows", "Fairlearn selection_rate; AIF360 selection_rate; Aequitas pprev (predicted prevalence); Clarify q̂"),
    BASE_RATE("base_rate", "Base rate", "(TP + FN) / n", new int[] {2, 3}, new int[] {0, 1, 2, 3},
            "no rows", "AIF360 base_rate; Aequitas prev (prevalence); Clarify q (proportion of positive labels)"),
    TPR("tpr", "True positive rate", "TP / (TP + FN)", new int[] {3}, new int[] {2, 3},
            "no rows with a positive label", "Fairlearn true_positive_rate, recall; AIF360 true_positive_rate, recall, sensitivity; Aequitas tpr"),
    FNR("fnr", "False negative rate", "FN / (TP + FN)", new int[] {2}, new int[] {2, 3},
            "no rows with a positive label", "Fairlearn false_negative_rate; AIF360 false_negative_rate; Aequitas fnr"),
    TNR("tnr", "True negative rate", "TN / (TN + FP)", new int[] {0}, new int[] {0, 1},
            "no rows with a negative label", "Fairlearn true_negative_rate; AIF360 true_negative_rate, specificity; Aequitas tnr"),
    FPR("fpr", "False positive rate", "FP / (TN + FP)", new int[] {1}, new int[] {0, 1},
            "no rows with a negative label", "Fairlearn false_positive_rate; AIF360 false_positive_rate; Aequitas fpr"),
    PRECISION("precision", "Precision (positive predictive value)", "TP / (TP + FP)", new int[] {3}, new int[] {1, 3},
            "no rows predicted positive", "Fairlearn/scikit-learn precision_score; AIF360 positive_predictive_value, precision; Aequitas precision"),
    FDR("fdr", "False discovery rate", "FP / (TP + FP)", new int[] {1}, new int[] {1, 3},
            "no rows predicted positive", "AIF360 false_discovery_rate; Aequitas fdr"),
    NPV("npv", "Negative predictive value", "TN / (TN + FN)", new int[] {0}, new int[] {0, 2},
            "no rows predicted negative", "AIF360 negative_predictive_value; Aequitas npv"),
    FOR("for", "False omission rate", "FN / (TN + FN)", new int[] {2}, new int[] {0, 2},
            "no rows predicted negative", "AIF360 false_omission_rate; Aequitas for"),
    ACCURACY("accuracy", "Accuracy", "(TP + TN) / n", new int[] {0, 3}, new int[] {0, 1, 2, 3},
            "no rows", "scikit-learn accuracy_score; AIF360 accuracy"),
    ERROR_RATE("error_rate", "Error rate", "(FP + FN) / n", new int[] {1, 2}, new int[] {0, 1, 2, 3},
            "no rows", "AIF360 error_rate"),
    BALANCED_ACCURACY("balanced_accuracy", "Balanced accuracy", "(TPR + TNR) / 2", null, null,
            "TPR or TNR undefined", "scikit-learn balanced_accuracy_score"),
    F1("f1", "F1 score", "2·TP / (2·TP + FP + FN)", null, null,
            "no positive labels and no positive predictions", "scikit-learn f1_score"),
    TREATMENT_EQUALITY("treatment_equality", "Treatment equality ratio", "FN / FP", null, null,
            "no false positives", "Clarify τ in TE (treatment equality); Berk et al. 2018");

    private final String key;
    private final String title;
    private final String formula;
    private final int[] numerator;
    private final int[] denominator;
    private final String undefinedReason;
    private final String aliases;

    BinaryMetric(String key, String title, String formula, int[] numerator, int[] denominator, String undefinedReason,
                 String aliases) {
        this.key = key;
        this.title = title;
        this.formula = formula;
        this.numerator = numerator;
        this.denominator = denominator;
        this.undefinedReason = undefinedReason;
        this.aliases = aliases;
    }

    /** snake_case name used in JSON and on the command line. */
    public String key() {
        return key;
    }

    public String title() {
        return title;
    }

    public String formula() {
        return formula;
    }

    public String aliases() {
        return aliases;
    }

    public String undefinedReason() {
        return undefinedReason;
    }

    /** True for metrics of the form k/n, which get Wilson intervals and exact tests. */
    public boolean isProportion() {
        return numerator != null;
    }

    /** Confusion cells summed in the numerator (proportions only). */
    public int[] numeratorCells() {
        return numerator;
    }

    /** Confusion cells summed in the denominator (proportions only). */
    public int[] denominatorCells() {
        return denominator;
    }

    public static double sum(Confusion c, int[] cells) {
        double s = 0;
        for (int i : cells) {
            s += c.cell(i);
        }
        return s;
    }

    public Value compute(Confusion c) {
        if (isProportion()) {
            return Value.ratio(sum(c, numerator), sum(c, denominator), undefinedReason);
        }
        return switch (this) {
            case BALANCED_ACCURACY -> {
                Value tpr = TPR.compute(c);
                Value tnr = TNR.compute(c);
                if (!tpr.isDefined()) {
                    yield Value.undefined("TPR undefined: " + tpr.undefinedReason());
                }
                if (!tnr.isDefined()) {
                    yield Value.undefined("TNR undefined: " + tnr.undefinedReason());
                }
                yield Value.of((tpr.value() + tnr.value()) / 2);
            }
            case F1 -> Value.ratio(2 * c.tp(), 2 * c.tp() + c.fp() + c.fn(), undefinedReason);
            case TREATMENT_EQUALITY -> Value.ratio(c.fn(), c.fp(), undefinedReason);
            default -> throw new IllegalStateException(name());
        };
    }

    public static BinaryMetric byKey(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        for (BinaryMetric m : values()) {
            if (m.key.equals(k)) {
                return m;
            }
        }
        return switch (k) {
            case "recall", "sensitivity", "true_positive_rate" -> TPR;
            case "specificity", "true_negative_rate" -> TNR;
            case "false_positive_rate" -> FPR;
            case "false_negative_rate" -> FNR;
            case "ppv", "positive_predictive_value" -> PRECISION;
            case "false_omission_rate" -> FOR;
            case "false_discovery_rate" -> FDR;
            case "negative_predictive_value" -> NPV;
            case "pprev", "mean_prediction" -> SELECTION_RATE;
            case "prev", "prevalence" -> BASE_RATE;
            default -> null;
        };
    }
}
