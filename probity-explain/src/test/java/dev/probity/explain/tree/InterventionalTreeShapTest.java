package dev.probity.explain.tree;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;
import dev.probity.models.encode.Matrix;
import dev.probity.models.pipeline.PipelineModel;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.models.tree.TreeEstimator;
import dev.probity.models.tree.TreeTrainer;
import dev.probity.models.xgboost.XgbEstimator;
import dev.probity.models.xgboost.XgbTrainer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-leaf tables give the pair walks' values (which {@link TreeShapTest} checks against brute force). */
class InterventionalTreeShapTest {
    /** A deep CART tree and a boosted model, missing values in the explained rows and in the background. */
    @Test
    void tablesEqualPairWalksOnCartAndBoostedTreesWithMissingValues() {
        int p = 6;
        List<String> names = new ArrayList<>();
        TrainingSet set = FastTreeShapTest.toy(23, names);
        Frame f = set.data();
        PipelineModel cart = new PipelineTrainer(TreeTrainer.defaults().maxDepth(8).minSamplesLeaf(2)).fit(set);
        PipelineModel boosted = new PipelineTrainer(new XgbTrainer(40, 5, 0.3, 0, 1)).fit(set);
        double[] dense = TreeShapTest.dense(cart.encoder().transform(f));
        for (int i = 0; i < dense.length; i += 7) {
            dense[i] = Double.NaN; // the default direction of every split is taken somewhere
        }
        int rows = 300;
        int bg = 60;
        double[] background = java.util.Arrays.copyOfRange(dense, 1000 * p, (1000 + bg) * p);
        for (TreeEnsemble e : List.of(CartTrees.of((TreeEstimator) cart.estimator(), names),
                XgboostTrees.of((XgbEstimator) boosted.estimator(), names))) {
            InterventionalTreeShap shap = new InterventionalTreeShap(e, background, bg, 2);
            assertThat(shap.tablesFit()).as(e.source()).isTrue();
            Attributions tables = shap.byTables(dense, rows);
            Attributions pairs = shap.byPairs(dense, rows, false);
            assertThat(FastTreeShapTest.maxDifference(pairs, tables, rows, p)).as(e.source()).isLessThan(1e-9);
        }
    }

    /** XGBoost on Adult, 100 trees of depth 6 over its 100-odd encoded columns, a background of 100 rows. */
    @Test
    void tablesEqualPairWalksOnAnAdultModel() {
        Frame train = Datasets.load("adult").head(10_000);
        PipelineModel m = new PipelineTrainer(new XgbTrainer(100, 6, 0.1, 0, 2))
                .fit(new TrainingSet(train, TreeShapTest.ADULT, Labels.fromColumn(train, "income", ">50K"), null, 7));
        TreeEnsemble e = XgboostTrees.of((XgbEstimator) m.estimator(), m.encoder().outputNames());
        Matrix x = m.encoder().transform(Datasets.load("adult-test").head(300));
        double[] dense = TreeShapTest.dense(x);
        Matrix b = m.encoder().transform(train.head(100));
        double[] background = TreeShapTest.dense(b);
        InterventionalTreeShap shap = new InterventionalTreeShap(e, background, b.rows(), 2);
        assertThat(shap.tablesFit()).isTrue();
        // the choice by estimated time: one row against 100 background rows walks pairs, 300 rows use the tables
        assertThat(shap.tablesPay(1)).isFalse();
        assertThat(shap.tablesPay(x.rows())).isTrue();
        Attributions tables = shap.explain(dense, x.rows());
        Attributions pairs = shap.byPairs(dense, x.rows(), false);
        assertThat(FastTreeShapTest.maxDifference(pairs, tables, x.rows(), x.columns())).isLessThan(1e-9);
        // and not trivially: the values are far from zero
        double largest = 0;
        for (int row = 0; row < x.rows(); row++) {
            for (int j = 0; j < x.columns(); j++) {
                largest = Math.max(largest, Math.abs(tables.get(row, 0, j)));
            }
        }
        assertThat(largest).isGreaterThan(0.5);
    }
}
