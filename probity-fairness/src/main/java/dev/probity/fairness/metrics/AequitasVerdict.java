package dev.probity.fairness.metrics;

import java.util.List;
import java.util.Map;

/**
 * Aequitas' named fairness verdicts for a group: each is the parity test (τ ≤ group/reference ≤ 1/τ) of one metric,
 * or the conjunction of others. A verdict is true, false, or undetermined (null) when a needed ratio is undefined;
 * a conjunction is false as soon as one part is false.
 */
public enum AequitasVerdict {
    STATISTICAL_PARITY("Statistical Parity", List.of("ppr")),
    IMPACT_PARITY("Impact Parity", List.of("selection_rate")),
    FPR_PARITY("FPR Parity", List.of("fpr")),
    FDR_PARITY("FDR Parity", List.of("fdr")),
    FNR_PARITY("FNR Parity", List.of("fnr")),
    FOR_PARITY("FOR Parity", List.of("for")),
    TPR_PARITY("TPR Parity", List.of("tpr")),
    TNR_PARITY("TNR Parity", List.of("tnr")),
    NPV_PARITY("NPV Parity", List.of("npv")),
    PRECISION_PARITY("Precision Parity", List.of("precision")),
    TYPE_I_PARITY("TypeI Parity", List.of("fpr", "fdr")),
    TYPE_II_PARITY("TypeII Parity", List.of("fnr", "for")),
    EQUALIZED_ODDS("Equalized Odds", List.of("fpr", "tpr")),
    UNSUPERVISED_FAIRNESS("Unsupervised Fairness", List.of("ppr", "selection_rate")),
    SUPERVISED_FAIRNESS("Supervised Fairness", List.of("fpr", "fdr", "fnr", "for"));

    private final String label;
    private final List<String> metrics;

    AequitasVerdict(String label, List<String> metrics) {
        this.label = label;
        this.metrics = metrics;
    }

    /** Aequitas' name, e.g. "FPR Parity". */
    public String label() {
        return label;
    }

    /** The catalogue metrics whose parity tests it combines. */
    public List<String> metrics() {
        return metrics;
    }

    /** The verdict from the per-metric parity tests ({@code metric key → parity}, null when undetermined). */
    public Boolean of(Map<String, Boolean> parity) {
        boolean unknown = false;
        for (String m : metrics) {
            Boolean p = parity.get(m);
            if (Boolean.FALSE.equals(p)) {
                return false;
            }
            unknown |= p == null;
        }
        return unknown ? null : true;
    }
}
