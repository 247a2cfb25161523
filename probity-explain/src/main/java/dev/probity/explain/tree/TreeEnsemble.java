package dev.probity.explain.tree;

import dev.probity.core.InputException;

import java.util.List;

/**
 * A tree ensemble in flat arrays, the one representation every TreeSHAP variant works on. Trees are
 * stored one after another; tree {@code t} has its root at {@code roots[t]} and adds its leaf value to
 * output group {@code groups[t]} (the class of a multiclass model, else 0). Node {@code i} splits on
 * feature {@code feature[i]} (−1 for a leaf): a row goes left when its value is below the threshold
 * ({@code x < threshold} when {@code strict}, as XGBoost and LightGBM; {@code x <= threshold} otherwise,
 * as scikit-learn and Probity's CART), and a missing value goes the way {@code defaultLeft} says.
 * {@code cover} is the training weight (XGBoost: the hessian sum) that reached each node; {@code value}
 * holds leaf values. The raw output of group g is {@code base[g] + Σ leaf values}; {@code link} turns it into
 * the model's output. Values are compared in float precision when {@code floatInputs} (XGBoost), so splits
 * fall exactly as in the library.
 */
public record TreeEnsemble(String source, int features, List<String> featureNames, int outputs, Link link, double[] base,
                           int[] roots, int[] groups, int[] feature, double[] threshold, int[] left, int[] right,
                           boolean[] defaultLeft, double[] value, double[] cover, boolean strict, boolean floatInputs,
                           int maxDepth) {
    /** How raw scores become outputs. */
    public enum Link { IDENTITY, LOGISTIC, SOFTMAX }

    public TreeEnsemble {
        if (roots.length != groups.length) {
            throw new IllegalArgumentException("one output group per tree");
        }
        for (int i = 0; i < feature.length; i++) {
            if (feature[i] >= features) {
                throw new InputException(source + ": node " + i + " splits on feature " + feature[i] + " but the model has "
                        + features + " features");
            }
            if (feature[i] >= 0 && !(cover[i] > 0)) {
                throw new InputException(source + ": node " + i + " has no cover (training weight); TreeSHAP needs it");
            }
        }
    }

    public int trees() {
        return roots.length;
    }

    public boolean isLeaf(int node) {
        return feature[node] < 0;
    }

    /** Whether a row with value {@code x} at this node's feature goes left. */
    public boolean goesLeft(int node, double x) {
        if (Double.isNaN(x)) {
            return defaultLeft[node];
        }
        double v = floatInputs ? (float) x : x;
        return strict ? v < threshold[node] : v <= threshold[node];
    }

    /** The leaf of tree {@code t} a row reaches. */
    public int leaf(int t, double[] row) {
        int node = roots[t];
        while (feature[node] >= 0) {
            node = goesLeft(node, row[feature[node]]) ? left[node] : right[node];
        }
        return node;
    }

    /** Raw scores (margins) of one row, one per output group. */
    public double[] margin(double[] row) {
        double[] out = base.clone();
        for (int t = 0; t < roots.length; t++) {
            out[groups[t]] += value[leaf(t, row)];
        }
        return out;
    }

    /** The expected raw score of each tree under its own cover (the path-dependent TreeSHAP baseline). */
    public double[] expectedMargin() {
        double[] out = base.clone();
        for (int t = 0; t < roots.length; t++) {
            out[groups[t]] += expected(roots[t]);
        }
        return out;
    }

    private double expected(int node) {
        if (feature[node] < 0) {
            return value[node];
        }
        return (cover[left[node]] * expected(left[node]) + cover[right[node]] * expected(right[node])) / cover[node];
    }

    /**
     * The depth of the tree below {@code node} (0 for a leaf, whose feature is negative). Here, not beside the XGBoost
     * reader, so that explaining a CART or ONNX tree never loads XGBoost4J's classes (absent on a Spark cluster).
     */
    static int depth(int[] feature, int[] left, int[] right, int node) {
        if (feature[node] < 0) {
            return 0;
        }
        return 1 + Math.max(depth(feature, left, right, left[node]), depth(feature, left, right, right[node]));
    }
}
