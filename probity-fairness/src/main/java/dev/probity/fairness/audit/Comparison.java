package dev.probity.fairness.audit;

import dev.probity.fairness.metrics.Estimate;

/**
 * One metric of one group compared with the reference group, in AIF360's signed convention
 * (difference = group − reference, ratio = group / reference) and with Aequitas' parity verdict:
 * {@code τ ≤ ratio ≤ 1/τ}.
 *
 * @param metric catalogue key
 * @param reference the group compared against: the attribute's reference group, or with the min-metric rule the
 *                  group with the smallest value of this metric
 * @param difference group − reference
 * @param ratio group / reference (Aequitas' disparity)
 * @param parity Aequitas verdict, null when the ratio is undefined
 * @param pValue two-sided p-value of equal proportions (proportion metrics only), else NaN
 * @param test the test used ("fisher", "g-test"), or null
 * @param pAdjusted p-value adjusted across every comparison of the audit, else NaN
 */
public record Comparison(String metric, String reference, Estimate difference, Estimate ratio, Boolean parity, double pValue, String test,
                         double pAdjusted) {

    Comparison withAdjusted(double p) {
        return new Comparison(metric, reference, difference, ratio, parity, pValue, test, p);
    }
}
