package dev.probity.explain.tree;

import dev.probity.core.InputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** A LightGBM text model written out by hand, with its outputs worked out on paper. */
class LightGbmTreesTest {
    // Tree 0: node0 splits x0 <= 5 (missing type NaN, default left: decision_type 2|8 = 10);
    //   left: leaf0 (0.5, 40 rows); right: node1 splits x1 <= 2.5 (missing type None: decision_type 0);
    //   node1 left: leaf1 (-0.25, 35); right: leaf2 (1.0, 25).
    // Tree 1: node0 splits x2 <= 0 (decision_type 8: NaN goes right); left: leaf0 (-0.1, 70); right: leaf1 (0.2, 30).
    static final String MODEL = """
            tree
            version=v4
            num_class=1
            num_tree_per_iteration=1
            label_index=0
            max_feature_idx=2
            objective=binary sigmoid:1
            feature_names=x0 x1 x2
            feature_infos=[0:10] [0:5] [-1:1]
            tree_sizes=1 1

            Tree=0
            num_leaves=3
            num_cat=0
            split_feature=0 1
            split_gain=10 5
            threshold=5.0000000000000009 2.5000000000000004
            decision_type=10 0
            left_child=-1 -2
            right_child=1 -3
            leaf_value=0.5 -0.25 1
            leaf_weight=4 3.5 2.5
            leaf_count=40 35 25
            internal_value=0 0
            internal_weight=10 6
            internal_count=100 60
            is_linear=0
            shrinkage=1

            Tree=1
            num_leaves=2
            num_cat=0
            split_feature=2
            split_gain=3
            threshold=0
            decision_type=8
            left_child=-1
            right_child=-2
            leaf_value=-0.1 0.2
            leaf_weight=7 3
            leaf_count=70 30
            internal_value=0
            internal_weight=10
            internal_count=100
            is_linear=0
            shrinkage=0.1

            end of trees
            """;

    @Test
    void outputsFollowTheModelText() {
        TreeEnsemble e = LightGbmTrees.parse("hand.txt", MODEL);
        assertThat(e.trees()).isEqualTo(2);
        assertThat(e.link()).isEqualTo(TreeEnsemble.Link.LOGISTIC);
        assertThat(e.featureNames()).containsExactly("x0", "x1", "x2");
        // x0 = 3 -> leaf0 0.5; x2 = -1 -> -0.1
        assertThat(e.margin(new double[] {3, 9, -1})[0]).isCloseTo(0.4, within(1e-12));
        // x0 = 7, x1 = 1 -> -0.25; x2 = 0.5 -> 0.2
        assertThat(e.margin(new double[] {7, 1, 0.5})[0]).isCloseTo(-0.05, within(1e-12));
        // x0 missing -> default left (0.5); x1 unused; x2 missing -> right (0.2)
        assertThat(e.margin(new double[] {Double.NaN, 1, Double.NaN})[0]).isCloseTo(0.7, within(1e-12));
        // x1 missing with missing type None is read as 0 -> left (-0.25)
        assertThat(e.margin(new double[] {7, Double.NaN, -1})[0]).isCloseTo(-0.35, within(1e-12));
    }

    @Test
    void treeShapMatchesBruteForceWithLightGbmCounts() {
        TreeEnsemble e = LightGbmTrees.parse("hand.txt", MODEL);
        double[][] rows = {{3, 9, -1}, {7, 1, 0.5}, {7, 4, 0.5}, {Double.NaN, 1, Double.NaN}};
        double[] flat = new double[rows.length * 3];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * 3, 3);
        }
        Attributions a = new TreeShap(e, 1).explain(flat, rows.length);
        for (int r = 0; r < rows.length; r++) {
            double[] x = rows[r];
            double[] bf = BruteForce.shapley(3, s -> BruteForce.pathDependent(e, 0, x, s) + BruteForce.pathDependent(e, 1, x, s));
            for (int j = 0; j < 3; j++) {
                assertThat(a.get(r, 0, j)).isCloseTo(bf[j], within(1e-12));
            }
        }
        // the bias is the count-weighted expected raw score: tree 0: 0.4·0.5 + 0.35·(−0.25) + 0.25·1; tree 1: 0.7·(−0.1) + 0.3·0.2
        assertThat(a.bias(0, 0)).isCloseTo(0.2 - 0.0875 + 0.25 - 0.07 + 0.06, within(1e-12));
    }

    @Test
    void categoricalSplitsAndOtherFilesAreRefusedByName() {
        assertThatThrownBy(() -> LightGbmTrees.parse("cat.txt", MODEL.replace("decision_type=10 0", "decision_type=1 0")))
                .isInstanceOf(InputException.class).hasMessageContaining("categorical splits");
        assertThatThrownBy(() -> LightGbmTrees.parse("x.txt", "hello=1\n"))
                .isInstanceOf(InputException.class).hasMessageContaining("not a LightGBM text model");
    }
}
