package dev.probity.mitigation.pre;

import dev.probity.core.InputException;
import dev.probity.mitigation.Groups;

/**
 * Reweighing (Kamiran & Calders, "Data preprocessing techniques for classification without
 * discrimination", KAIS 2012): each row of group a and label y weighs P(a)·P(y) / P(a, y), so that in the
 * weighted data the label is independent of the group. With base weights (e.g. survey weights) the
 * probabilities are weighted ones and the result multiplies the base weight, as AIF360 does.
 */
public final class Reweighing {
    private Reweighing() {
    }

    /** The weight of every row; {@code base} may be null (all 1). */
    public static double[] weights(Groups groups, int[] y, int classes, double[] base) {
        int g = groups.count();
        double[] byGroup = new double[g];
        double[] byLabel = new double[classes];
        double[] joint = new double[g * classes];
        double total = 0;
        for (int i = 0; i < y.length; i++) {
            double w = base == null ? 1 : base[i];
            byGroup[groups.of()[i]] += w;
            byLabel[y[i]] += w;
            joint[groups.of()[i] * classes + y[i]] += w;
            total += w;
        }
        if (!(total > 0)) {
            throw new InputException("reweighing needs rows of positive weight");
        }
        double[] factor = new double[g * classes];
        for (int a = 0; a < g; a++) {
            for (int c = 0; c < classes; c++) {
                double j = joint[a * classes + c];
                factor[a * classes + c] = j > 0 ? byGroup[a] * byLabel[c] / (total * j) : 0;
            }
        }
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            double w = base == null ? 1 : base[i];
            out[i] = w * factor[groups.of()[i] * classes + y[i]];
        }
        return out;
    }
}
