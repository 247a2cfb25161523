package dev.probity.mitigation.post;

import dev.probity.core.InputException;
import dev.probity.mitigation.Groups;

/**
 * Reject option classification (Kamiran, Karim & Zhang, ICDM 2012; AIF360's
 * {@code RejectOptionClassification}): near the decision threshold t, where the classifier is least sure
 * (|s − t| ≤ θ), rows of disadvantaged groups receive the favourable outcome and rows of advantaged groups
 * the unfavourable one; elsewhere the threshold decides. A group is disadvantaged when its selection rate
 * at t is below the overall rate. t and θ are chosen on the fitting data by a grid search that maximizes
 * balanced accuracy among the settings whose fairness metric (demographic-parity or equalized-odds
 * difference, largest between groups) is within {@code bound}; if none is, the setting with the smallest
 * metric is kept. Deterministic.
 */
public final class RejectOptionClassification {
    public enum Metric { DEMOGRAPHIC_PARITY, EQUALIZED_ODDS }

    private final Metric metric;
    private final double bound;
    private final int thresholds;
    private final int margins;

    public RejectOptionClassification(Metric metric, double bound, int thresholds, int margins) {
        if (!(bound >= 0)) {
            throw new InputException("the metric bound must be ≥ 0, got " + bound);
        }
        if (thresholds < 2 || margins < 2) {
            throw new InputException("the search grid needs at least 2 thresholds and 2 margins");
        }
        this.metric = metric;
        this.bound = bound;
        this.thresholds = thresholds;
        this.margins = margins;
    }

    public record Fitted(Groups groups, double threshold, double margin, boolean[] disadvantaged, double balancedAccuracy,
                         double metricValue) {
        public double[] predict(double[] score, Groups rows) {
            double[] out = new double[score.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = decide(score[i], disadvantaged[rows.of()[i]], threshold, margin);
            }
            return out;
        }
    }

    static double decide(double s, boolean disadvantaged, double t, double margin) {
        if (Math.abs(s - t) <= margin) {
            return disadvantaged ? 1 : 0;
        }
        return s >= t ? 1 : 0;
    }

    public Fitted fit(double[] score, int[] y, Groups groups) {
        int g = groups.count();
        if (g < 2) {
            throw new InputException("reject option classification needs at least two groups");
        }
        Fitted best = null;
        Fitted leastUnfair = null;
        for (int ti = 0; ti < thresholds; ti++) {
            double t = 0.01 + 0.98 * ti / (thresholds - 1);
            boolean[] dis = disadvantaged(score, groups, t);
            double maxMargin = Math.min(t, 1 - t);
            for (int mi = 0; mi < margins; mi++) {
                double m = maxMargin * mi / (margins - 1);
                double[] pred = new double[score.length];
                for (int i = 0; i < pred.length; i++) {
                    pred[i] = decide(score[i], dis[groups.of()[i]], t, m);
                }
                double ba = balancedAccuracy(pred, y);
                double mv = metricValue(pred, y, groups);
                Fitted f = new Fitted(groups, t, m, dis, ba, mv);
                if (mv <= bound && (best == null || ba > best.balancedAccuracy + 1e-15)) {
                    best = f;
                }
                if (leastUnfair == null || mv < leastUnfair.metricValue - 1e-15) {
                    leastUnfair = f;
                }
            }
        }
        return best != null ? best : leastUnfair;
    }

    private static boolean[] disadvantaged(double[] score, Groups groups, double t) {
        int g = groups.count();
        double[] sel = new double[g];
        double[] cnt = new double[g];
        double all = 0;
        for (int i = 0; i < score.length; i++) {
            double p = score[i] >= t ? 1 : 0;
            sel[groups.of()[i]] += p;
            cnt[groups.of()[i]]++;
            all += p;
        }
        double overall = all / score.length;
        boolean[] out = new boolean[g];
        for (int k = 0; k < g; k++) {
            out[k] = cnt[k] > 0 && sel[k] / cnt[k] < overall;
        }
        return out;
    }

    static double balancedAccuracy(double[] pred, int[] y) {
        double tp = 0;
        double tn = 0;
        double p = 0;
        double n = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] == 1) {
                p++;
                tp += pred[i];
            } else {
                n++;
                tn += 1 - pred[i];
            }
        }
        return 0.5 * ((p > 0 ? tp / p : 0) + (n > 0 ? tn / n : 0));
    }

    private double metricValue(double[] pred, int[] y, Groups groups) {
        if (metric == Metric.DEMOGRAPHIC_PARITY) {
            return spread(pred, y, groups, -1);
        }
        return Math.max(spread(pred, y, groups, 1), spread(pred, y, groups, 0));
    }

    /** max − min over groups of the positive-prediction rate among rows with label {@code label} (-1: all rows). */
    static double spread(double[] pred, int[] y, Groups groups, int label) {
        int g = groups.count();
        double[] s = new double[g];
        double[] c = new double[g];
        for (int i = 0; i < pred.length; i++) {
            if (label < 0 || y[i] == label) {
                s[groups.of()[i]] += pred[i];
                c[groups.of()[i]]++;
            }
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < g; k++) {
            if (c[k] > 0) {
                lo = Math.min(lo, s[k] / c[k]);
                hi = Math.max(hi, s[k] / c[k]);
            }
        }
        return hi - lo;
    }
}
