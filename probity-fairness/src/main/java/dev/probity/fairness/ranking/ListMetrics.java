package dev.probity.fairness.ranking;

/**
 * Fairness measures of one ranked list, each a pure function of the list's groups (and relevance) in rank order.
 * Undefined values are NaN. The published definitions:
 * <ul>
 *   <li>exposure (Singh &amp; Joachims, KDD 2018): an item's exposure is its position's weight; a group's mean exposure
 *       is the mean over its items; demographic parity of exposure compares the means; disparate treatment divides each
 *       group's mean exposure by its mean relevance (merit), disparate impact its mean click-through (relevance ×
 *       exposure) by its merit;</li>
 *   <li>rND, rKL, rRD (Yang &amp; Stoyanovich, SSDBM 2017): a discounted sum over cut points 10, 20, … of the
 *       difference between the protected share of the top i and of the whole list, normalized by the largest value
 *       the list's sizes allow;</li>
 *   <li>NDKL (Geyik, Ambler &amp; Kenthapadi, KDD 2019): the discounted average over every prefix of the KL divergence
 *       between the prefix's group distribution and a target distribution.</li>
 * </ul>
 */
public final class ListMetrics {
    private ListMetrics() {
    }

    /** Mean exposure of each group's items; NaN for a group without items. */
    public static double[] meanExposure(int[] group, int groups, double[] v) {
        double[] sum = new double[groups];
        int[] n = new int[groups];
        for (int r = 0; r < group.length; r++) {
            sum[group[r]] += v[r];
            n[group[r]]++;
        }
        for (int g = 0; g < groups; g++) {
            sum[g] = n[g] == 0 ? Double.NaN : sum[g] / n[g];
        }
        return sum;
    }

    /** Each group's share of the list's total exposure. */
    public static double[] exposureShare(int[] group, int groups, double[] v) {
        double[] s = new double[groups];
        double total = 0;
        for (int r = 0; r < group.length; r++) {
            s[group[r]] += v[r];
            total += v[r];
        }
        for (int g = 0; g < groups; g++) {
            s[g] = total == 0 ? Double.NaN : s[g] / total;
        }
        return s;
    }

    /** Each group's share of the items. */
    public static double[] itemShare(int[] group, int groups) {
        double[] s = new double[groups];
        for (int g : group) {
            s[g]++;
        }
        for (int g = 0; g < groups; g++) {
            s[g] /= group.length;
        }
        return s;
    }

    /** Mean relevance of each group's items. */
    public static double[] meanRelevance(int[] group, int groups, double[] u) {
        return meanExposure(group, groups, u);
    }

    /** Mean click-through (relevance × exposure) of each group's items. */
    public static double[] meanClickThrough(int[] group, int groups, double[] u, double[] v) {
        double[] uv = new double[u.length];
        for (int r = 0; r < u.length; r++) {
            uv[r] = u[r] * v[r];
        }
        return meanExposure(group, groups, uv);
    }

    /** The share of protected items in the top k. */
    public static double topShare(boolean[] prot, int k) {
        int m = Math.min(k, prot.length);
        int c = 0;
        for (int i = 0; i < m; i++) {
            if (prot[i]) {
                c++;
            }
        }
        return m == 0 ? Double.NaN : (double) c / m;
    }

    /** Yang and Stoyanovich's cut points' discount: 1 / log2(i) (the paper; the FairRank code uses log2(i + 1)). */
    static double discount(int i) {
        return 1 / (Math.log(i) / Math.log(2));
    }

    /** rND of a list, normalized; NaN when the list is shorter than the step or one group is empty. */
    public static double rnd(boolean[] prot, int step) {
        double raw = rawYs(prot, step, 0);
        double z = Math.max(rawYs(extreme(prot, true), step, 0), rawYs(extreme(prot, false), step, 0));
        return raw / z;
    }

