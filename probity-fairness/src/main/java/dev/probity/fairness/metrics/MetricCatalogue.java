package dev.probity.fairness.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every metric the audit reports, in one list: its key (as in the JSON), its family, what it is, its formula, its
 * convention (a rate, a difference with 0 as parity, a ratio with 1 as parity, a verdict) and the names the peers
 * give it. The families are the catalogue enums — {@link BinaryMetric}, {@link MulticlassMetric},
 * {@link RegressionMetric}, {@link Composite} (AIF360), {@link Disparity} (Fairlearn), {@link ClarifyMetric},
 * {@link AequitasVerdict} — plus the score, entropy, differential-fairness and consistency metrics listed here.
 * Mitigation, explanation and the monitor name metrics by these keys; {@code MetricCatalogueCoverageTest} checks that
 * every key an audit emits is in the catalogue.
 *
 * @param family     group, multiclass, regression, score, aif360, fairlearn, clarify, aequitas, entropy,
 *                   differential-fairness, consistency
 * @param key        the JSON key; a parameterized key is written with its parameter as {@code (α)}
 * @param title      what it is
 * @param formula    how it is computed
 * @param convention rate, difference, ratio, divergence, index or verdict
 * @param peers      the names Fairlearn, AIF360, SageMaker Clarify, Aequitas or scikit-learn use
 */
public record MetricCatalogue(String family, String key, String title, String formula, String convention, String peers) {
    private static final List<MetricCatalogue> ALL = build();

    /** Every entry, family by family. */
    public static List<MetricCatalogue> entries() {
        return ALL;
    }

    /** The entry for a key as the audit writes it ({@code generalized_entropy_index(2)} finds {@code ...(α)}). */
    public static MetricCatalogue byKey(String key) {
        String k = key.replaceAll("\\([0-9.]+\\)", "(α)");
        for (MetricCatalogue e : ALL) {
            if (e.key.equals(k)) {
                return e;
            }
        }
        return null;
    }

