package dev.probity.explain;

import dev.probity.explain.global.GlobalViews;
import dev.probity.explain.reasons.Reasons;
import dev.probity.explain.shap.Explanation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an explanation run found: per explained row its explanation, reasons and counterfactuals, or for the global
 * method the model-wide view. Schema {@value #SCHEMA} when written by probity-report.
 *
 * @param method the method's catalogue name
 * @param model  the model's algorithm
 * @param source where the explained rows came from
 * @param rows   one entry per explained row, in the order asked (empty for the global view)
 * @param global the global view, or null
 * @param warnings what the person running the explanation must know (the model reads prohibited bases, a
 *                 surrogate that fits poorly), in the order found
 */
public record ExplainResult(String method, String model, String source, List<Row> rows, Global global, List<String> warnings) {
    public static final String SCHEMA = "probity.explain/v1";

    public ExplainResult {
        rows = List.copyOf(rows);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public ExplainResult(String method, String model, String source, List<Row> rows, Global global) {
        this(method, model, source, rows, global, List.of());
    }

    /**
     * One explained row.
     *
     * @param row             the row's 1-based number in the data
     * @param explanation     feature contributions (SHAP, LIME), or null (counterfactuals alone)
     * @param reasons         adverse-action reasons (reasons method), else empty
     * @param plainLanguage   the plain-language explanation (reasons method), else null
     * @param counterfactuals nearby rows decided the other way (counterfactual method), else empty
     * @param interactions    SHAP interaction values (tree-shap with interactions), {@code [i][j]} for the explanation's
     *                        features i and j — symmetric, each row summing to feature i's value — else null
     */
    public record Row(int row, Explanation explanation, List<Reasons.Reason> reasons, String plainLanguage,
                      List<Counterfactual> counterfactuals, double[][] interactions) {
        public Row {
            reasons = List.copyOf(reasons);
            counterfactuals = List.copyOf(counterfactuals);
        }

        public Row(int row, Explanation explanation, List<Reasons.Reason> reasons, String plainLanguage,
                   List<Counterfactual> counterfactuals) {
            this(row, explanation, reasons, plainLanguage, counterfactuals, null);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Row r && row == r.row && java.util.Objects.equals(explanation, r.explanation)
                    && reasons.equals(r.reasons) && java.util.Objects.equals(plainLanguage, r.plainLanguage)
                    && counterfactuals.equals(r.counterfactuals) && java.util.Arrays.deepEquals(interactions, r.interactions);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(row, explanation, reasons, plainLanguage, counterfactuals, java.util.Arrays.deepHashCode(interactions));
        }
    }

    /** A counterfactual: the changed features ("feature" → "from -> to"), the scores before and after, the distance. */
    public record Counterfactual(Map<String, String> changes, double scoreBefore, double scoreAfter, double distance) {
        public Counterfactual {
            changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
        }
    }

    /** One feature's mean |SHAP| over the rows of the global view. */
    public record MeanAbs(String feature, double value) {
    }

    /**
     * The model-wide view.
     *
     * @param rows                  rows used
     * @param permutationImportance by feature, with intervals (null without a label)
     * @param importanceScore       the score whose drop permutation importance measures, or null
     * @param meanAbsShap           features by decreasing mean |SHAP|
     * @param partialDependence     partial dependence of the top features
     * @param surrogateR2           the depth-3 surrogate tree's R² against the model
     * @param surrogateAgreement    the share of rows on which its decisions agree with the model's
     * @param surrogateRules        the surrogate tree as text
     */
    public record Global(int rows, List<GlobalViews.Importance> permutationImportance, String importanceScore, List<MeanAbs> meanAbsShap,
                         List<GlobalViews.Dependence> partialDependence, double surrogateR2, double surrogateAgreement,
                         String surrogateRules) {
        public Global {
            permutationImportance = permutationImportance == null ? null : List.copyOf(permutationImportance);
            meanAbsShap = List.copyOf(meanAbsShap);
            partialDependence = List.copyOf(partialDependence);
        }
    }
}