    /** rKL of a list, normalized (log base 2; proportions 0 or 1 replaced by 0.001, as FairRank). */
    public static double rkl(boolean[] prot, int step) {
        double raw = rawYs(prot, step, 1);
        double z = Math.max(rawYs(extreme(prot, true), step, 1), rawYs(extreme(prot, false), step, 1));
        return raw / z;
    }

    /** rRD of a list, normalized: only under-representation of the protected group counts (FairRank's form). */
    public static double rrd(boolean[] prot, int step) {
        double raw = rawYs(prot, step, 2);
        double z = rawYs(extreme(prot, false), step, 2);
        return raw / z;
    }

    /** The list with every protected item on top (or at the bottom). */
    static boolean[] extreme(boolean[] prot, boolean top) {
        int p = 0;
        for (boolean b : prot) {
            if (b) {
                p++;
            }
        }
        boolean[] e = new boolean[prot.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = top ? i < p : i >= e.length - p;
        }
        return e;
    }

    private static double rawYs(boolean[] prot, int step, int kind) {
        int n = prot.length;
        int p = 0;
        for (boolean b : prot) {
            if (b) {
                p++;
            }
        }
        if (n < step || p == 0 || p == n) {
            return Double.NaN;
        }
        double all = (double) p / n;
        double ratio = (double) p / (n - p);
        double sum = 0;
        int seen = 0;
        for (int i = 1; i <= n; i++) {
            if (prot[i - 1]) {
                seen++;
            }
            if (i % step != 0) {
                continue;
            }
            double share = (double) seen / i;
            double f = switch (kind) {
                case 0 -> Math.abs(share - all);
                case 1 -> {
                    double px = share == 0 || share == 1 ? 0.001 : share;
                    double qx = all == 0 || all == 1 ? 0.001 : all;
                    yield px * log2(px / qx) + (1 - px) * log2((1 - px) / (1 - qx));
                }
                default -> {
                    int others = i - seen;
                    double cur = others == 0 ? 0 : (double) seen / others;
                    yield Math.abs(Math.min(ratio, cur) - ratio);
                }
            };
            sum += f * discount(i);
        }
        return sum;
    }

    /**
     * NDKL: Σ_i KL(D_i ‖ D) / log2(i + 1) over every prefix i, divided by Σ_i 1 / log2(i + 1); D_i the groups'
     * distribution in the top i, D the target; natural logarithm; terms with D_i(g) = 0 contribute 0. Infinite when a
     * prefix holds a group the target gives no share.
     */
    public static double ndkl(int[] group, double[] target) {
        int k = target.length;
        int[] c = new int[k];
        double num = 0;
        double z = 0;
        for (int i = 1; i <= group.length; i++) {
            c[group[i - 1]]++;
            double kl = 0;
            for (int g = 0; g < k; g++) {
                if (c[g] == 0) {
                    continue;
                }
                double p = (double) c[g] / i;
                kl += target[g] == 0 ? Double.POSITIVE_INFINITY : p * Math.log(p / target[g]);
            }
            double w = 1 / log2(i + 1);
            num += w * kl;
            z += w;
        }
        return z == 0 ? Double.NaN : num / z;
    }

    /** Discounted cumulative gain with the gains given (relevance as is), discount 1/log2(1 + j). */
    public static double dcg(double[] gains) {
        double s = 0;
        for (int j = 0; j < gains.length; j++) {
            s += gains[j] / log2(j + 2);
        }
        return s;
    }

    /** NDCG@k: DCG of the top k over the DCG of the ideal top k (relevance sorted descending); NaN when all are 0. */
    public static double ndcg(double[] relevanceInOrder, int k) {
        int m = Math.min(k, relevanceInOrder.length);
        double[] top = java.util.Arrays.copyOf(relevanceInOrder, m);
        double[] ideal = relevanceInOrder.clone();
        java.util.Arrays.sort(ideal);
        double[] best = new double[m];
        for (int j = 0; j < m; j++) {
            best[j] = ideal[ideal.length - 1 - j];
        }
        double d = dcg(best);
        return d == 0 ? Double.NaN : dcg(top) / d;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
