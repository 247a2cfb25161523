package dev.probity.mitigation.reductions;

import dev.probity.core.InputException;

import java.util.Locale;

/**
 * The fairness constraints of the reductions approach (Agarwal et al., 2018; 2019), with a difference
 * bound ε (|E[u | group, event] − E[u | event]| ≤ ε) or a ratio bound r (r·E[u | group, event] ≤
 * E[u | event] and r·E[u | event] ≤ E[u | group, event], plus a slack ε).
 */
public enum Constraint {
    /** Equal selection rates P(ŷ=1 | A=a). */
    DEMOGRAPHIC_PARITY("demographic-parity", true),
    /** Equal true- and false-positive rates. */
    EQUALIZED_ODDS("equalized-odds", true),
    /** Equal true-positive rates (equal opportunity). */
    TRUE_POSITIVE_RATE_PARITY("true-positive-rate-parity", true),
    /** Equal false-positive rates. */
    FALSE_POSITIVE_RATE_PARITY("false-positive-rate-parity", true),
    /** Equal error rates. */
    ERROR_RATE_PARITY("error-rate-parity", true),
    /** Every group's mean loss at most ε (regression or classification). */
    BOUNDED_GROUP_LOSS("bounded-group-loss", false);

    private final String label;
    private final boolean classification;

    Constraint(String label, boolean classification) {
        this.label = label;
        this.classification = classification;
    }

    public String label() {
        return label;
    }

    public boolean isClassification() {
        return classification;
    }

    public static Constraint parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Constraint c : values()) {
            if (c.label.equals(t)) {
                return c;
            }
        }
        return switch (t) {
            case "dp", "statistical-parity" -> DEMOGRAPHIC_PARITY;
            case "eo", "equal-odds" -> EQUALIZED_ODDS;
            case "tpr", "equal-opportunity", "tpr-parity" -> TRUE_POSITIVE_RATE_PARITY;
            case "fpr", "fpr-parity" -> FALSE_POSITIVE_RATE_PARITY;
            case "error-rate", "erp" -> ERROR_RATE_PARITY;
            case "bgl" -> BOUNDED_GROUP_LOSS;
            default -> throw new InputException("unknown constraint '" + text + "'; use one of "
                    + java.util.Arrays.stream(values()).map(Constraint::label).toList());
        };
    }
}
