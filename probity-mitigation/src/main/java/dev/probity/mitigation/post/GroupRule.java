package dev.probity.mitigation.post;

/**
 * How one group's scores become decisions: P(ŷ=1 | s) = Σ_k weight_k · 1[s ≥ threshold_k] + constantWeight ·
 * constantRate. A deterministic rule has one threshold of weight 1. {@code +∞} as a threshold means "never".
 */
public record GroupRule(String group, double[] thresholds, double[] weights, double constantWeight, double constantRate) {
    public double probability(double score) {
        double p = constantWeight * constantRate;
        for (int k = 0; k < thresholds.length; k++) {
            if (score >= thresholds[k]) {
                p += weights[k];
            }
        }
        return Math.min(1, Math.max(0, p));
    }

    public boolean deterministic() {
        return constantWeight == 0 && thresholds.length == 1 && weights[0] == 1;
    }

    /** A short readable form, e.g. {@code "s ≥ 0.412 (p 0.73) or s ≥ 0.398 (p 0.27)"}. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < thresholds.length; k++) {
            if (weights[k] == 0) {
                continue;
            }
            if (!b.isEmpty()) {
                b.append(" or ");
            }
            b.append(Double.isInfinite(thresholds[k]) ? "never" : String.format(java.util.Locale.ROOT, "score ≥ %.4f", thresholds[k]));
            if (weights[k] != 1) {
                b.append(String.format(java.util.Locale.ROOT, " (p %.3f)", weights[k]));
            }
        }
        if (constantWeight > 0) {
            b.append(b.isEmpty() ? "" : " or ").append(String.format(java.util.Locale.ROOT, "at random with rate %.3f (p %.3f)",
                    constantRate, constantWeight));
        }
        return b.toString();
    }
}
