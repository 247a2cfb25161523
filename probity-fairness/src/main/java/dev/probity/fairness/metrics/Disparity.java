package dev.probity.fairness.metrics;

/**
 * Fairlearn's named disparity metrics over all groups of an attribute, each defined from the per-metric summaries
 * ({@link Aggregate}: {@code difference} = max − min, {@code ratio} = min / max, and the same against the overall
 * value). Differences are ≥ 0 with 0 parity; ratios are in [0, 1] with 1 parity. The mitigation trade-off and the
 * coming monitor read disparities by these keys.
 */
public enum Disparity {
    DEMOGRAPHIC_PARITY_DIFFERENCE("demographic_parity_difference", "selection_rate", "difference", Combine.ONE,
            "max − min of the groups' selection rates", "Fairlearn demographic_parity_difference"),
    DEMOGRAPHIC_PARITY_RATIO("demographic_parity_ratio", "selection_rate", "ratio", Combine.ONE,
            "min / max of the groups' selection rates", "Fairlearn demographic_parity_ratio"),
    DEMOGRAPHIC_PARITY_DIFFERENCE_TO_OVERALL("demographic_parity_difference_to_overall", "selection_rate", "difference_to_overall",
            Combine.ONE, "max |SR(group) − SR(all)|", "Fairlearn demographic_parity_difference(method='to_overall')"),
    DEMOGRAPHIC_PARITY_RATIO_TO_OVERALL("demographic_parity_ratio_to_overall", "selection_rate", "ratio_to_overall", Combine.ONE,
            "min over groups of min(SR(group)/SR(all), SR(all)/SR(group))", "Fairlearn demographic_parity_ratio(method='to_overall')"),
    EQUALIZED_ODDS_DIFFERENCE("equalized_odds_difference", "tpr+fpr", "difference", Combine.WORST,
            "max of the TPR and FPR differences", "Fairlearn equalized_odds_difference (agg='worst_case')"),
    EQUALIZED_ODDS_RATIO("equalized_odds_ratio", "tpr+fpr", "ratio", Combine.WORST,
            "min of the TPR and FPR ratios", "Fairlearn equalized_odds_ratio (agg='worst_case')"),
    EQUALIZED_ODDS_DIFFERENCE_MEAN("equalized_odds_difference_mean", "tpr+fpr", "difference", Combine.MEAN,
            "mean of the TPR and FPR differences", "Fairlearn equalized_odds_difference (agg='mean')"),
    EQUALIZED_ODDS_RATIO_MEAN("equalized_odds_ratio_mean", "tpr+fpr", "ratio", Combine.MEAN,
            "mean of the TPR and FPR ratios", "Fairlearn equalized_odds_ratio (agg='mean')"),
    EQUAL_OPPORTUNITY_DIFFERENCE("equal_opportunity_difference", "tpr", "difference", Combine.ONE,
            "max − min of the groups' TPRs", "Fairlearn equal_opportunity_difference"),
    EQUAL_OPPORTUNITY_RATIO("equal_opportunity_ratio", "tpr", "ratio", Combine.ONE,
            "min / max of the groups' TPRs", "Fairlearn equal_opportunity_ratio");

    /** How a disparity over two metrics combines their summaries. */
    public enum Combine { ONE, WORST, MEAN }

    private final String key;
    private final String metrics;
    private final String summary;
    private final Combine combine;
    private final String formula;
    private final String aliases;

    Disparity(String key, String metrics, String summary, Combine combine, String formula, String aliases) {
        this.key = key;
        this.metrics = metrics;
        this.summary = summary;
        this.combine = combine;
        this.formula = formula;
        this.aliases = aliases;
    }

    public String key() {
        return key;
    }

    /** The per-group metric(s) it summarizes: one key, or "tpr+fpr". */
    public String metrics() {
        return metrics;
    }

    /** The {@link Aggregate} value it reads: difference, ratio, difference_to_overall, ratio_to_overall. */
    public String summary() {
        return summary;
    }

    public Combine combine() {
        return combine;
    }

    public String formula() {
        return formula;
    }

    public String aliases() {
        return aliases;
    }

    public static Disparity byKey(String key) {
        for (Disparity d : values()) {
            if (d.key.equals(key)) {
                return d;
            }
        }
        throw new IllegalArgumentException("no disparity '" + key + "'");
    }

    /**
     * The value from the per-metric summaries ({@code metric key → summary values}); undefined, with the
     * component's reason, when a component is.
     */
    public Value compute(Summaries summaries) {
        if (combine == Combine.ONE) {
            return summaries.value(metrics, summary);
        }
        Value a = summaries.value("tpr", summary);
        Value b = summaries.value("fpr", summary);
        if (!a.isDefined()) {
            return Value.undefined("TPR " + summary + ": " + a.undefinedReason());
        }
        if (!b.isDefined()) {
            return Value.undefined("FPR " + summary + ": " + b.undefinedReason());
        }
        boolean difference = summary.startsWith("difference");
        double v = combine == Combine.MEAN ? (a.value() + b.value()) / 2
                : difference ? Math.max(a.value(), b.value()) : Math.min(a.value(), b.value());
        return Value.of(v);
    }

    /** The summaries of the groups' values of each metric: {@code (metric key, summary name) → value}. */
    @FunctionalInterface
    public interface Summaries {
        Value value(String metric, String summary);
    }
}
