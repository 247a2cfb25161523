package dev.probity.explain.tree;

import dev.probity.models.tree.TreeEstimator;

import java.util.List;

/**
 * Probity's CART tree as a {@link TreeEnsemble} of one tree. A binary classifier is explained on the
 * probability of class 1 (identity link: a leaf's value is its class-1 share); a regression tree on its
 * value. Splits are {@code x <= threshold}.
 */
public final class CartTrees {
    private CartTrees() {
    }

    public static TreeEnsemble of(TreeEstimator tree, List<String> featureNames) {
        int n = tree.nodes();
        double[] value = new double[n];
        if (!tree.regression() && tree.outputs() != 2) {
            throw new dev.probity.core.InputException("TreeSHAP explains binary classification and regression trees; this tree has "
                    + tree.outputs() + " classes");
        }
        for (int i = 0; i < n; i++) {
            value[i] = tree.regression() ? tree.value()[i] : tree.value()[i * 2 + 1];
        }
        int[] left = tree.left();
        int[] right = tree.right();
        return new TreeEnsemble("cart tree", featureNames.size(), featureNames, 1, TreeEnsemble.Link.IDENTITY, new double[] {0},
                new int[] {0}, new int[] {0}, tree.feature(), tree.threshold(), left, right, tree.missingLeft(), value,
                tree.cover(), false, false, TreeEnsemble.depth(tree.feature(), left, right, 0));
    }
}