    private static List<MetricCatalogue> build() {
        List<MetricCatalogue> out = new ArrayList<>();
        for (BinaryMetric m : BinaryMetric.values()) {
            out.add(new MetricCatalogue("group", m.key(), m.title(), m.formula(), m.key().equals("treatment_equality") ? "ratio" : "rate",
                    m.aliases()));
        }
        out.add(new MetricCatalogue("group", "ppr", "Predicted positive rate (share of the attribute's positive predictions)",
                "(TP + FP) / predicted positives of all groups", "rate", "Aequitas ppr"));
        for (MulticlassMetric m : MulticlassMetric.values()) {
            out.add(new MetricCatalogue("multiclass", m.key(), m.title(), m.formula(), "rate", m.aliases()));
        }
        for (RegressionMetric m : RegressionMetric.values()) {
            out.add(new MetricCatalogue("regression", m.key(), m.title(), m.formula(), "value", m.aliases()));
        }
        out.add(new MetricCatalogue("score", "roc_auc", "ROC AUC", "P(s₊ > s₋) + ½P(tie), weighted", "rate", "scikit-learn roc_auc_score"));
        out.add(new MetricCatalogue("score", "mean_score", "Mean score", "Σw·s / Σw", "value", "Clarify, Aequitas score means"));
        out.add(new MetricCatalogue("score", "brier_score", "Brier score", "Σw·(s − y)² / Σw", "value", "scikit-learn brier_score_loss"));
        out.add(new MetricCatalogue("score", "log_loss", "Log loss", "−Σw·[y log s + (1 − y) log(1 − s)] / Σw", "value",
                "scikit-learn log_loss"));
        out.add(new MetricCatalogue("score", "ece", "Expected calibration error", "Σ_bins (w_b/w)·|mean score − positive rate|", "value",
                "expected calibration error (equal-width bins)"));
        for (Composite m : Composite.values()) {
            out.add(new MetricCatalogue("aif360", m.key(), m.key().replace('_', ' '), m.formula(), m.convention(), m.aliases()));
        }
        for (Disparity d : Disparity.values()) {
            out.add(new MetricCatalogue("fairlearn", d.key(), d.key().replace('_', ' '), d.formula(),
                    d.summary().startsWith("difference") ? "difference" : "ratio", d.aliases()));
        }
        for (String s : List.of("group_min", "group_max", "difference", "ratio", "difference_to_overall", "ratio_to_overall")) {
            out.add(new MetricCatalogue("fairlearn", s, "MetricFrame summary " + s, switch (s) {
                case "group_min", "group_max" -> "smallest / largest defined group value";
                case "difference" -> "max − min over defined groups";
                case "ratio" -> "min / max over defined groups";
                case "difference_to_overall" -> "max |group − overall|";
                default -> "min over groups of min(group/overall, overall/group)";
            }, s.contains("ratio") ? "ratio" : s.contains("difference") ? "difference" : "value", "Fairlearn MetricFrame." + s));
        }
        for (ClarifyMetric m : ClarifyMetric.values()) {
            out.add(new MetricCatalogue("clarify", m.key(), m.title(), m.formula(),
                    m == ClarifyMetric.DI ? "ratio" : m.ordinal() <= ClarifyMetric.KS.ordinal() && m.ordinal() >= ClarifyMetric.KL.ordinal()
                            ? "divergence" : "difference", "SageMaker Clarify " + m.key()));
        }
        for (AequitasVerdict v : AequitasVerdict.values()) {
            out.add(new MetricCatalogue("aequitas", v.label(), v.label(), "τ ≤ group/reference ≤ 1/τ for " + String.join(", ", v.metrics()),
                    "verdict", "Aequitas " + v.label()));
        }
        for (String prefix : List.of("", "between_all_groups_", "between_group_")) {
            String scope = prefix.isEmpty() ? "over individuals" : prefix.startsWith("between_all") ? "between all groups" : "between groups";
            out.add(new MetricCatalogue("entropy", prefix + "generalized_entropy_index(α)", "Generalized entropy index " + scope,
                    "1/(n α(α−1)) Σ[(b_i/μ)^α − 1], benefit b = ŷ − y + 1", "index", "AIF360 " + prefix + "generalized_entropy_index"));
            out.add(new MetricCatalogue("entropy", prefix + "theil_index", "Theil index " + scope, "GE(1) = 1/n Σ (b_i/μ) ln(b_i/μ)",
                    "index", "AIF360 " + prefix + "theil_index"));
            out.add(new MetricCatalogue("entropy", prefix + "coefficient_of_variation", "Coefficient of variation " + scope, "√(2·GE(2))",
                    "index", "AIF360 " + prefix + "coefficient_of_variation"));
        }
        out.add(new MetricCatalogue("differential-fairness", "smoothed_empirical_differential_fairness",
                "Smoothed empirical differential fairness of the labels", "max over groups, outcomes of |ln P(y|g) − ln P(y|g')|, Dirichlet-smoothed",
                "index", "AIF360 smoothed_empirical_differential_fairness (Foulds et al. 2020)"));
        out.add(new MetricCatalogue("differential-fairness", "smoothed_empirical_differential_fairness_predictions",
                "Smoothed empirical differential fairness of the predictions", "the same on ŷ", "index", "AIF360 (on the classified dataset)"));
        out.add(new MetricCatalogue("differential-fairness", "differential_fairness_bias_amplification", "Bias amplification",
                "ε(predictions) − ε(labels)", "difference", "AIF360 differential_fairness_bias_amplification"));
        out.add(new MetricCatalogue("consistency", "consistency", "Consistency (individual fairness)",
                "1 − 1/n Σ |ŷ_i − mean of ŷ over its k nearest neighbours|", "index", "AIF360 consistency (Zemel et al. 2013)"));
        return Collections.unmodifiableList(out);
    }
}
