package dev.probity.fairness.metrics;

import dev.probity.fairness.stats.ScoreHistogram;

import java.util.ArrayList;
import java.util.List;

/**
 * Metrics of scores within a group, computed exactly from the group's {@link ScoreHistogram}. Weighted
 * versions equal scikit-learn's with {@code sample_weight}.
 */
public final class ScoreMetrics {
    /** scikit-learn's clipping of probabilities in log_loss: the float64 machine epsilon. */
    public static final double LOG_LOSS_EPS = Math.ulp(1.0);

    private ScoreMetrics() {
    }

    /** True when every score lies in [0, 1], so scores can be read as probabilities. */
    public static boolean probabilities(ScoreHistogram h) {
        double[] v = h.values();
        return v.length == 0 || (v[0] >= 0 && v[v.length - 1] <= 1);
    }

    private static double total(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x;
        }
        return s;
    }

    /**
     * ROC AUC = P(score of a random positive > score of a random negative) + ½ P(tie), the Mann–Whitney
     * statistic: equal to the area under the trapezoidal ROC curve (scikit-learn's roc_auc_score).
     */
    public static Value rocAuc(ScoreHistogram h) {
        double auc = dev.probity.core.stats.RocAuc.fromTies(h.positiveWeights(), h.negativeWeights());
        return Double.isNaN(auc) ? Value.undefined("only one label class in the group") : Value.of(auc);
    }

    /** The loss of one row, given its score and whether its label is positive. */
    @FunctionalInterface
    private interface RowLoss {
        double of(double score, boolean positive);
    }

    /** Σ w·loss / Σ w over the histogram: each distinct score once per label. */
    private static Value weightedMean(ScoreHistogram h, RowLoss loss) {
        double[] v = h.values();
        double[] pos = h.positiveWeights();
        double[] neg = h.negativeWeights();
        double w = 0;
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            s += pos[i] * loss.of(v[i], true) + neg[i] * loss.of(v[i], false);
            w += pos[i] + neg[i];
        }
        return Value.ratio(s, w, "no rows");
    }

    /** Mean score. */
    public static Value meanScore(ScoreHistogram h) {
        return weightedMean(h, (s, positive) -> s);
    }

    /** Brier score: mean of (score − label)²; needs scores in [0, 1]. */
    public static Value brier(ScoreHistogram h) {
        if (!probabilities(h)) {
            return Value.undefined("scores are not probabilities (outside [0, 1])");
        }
        return weightedMean(h, (s, positive) -> positive ? (s - 1) * (s - 1) : s * s);
    }

    /** Log loss: −mean(y ln s + (1−y) ln(1−s)), scores clipped to [ε, 1−ε] as scikit-learn does. */
    public static Value logLoss(ScoreHistogram h) {
        if (!probabilities(h)) {
            return Value.undefined("scores are not probabilities (outside [0, 1])");
        }
        return weightedMean(h, (s, positive) -> {
            double p = Math.min(1 - LOG_LOSS_EPS, Math.max(LOG_LOSS_EPS, s));
            return positive ? -Math.log(p) : -Math.log1p(-p);
        });
    }

    /** One bin of a calibration table. */
    public record Bin(double low, double high, double weight, long rows, Value meanScore, Value positiveRate) {}

    /**
     * Bin edges for calibration, chosen once per attribute from all rows' scores so that groups are compared
     * bin by bin: ten equal-width bins on [0, 1] for probabilities; one bin per value when there are at most
     * twenty distinct scores (e.g. COMPAS deciles); otherwise ten bins at the deciles of all scores.
     */
    public static double[] binEdges(ScoreHistogram all, int bins) {
        double[] v = all.values();
        if (v.length == 0) {
            return new double[] {0, 1};
        }
        if (probabilities(all)) {
            double[] e = new double[bins + 1];
            for (int i = 0; i <= bins; i++) {
                e[i] = (double) i / bins;
            }
            return e;
        }
        if (v.length <= 20) {
            // Edges halfway between distinct values: each bin holds exactly one score value.
            double[] e = new double[v.length + 1];
            e[0] = v[0];
            for (int i = 1; i < v.length; i++) {
                e[i] = (v[i - 1] + v[i]) / 2;
            }
            e[v.length] = v[v.length - 1];
            return e;
        }
        List<Double> edges = new ArrayList<>();
        edges.add(v[0]);
        for (int i = 1; i < bins; i++) {
            double q = quantile(all, (double) i / bins);
            if (q > edges.get(edges.size() - 1)) {
                edges.add(q);
            }
        }
        if (v[v.length - 1] > edges.get(edges.size() - 1)) {
            edges.add(v[v.length - 1]);
        }
        return edges.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Calibration table: per bin [edge_i, edge_{i+1}) (last bin closed), the mean score and positive rate. */
    public static List<Bin> calibration(ScoreHistogram h, double[] edges) {
        int b = edges.length - 1;
        double[] w = new double[b];
        long[] rows = new long[b];
        double[] ws = new double[b];
        double[] wp = new double[b];
        double[] v = h.values();
        double[] pos = h.positiveWeights();
        double[] neg = h.negativeWeights();
        long[] pc = h.positiveCounts();
        long[] nc = h.negativeCounts();
        for (int i = 0; i < v.length; i++) {
            int k = bin(edges, v[i]);
            double wi = pos[i] + neg[i];
            w[k] += wi;
            rows[k] += pc[i] + nc[i];
            ws[k] += wi * v[i];
            wp[k] += pos[i];
        }
        List<Bin> out = new ArrayList<>(b);
        for (int k = 0; k < b; k++) {
            out.add(new Bin(edges[k], edges[k + 1], w[k], rows[k], Value.ratio(ws[k], w[k], "empty bin"),
                    Value.ratio(wp[k], w[k], "empty bin")));
        }
        return out;
    }

    static int bin(double[] edges, double x) {
        int b = edges.length - 1;
        if (x <= edges[0]) {
            return 0;
        }
        if (x >= edges[b]) {
            return b - 1;
        }
        int lo = 0;
        int hi = b;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (x >= edges[mid]) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Expected calibration error Σ_b (W_b / W) |mean label_b − mean score_b|; scores must be probabilities. */
    public static Value expectedCalibrationError(ScoreHistogram h, double[] edges) {
        if (!probabilities(h)) {
            return Value.undefined("scores are not probabilities (outside [0, 1])");
        }
        double total = 0;
        double err = 0;
        for (Bin bin : calibration(h, edges)) {
            if (bin.weight() > 0) {
                total += bin.weight();
                err += bin.weight() * Math.abs(bin.positiveRate().value() - bin.meanScore().value());
            }
        }
        return Value.ratio(err, total, "no rows");
    }

    /** The smallest score whose cumulative weight share reaches {@code q} (inverted CDF). */
    public static double quantile(ScoreHistogram h, double q) {
        double[] v = h.values();
        double[] pos = h.positiveWeights();
        double[] neg = h.negativeWeights();
        double total = total(pos) + total(neg);
        double target = q * total;
        double acc = 0;
        for (int i = 0; i < v.length; i++) {
            acc += pos[i] + neg[i];
            if (acc >= target && acc > 0) {
                return v[i];
            }
        }
        return v.length == 0 ? Double.NaN : v[v.length - 1];
    }

    /** Weighted share of rows whose score is strictly above {@code threshold}. */
    public static Value shareAbove(ScoreHistogram h, double threshold) {
        return weightedMean(h, (s, positive) -> s > threshold ? 1 : 0);
    }
}
