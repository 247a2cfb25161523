package dev.probity.mitigation.reductions;

import dev.probity.mitigation.Groups;

/**
 * Bounded group loss (Agarwal, Dudík & Wu, 2019): every group's mean loss at most ε. The loss is the
 * squared error scaled to [0, 1] by the label range (predictions clipped to it), as Fairlearn's
 * {@code SquareLoss}; for 0/1 labels it is the error rate.
 */
final class BoundedGroupLoss implements Moment {
    private final Groups groups;
    private final double[] y;
    private final double lo;
    private final double hi;
    private final double eps;
    private final double[] pGroup;

    BoundedGroupLoss(Groups groups, double[] y, double eps) {
        this.groups = groups;
        this.y = y;
        this.eps = eps;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : y) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        this.lo = min;
        this.hi = max > min ? max : min + 1;
        pGroup = new double[groups.count()];
        for (int g : groups.of()) {
            pGroup[g] += 1.0 / y.length;
        }
    }

    double loss(int i, double pred) {
        double p = Math.min(hi, Math.max(lo, pred));
        double d = (p - y[i]) / (hi - lo);
        return d * d;
    }

    double meanLoss(double[] pred) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += loss(i, pred[i]);
        }
        return s / y.length;
    }

    @Override
    public int size() {
        return groups.count();
    }

    @Override
    public String name(int k) {
        return "loss " + groups.names().get(k);
    }

    @Override
    public double[] gamma(double[] pred) {
        double[] sum = new double[size()];
        int[] count = new int[size()];
        for (int i = 0; i < y.length; i++) {
            int g = groups.of()[i];
            sum[g] += loss(i, pred[i]);
            count[g]++;
        }
        for (int g = 0; g < sum.length; g++) {
            sum[g] = count[g] == 0 ? 0 : sum[g] / count[g];
        }
        return sum;
    }

    @Override
    public double[] bound() {
        double[] b = new double[size()];
        java.util.Arrays.fill(b, eps);
        return b;
    }

    @Override
    public double[] signedWeights(double[] lambda) {
        double[] w = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            int g = groups.of()[i];
            w[i] = lambda[g] / pGroup[g];
        }
        return w;
    }

    @Override
    public double[] project(double[] lambda) {
        return lambda.clone();
    }
}
