package dev.probity.fairness.regulatory;

import dev.probity.fairness.metrics.Frozen;
import dev.probity.fairness.metrics.Estimate;
import dev.probity.fairness.metrics.Value;

import java.util.ArrayList;
import java.util.List;

/**
 * The impact-ratio table of a bias audit under New York City Local Law 144 of 2021 and the DCWP's rules
 * (6 RCNY § 5-300 to 5-304). For a tool that selects, a category's <em>selection rate</em> is the share of
 * its people who were selected; for a tool that scores, its <em>scoring rate</em> is the share scoring
 * above the sample's median score. The <em>impact ratio</em> divides each category's rate by the rate of
 * the most-selected (highest-scoring) category. A category holding less than 2% of the data may be
 * excluded from the impact-ratio calculation; it is still listed with its count. The number of people
 * whose category is unknown is reported separately.
 */
public record LocalLaw144(String kind, List<Row> rows, long unknownRows, double minShare, Double sampleMedian,
                          String highestCategory) {
    public LocalLaw144 {
        rows = Frozen.list(rows);
    }


    /**
     * @param category the category (e.g. "Female", "Hispanic or Latino & Male")
     * @param rows people in the category
     * @param share rows / all rows
     * @param positive people selected (or scoring above the median)
     * @param rate selection or scoring rate
     * @param impactRatio rate / highest rate among included categories; undefined when excluded
     * @param excluded true when the category is under the minimum share
     */
    public record Row(String category, long rows, double share, double positive, Estimate rate, Estimate impactRatio,
                      boolean excluded) {}

    /**
     * @param kind "selection" or "scoring"
     * @param categories category names (without the unknown category)
     * @param rows rows per category
     * @param sizes weighted sizes per category
     * @param positives selected (or above-median) per category
     * @param unknownRows rows whose category is missing
     * @param minShare categories below this share of all rows are excluded from ratios (LL144: 0.02)
     */
    public static LocalLaw144 of(String kind, List<String> categories, long[] rows, double[] sizes, double[] positives,
                                 long unknownRows, double minShare, Double sampleMedian) {
        double total = 0;
        for (double s : sizes) {
            total += s;
        }
        int best = -1;
        double bestRate = -1;
        boolean[] excluded = new boolean[categories.size()];
        for (int c = 0; c < categories.size(); c++) {
            excluded[c] = total > 0 && sizes[c] / total < minShare;
            if (!excluded[c] && sizes[c] > 0) {
                double r = positives[c] / sizes[c];
                if (r > bestRate) {
                    bestRate = r;
                    best = c;
                }
            }
        }
        List<Row> out = new ArrayList<>();
        for (int c = 0; c < categories.size(); c++) {
            Value rate = Value.ratio(positives[c], sizes[c], "no rows");
            Value ratio;
            if (excluded[c]) {
                ratio = Value.undefined("excluded: under " + Math.round(minShare * 100) + "% of the data");
            } else if (best < 0 || bestRate == 0) {
                ratio = Value.undefined("no category has a positive rate");
            } else {
                ratio = Value.of(rate.value() / bestRate);
            }
            out.add(new Row(categories.get(c), rows[c], total == 0 ? 0 : sizes[c] / total, positives[c], Estimate.of(rate),
                    Estimate.of(ratio), excluded[c]));
        }
        return new LocalLaw144(kind, out, unknownRows, minShare, sampleMedian, best < 0 ? null : categories.get(best));
    }
}
