package dev.probity.fairness.metrics;

import dev.probity.fairness.stats.Confusion;

/**
 * AIF360's composite disparities of a group against the reference (privileged) group, computed from the two groups'
 * (weighted) confusion counts with {@link BinaryMetric}s. Sign convention: group − reference, so a negative
 * {@code statistical_parity_difference} means the group is selected less; ratios are group / reference. Undefined
 * when a component is.
 */
public enum Composite {
    STATISTICAL_PARITY_DIFFERENCE("statistical_parity_difference", "SR(group) − SR(reference)", "difference",
            "AIF360 statistical_parity_difference; Fairlearn demographic parity (signed, against one group)") {
        @Override
        public Value compute(Confusion g, Confusion r) {
            return BinaryMetric.SELECTION_RATE.compute(g).minus(BinaryMetric.SELECTION_RATE.compute(r));
        }
    },
    DISPARATE_IMPACT("disparate_impact", "SR(group) / SR(reference)", "ratio",
            "AIF360 disparate_impact; the EEOC four-fifths rule compares it with 0.8 (favourable outcomes)") {
        @Override
        public Value compute(Confusion g, Confusion r) {
            return BinaryMetric.SELECTION_RATE.compute(g).over(BinaryMetric.SELECTION_RATE.compute(r),
                    "the privileged group's selection rate is 0");
        }
    },
    EQUAL_OPPORTUNITY_DIFFERENCE("equal_opportunity_difference", "TPR(group) − TPR(reference)", "difference",
            "AIF360 equal_opportunity_difference") {
        @Override
        public Value compute(Confusion g, Confusion r) {
            return diff(BinaryMetric.TPR, g, r);
        }
    },
    AVERAGE_ODDS_DIFFERENCE("average_odds_difference", "½[(FPR(g) − FPR(r)) + (TPR(g) − TPR(r))]", "difference",
            "AIF360 average_odds_difference") {
        @Override
        public Value compute(Confusion g, Confusion r) {
            return half(diff(BinaryMetric.FPR, g, r), diff(BinaryMetric.TPR, g, r), false);
        }
    },
    AVERAGE_ABS_ODDS_DIFFERENCE("average_abs_odds_difference", "½[|FPR(g) − FPR(r)| + |TPR(g) − TPR(r)|]", "difference",
            "AIF360 average_abs_odds_difference") {
        @Override
        public Value compute(Confusion g, Confusion r) {
            return half(diff(BinaryMetric.FPR, g, r), diff(BinaryMetric.TPR, g, r), true);
        }
    },
    AVERAGE_PREDICTIVE_VALUE_DIFFERENCE("average_predictive_value_difference", "½[(PPV(g) − PPV(r)) + (FOR(g) − FOR(r))]",
            "difference", "AIF360 average_predictive_value_difference") {
        @Override
        public Value compute(Confusion g, Confusion r) {
            return half(diff(BinaryMetric.PRECISION, g, r), diff(BinaryMetric.FOR, g, r), false);
        }
    };

    private final String key;
    private final String formula;
    private final String convention;
    private final String aliases;

    Composite(String key, String formula, String convention, String aliases) {
        this.key = key;
        this.formula = formula;
        this.convention = convention;
        this.aliases = aliases;
    }

    /** The value for a group's confusion {@code g} against the reference group's {@code r}. */
    public abstract Value compute(Confusion g, Confusion r);

    public String key() {
        return key;
    }

    public String formula() {
        return formula;
    }

    /** "difference" (group − reference; 0 is parity) or "ratio" (group / reference; 1 is parity). */
    public String convention() {
        return convention;
    }

    /** The names the peers use. */
    public String aliases() {
        return aliases;
    }

    private static Value diff(BinaryMetric m, Confusion g, Confusion r) {
        return m.compute(g).minus(m.compute(r));
    }

    private static Value half(Value a, Value b, boolean abs) {
        if (!a.isDefined()) {
            return a;
        }
        if (!b.isDefined()) {
            return b;
        }
        return Value.of(abs ? (Math.abs(a.value()) + Math.abs(b.value())) / 2 : (a.value() + b.value()) / 2);
    }
}
