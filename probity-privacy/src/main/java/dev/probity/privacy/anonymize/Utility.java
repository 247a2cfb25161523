package dev.probity.privacy.anonymize;

import java.util.Map;

/**
 * How much information a release keeps, by the measures of the anonymization literature. Every measure is 0 for the
 * original data unless stated otherwise; larger is worse.
 *
 * @param loss              ARX's "Loss" (Iyengar's generalization information loss as ARX implements it): per
 *                          quasi-identifier, each record costs the share of the hierarchy's values its generalized
 *                          value covers, a suppressed record costs 1; the sum is normalized to [0, 1] as
 *                          (sum − N/|D|) / (N − N/|D|) (|D| the hierarchy's number of values), and the attributes are
 *                          combined by ARX's default aggregate, the geometric mean of (1 + value) less 1
 * @param lossPerAttribute  the normalized loss of each quasi-identifier
 * @param lossArithmeticMean the arithmetic mean of {@code lossPerAttribute}, for comparison with tools that average
 * @param discernibility    Bayardo and Agrawal's discernibility: Σ |class|² over released classes plus N for each
 *                          suppressed record (the original data: Σ |class|²)
 * @param averageClassSize  records per equivalence class of the release, suppressed records forming one class
 * @param nonUniformEntropy Gionis and Tassa's non-uniform entropy: Σ over records and quasi-identifiers of
 *                          log2(frequency of the released value / frequency of the original value), a suppressed
 *                          value having frequency N; divided by its value when every record is suppressed, so in [0, 1]
 * @param precision         Sweeney's precision loss: the mean over records and quasi-identifiers of
 *                          level / height of the hierarchy, 1 for a suppressed record (0 = no generalization)
 */
public record Utility(double loss, Map<String, Double> lossPerAttribute, double lossArithmeticMean,
                      double discernibility, double averageClassSize, double nonUniformEntropy, double precision) {
}
