package dev.probity.explain.shap;

import java.util.List;
import java.util.Map;

/**
 * One row's explanation: each feature's contribution ({@code values[j]}), the base value (the expected
 * output over the background), the model's output for the row, and method-specific facts (LIME's local
 * fidelity, the number of model evaluations, ...). For SHAP methods base + Σ values = prediction.
 */
public record Explanation(String method, List<String> features, List<String> featureValues, double[] values, double base,
                          double prediction, Map<String, Object> facts) {
    public Explanation {
        features = List.copyOf(features);
        featureValues = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(featureValues));
        facts = dev.probity.core.model.PlainValues.map(facts);
    }

    /** Equality by value, the contributions included. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Explanation e && method.equals(e.method) && features.equals(e.features) && featureValues.equals(e.featureValues)
                && java.util.Arrays.equals(values, e.values) && Double.compare(base, e.base) == 0
                && Double.compare(prediction, e.prediction) == 0 && facts.equals(e.facts);
    }

    @Override
    public int hashCode() {
        return features.hashCode() * 31 + java.util.Arrays.hashCode(values);
    }

    /** Feature indices by decreasing |value|. */
    public int[] ranking() {
        Integer[] idx = new Integer[values.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> {
            int c = Double.compare(Math.abs(values[b]), Math.abs(values[a]));
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] out = new int[idx.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}
