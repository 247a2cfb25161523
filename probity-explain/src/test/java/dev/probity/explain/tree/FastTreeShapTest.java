package dev.probity.explain.tree;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;
import dev.probity.core.stats.SplitMix64;
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

/** The per-leaf precomputation gives Algorithm 2's values: to 1e-9, on trees that split on a feature more than once, with missing values. */
class FastTreeShapTest {
    @Test
    void equalsAlgorithmTwoOnCartAndBoostedTreesWithMissingValues() {
        int p = 6;
        List<String> names = new ArrayList<>();
        TrainingSet set = toy(17, names);
        Frame f = set.data();
        PipelineModel cart = new PipelineTrainer(TreeTrainer.defaults().maxDepth(8).minSamplesLeaf(2)).fit(set);
        PipelineModel boosted = new PipelineTrainer(new XgbTrainer(40, 5, 0.3, 0, 1)).fit(set);
        double[] dense = TreeShapTest.dense(cart.encoder().transform(f));
        int rows = 400;
        for (int i = 0; i < rows * p; i += 7) {
            dense[i] = Double.NaN; // the default direction of every split is taken somewhere
        }
        for (TreeEnsemble e : List.of(CartTrees.of((TreeEstimator) cart.estimator(), names),
                XgboostTrees.of((XgbEstimator) boosted.estimator(), names))) {
            Attributions slow = new TreeShap(e, 2).explain(dense, rows);
            Attributions fast = new FastTreeShap(e, 2).explain(dense, rows);
            assertThat(maxDifference(slow, fast, rows, p)).as(e.source()).isLessThan(1e-9);
        }
    }

    /** XGBoost on Adult, 300 trees of depth 6 (the benchmark's model): the same values as Algorithm 2. */
    @Test
    void equalsAlgorithmTwoOnTheAdultBenchmarkModel() {
        Frame train = Datasets.load("adult");
        PipelineModel m = new PipelineTrainer(new XgbTrainer(300, 6, 0.1, 0, 2))
                .fit(new TrainingSet(train, TreeShapTest.ADULT, Labels.fromColumn(train, "income", ">50K"), null, 7));
        TreeEnsemble e = XgboostTrees.of((XgbEstimator) m.estimator(), m.encoder().outputNames());
        Frame test = Datasets.load("adult-test").head(500);
        Matrix x = m.encoder().transform(test);
        float[] fl = x.denseRowMajorFloat();
        double[] dense = new double[fl.length];
        for (int i = 0; i < fl.length; i++) {
            dense[i] = fl[i];
        }
        assertThat(FastTreeShap.fits(e)).isTrue();
        Attributions slow = new TreeShap(e, 2).explain(dense, x.rows());
        Attributions fast = new FastTreeShap(e, 2).explain(dense, x.rows());
        assertThat(maxDifference(slow, fast, x.rows(), x.columns())).isLessThan(1e-9);
    }

    static double maxDifference(Attributions a, Attributions b, int rows, int p) {
        double worst = 0;
        for (int row = 0; row < rows; row++) {
            for (int j = 0; j <= p; j++) {
                worst = Math.max(worst, Math.abs(a.get(row, 0, j) - b.get(row, 0, j)));
            }
        }
        return worst;
    }

    /** 3,000 rows of six integer features 0–11 with interactions and a noisy 0/1 label "y"; fills {@code names}. */
    static TrainingSet toy(long seed, List<String> names) {
        int n = 3000;
        int p = 6;
        double[][] cols = new double[p][n];
        String[] y = new String[n];
        SplitMix64 r = new SplitMix64(seed);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                cols[j][i] = Math.floor(r.nextDouble() * 12);
            }
            double s = cols[0][i] * (cols[1][i] > 5 ? 1 : -1) + cols[2][i] - 0.5 * cols[3][i] * (cols[4][i] > 6 ? 1 : 0) + 0.2 * cols[5][i];
            y[i] = s + 4 * (r.nextDouble() - 0.5) > 3 ? "1" : "0";
        }
        List<dev.probity.core.frame.Column> columns = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            columns.add(DoubleColumn.of("x" + j, cols[j]));
            names.add("x" + j);
        }
        columns.add(StringColumn.of("y", y));
        Frame f = new Frame("toy", columns);
        return new TrainingSet(f, names, Labels.fromColumn(f, "y", "1"), null, 0);
    }
}
