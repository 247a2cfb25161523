package dev.probity.explain;

import dev.probity.core.InputException;

import java.util.Arrays;
import java.util.Locale;

/** The explanation methods, by their catalogue names. */
public enum ExplainMethod {
    /** Exact TreeSHAP on a tree ensemble (XGBoost, a Probity tree, an ONNX tree ensemble, a LightGBM text model). */
    TREE_SHAP("tree-shap"),
    /** Model-agnostic SHAP by weighted regression over coalitions (exact when the budget allows). */
    KERNEL_SHAP("kernel-shap"),
    /** Model-agnostic SHAP by enumerating every coalition (up to 16 features). */
    EXACT_SHAP("exact-shap"),
    /** Model-agnostic SHAP by antithetic permutations. */
    PERMUTATION_SHAP("permutation-shap"),
    /** Closed-form SHAP of a Probity linear model, βⱼ(xⱼ − E[xⱼ]). */
    LINEAR_SHAP("linear-shap"),
    /** A local weighted linear surrogate on discretized features, with its fidelity. */
    LIME("lime"),
    /** Diverse nearby rows the model decides the other way. */
    COUNTERFACTUAL("counterfactual"),
    /** Adverse-action reason codes and a plain-language explanation. */
    REASONS("reasons"),
    /** What drives the model overall: permutation importance, mean |SHAP|, partial dependence, a surrogate tree. */
    GLOBAL("global");

    private final String label;

    ExplainMethod(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static ExplainMethod parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (ExplainMethod m : values()) {
            if (m.label.equals(t)) {
                return m;
            }
        }
        throw new InputException("unknown explanation method '" + s + "'; the methods are "
                + Arrays.stream(values()).map(ExplainMethod::label).toList());
    }

    /** Whether the method explains chosen rows one by one (all but {@link #GLOBAL}). */
    public boolean perRow() {
        return this != GLOBAL;
    }
}
