package dev.probity.models.tree;

import dev.probity.core.model.Probabilities;
import dev.probity.models.encode.Matrix;
import dev.probity.models.pipeline.Estimator;

/**
 * A fitted binary decision tree in flat arrays. Node 0 is the root. An inner node sends a row left when
 * {@code x[feature] <= threshold}, right otherwise, and a missing value to the side {@code missingLeft}
 * says. A leaf has {@code feature == -1}. {@code value} holds {@code outputs} numbers per node: class
 * probabilities for classification, the mean for regression. {@code cover} is the training weight that
 * reached the node (what path-dependent TreeSHAP needs).
 */
public record TreeEstimator(int outputs, int[] feature, double[] threshold, int[] left, int[] right,
                            boolean[] missingLeft, double[] value, double[] cover, boolean regression)
        implements Estimator {

    /**
     * Checks the arrays fit together and that every inner node's children come after it: a tree read from a file can
     * then never send a row round in a cycle (a damaged or hostile file would otherwise hang whoever uses it).
     */
    public TreeEstimator {
        int n = feature.length;
        if (n == 0 || threshold.length != n || left.length != n || right.length != n || missingLeft.length != n
                || cover.length != n || outputs < 1 || value.length != (long) n * outputs) {
            throw new IllegalArgumentException("a tree's node arrays have different lengths");
        }
        for (int i = 0; i < n; i++) {
            if (feature[i] >= 0 && (left[i] <= i || right[i] <= i || left[i] >= n || right[i] >= n)) {
                throw new IllegalArgumentException("node " + i + " of a tree has children " + left[i] + " and " + right[i]
                        + "; a node's children come after it and inside the tree");
            }
        }
    }

    public int nodes() {
        return feature.length;
    }

    public boolean isLeaf(int node) {
        return feature[node] < 0;
    }

    /** The leaf a dense row reaches. */
    public int leaf(double[] row) {
        int node = 0;
        while (feature[node] >= 0) {
            double v = row[feature[node]];
            boolean goLeft = Double.isNaN(v) ? missingLeft[node] : v <= threshold[node];
            node = goLeft ? left[node] : right[node];
        }
        return node;
    }

    /** Depth of the deepest leaf (the root alone has depth 0). */
    public int depth() {
        return depth(0);
    }

    private int depth(int node) {
        return feature[node] < 0 ? 0 : 1 + Math.max(depth(left[node]), depth(right[node]));
    }

    public int leaves() {
        int n = 0;
        for (int f : feature) {
            if (f < 0) {
                n++;
            }
        }
        return n;
    }

    private int[] leaves(Matrix x) {
        int n = x.rows();
        int p = x.columns();
        int[] out = new int[n];
        double[] row = new double[p];
        int w = x.width();
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(row, 0);
            for (int j = 0; j < w; j++) {
                row[x.index()[i * w + j]] += x.value()[i * w + j];
            }
            out[i] = leaf(row);
        }
        return out;
    }

    @Override
    public Probabilities predictProba(Matrix x) {
        if (regression) {
            throw new UnsupportedOperationException("a regression tree has no class probabilities");
        }
        int[] leaf = leaves(x);
        double[] out = new double[leaf.length * outputs];
        for (int i = 0; i < leaf.length; i++) {
            System.arraycopy(value, leaf[i] * outputs, out, i * outputs, outputs);
        }
        return new Probabilities(leaf.length, outputs, out);
    }

    @Override
    public double[] predictValue(Matrix x) {
        if (!regression) {
            return Estimator.super.predictValue(x);
        }
        int[] leaf = leaves(x);
        double[] out = new double[leaf.length];
        for (int i = 0; i < leaf.length; i++) {
            out[i] = value[leaf[i]];
        }
        return out;
    }
}
