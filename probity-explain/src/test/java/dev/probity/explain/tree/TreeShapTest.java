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
import ml.dmlc.xgboost4j.java.DMatrix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TreeShapTest {
    static final List<String> ADULT = List.of("age", "workclass", "education", "education_num", "marital_status", "occupation",
            "relationship", "race", "sex", "capital_gain", "capital_loss", "hours_per_week", "native_country");

    /** Five features with interactions, a tree of depth 5: every row's TreeSHAP equals the brute-force Shapley values. */
    @Test
    void cartTreeMatchesBruteForceOfThePathDependentGame() {
        int n = 2000;
        double[][] cols = new double[5][n];
        String[] y = new String[n];
        SplitMix64 r = new SplitMix64(3);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 5; j++) {
                cols[j][i] = Math.floor(r.nextDouble() * 10);
            }
            double s = cols[0][i] * (cols[1][i] > 4 ? 1 : -1) + cols[2][i] - 0.5 * cols[3][i] * (cols[4][i] > 6 ? 1 : 0);
            y[i] = s + 3 * (r.nextDouble() - 0.5) > 3 ? "1" : "0";
        }
        List<dev.probity.core.frame.Column> columns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int j = 0; j < 5; j++) {
            columns.add(DoubleColumn.of("x" + j, cols[j]));
            names.add("x" + j);
        }
        columns.add(StringColumn.of("y", y));
        Frame f = new Frame("toy", columns);
        PipelineModel m = new PipelineTrainer(TreeTrainer.defaults().maxDepth(5).minSamplesLeaf(3))
                .fit(new TrainingSet(f, names, Labels.fromColumn(f, "y", "1"), null, 0));
        TreeEnsemble e = CartTrees.of((TreeEstimator) m.estimator(), names);
        Matrix x = m.encoder().transform(f);
        double[] dense = dense(x);
        Attributions a = new TreeShap(e, 2).explain(dense, 50);
        double[] p = m.score(f);
        for (int row = 0; row < 50; row++) {
            double[] xr = java.util.Arrays.copyOfRange(dense, row * 5, row * 5 + 5);
            double[] bf = BruteForce.shapley(5, s -> BruteForce.pathDependent(e, 0, xr, s));
            for (int j = 0; j < 5; j++) {
                assertThat(a.get(row, 0, j)).as("row %d feature %d", row, j).isCloseTo(bf[j], within(1e-12));
            }
            assertThat(a.total(row, 0)).isCloseTo(p[row], within(1e-12));
        }
    }

    /** Interaction values equal the brute-force Shapley interaction index of the path-dependent game. */
    @Test
    void interactionValuesMatchBruteForce() {
        int n = 2000;
        int p = 5;
        double[][] cols = new double[p][n];
        double[] y = new double[n];
        SplitMix64 r = new SplitMix64(21);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                cols[j][i] = Math.floor(r.nextDouble() * 6);
            }
            y[i] = cols[0][i] * cols[1][i] + (cols[2][i] > 2 ? cols[3][i] : -cols[4][i]) + r.nextDouble();
        }
        List<dev.probity.core.frame.Column> columns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            columns.add(DoubleColumn.of("x" + j, cols[j]));
            names.add("x" + j);
        }
        columns.add(DoubleColumn.of("y", y));
        Frame f = new Frame("toy", columns);
        PipelineModel m = new PipelineTrainer(TreeTrainer.defaults().maxDepth(5).minSamplesLeaf(3))
                .fit(new TrainingSet(f, names, Labels.numericColumn(f, "y"), null, 0));
        TreeEnsemble e = CartTrees.of((TreeEstimator) m.estimator(), names);
        double[] dense = dense(m.encoder().transform(f));
        TreeShap shap = new TreeShap(e, 1);
        Attributions a = shap.explain(dense, 10);
        for (int row = 0; row < 10; row++) {
            double[] xr = java.util.Arrays.copyOfRange(dense, row * p, row * p + p);
            double[] inter = shap.interactions(dense, row, 0);
            for (int i = 0; i < p; i++) {
                double sum = 0;
                for (int j = 0; j < p; j++) {
                    sum += inter[i * p + j];
                    if (i < j) {
                        double bf = bruteInteraction(e, xr, p, i, j);
                        assertThat(inter[i * p + j]).as("row %d (%d,%d)", row, i, j).isCloseTo(bf, within(1e-10));
                        assertThat(inter[j * p + i]).isCloseTo(inter[i * p + j], within(1e-10));
                    }
                }
                assertThat(sum).isCloseTo(a.get(row, 0, i), within(1e-10));
            }
        }
    }

    /** Φᵢⱼ = Σ_{S ⊆ N∖{i,j}} |S|!(M−|S|−2)! / (2(M−1)!) · [v(S∪{i,j}) − v(S∪{i}) − v(S∪{j}) + v(S)]. */
    static double bruteInteraction(TreeEnsemble e, double[] x, int m, int i, int j) {
        double total = 0;
        double[] fact = new double[m + 1];
        fact[0] = 1;
        for (int k = 1; k <= m; k++) {
            fact[k] = fact[k - 1] * k;
        }
        for (int mask = 0; mask < 1 << m; mask++) {
            if ((mask >> i & 1) == 1 || (mask >> j & 1) == 1) {
                continue;
            }
            int size = Integer.bitCount(mask);
            boolean[] s = new boolean[m];
            for (int k = 0; k < m; k++) {
                s[k] = (mask >> k & 1) == 1;
            }
            double v = BruteForce.pathDependent(e, 0, x, s);
            s[i] = true;
            double vi = BruteForce.pathDependent(e, 0, x, s);
            s[j] = true;
            double vij = BruteForce.pathDependent(e, 0, x, s);
            s[i] = false;
            double vj = BruteForce.pathDependent(e, 0, x, s);
            total += fact[size] * fact[m - size - 2] / (2 * fact[m - 1]) * (vij - vi - vj + v);
        }
        return total;
    }

    /** Interventional TreeSHAP, by tables and by pair walks, equals brute force of the background game on small trees (CART and a small boosted model). */
    @Test
    void interventionalMatchesBruteForce() {
        int n = 1500;
        int p = 6;
        double[][] cols = new double[p][n];
        String[] y = new String[n];
        SplitMix64 r = new SplitMix64(11);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                cols[j][i] = Math.floor(r.nextDouble() * 8);
            }
            y[i] = cols[0][i] * cols[1][i] - 4 * cols[2][i] + (cols[5][i] > 3 ? 10 : 0) + 5 * (r.nextDouble() - 0.5) > 12 ? "1" : "0";
        }
        List<dev.probity.core.frame.Column> columns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            columns.add(DoubleColumn.of("x" + j, cols[j]));
            names.add("x" + j);
        }
        columns.add(StringColumn.of("y", y));
        Frame f = new Frame("toy", columns);
        TrainingSet set = new TrainingSet(f, names, Labels.fromColumn(f, "y", "1"), null, 0);
        PipelineModel cart = new PipelineTrainer(TreeTrainer.defaults().maxDepth(4).minSamplesLeaf(2)).fit(set);
        PipelineModel boosted = new PipelineTrainer(new XgbTrainer(5, 3, 0.3, 0, 1)).fit(set);
        for (TreeEnsemble e : List.of(CartTrees.of((TreeEstimator) cart.estimator(), names),
                XgboostTrees.of((XgbEstimator) boosted.estimator(), names))) {
            double[] dense = dense(cart.encoder().transform(f));
            int bg = 7;
            double[] background = java.util.Arrays.copyOfRange(dense, 100 * p, (100 + bg) * p);
            InterventionalTreeShap shap = new InterventionalTreeShap(e, background, bg, 2);
            assertThat(shap.tablesFit()).isTrue();
            Attributions tables = shap.byTables(dense, 20);
            Attributions pairs = shap.byPairs(dense, 20, false);
            for (int row = 0; row < 20; row++) {
                double[] xr = java.util.Arrays.copyOfRange(dense, row * p, row * p + p);
                double[] bf = BruteForce.shapley(p, s -> {
                    double v = 0;
                    for (int k = 0; k < bg; k++) {
                        double[] z = java.util.Arrays.copyOfRange(background, k * p, k * p + p);
                        for (int t = 0; t < e.trees(); t++) {
                            v += BruteForce.interventional(e, t, xr, z, s) / bg;
                        }
                    }
                    return v;
                });
                for (int j = 0; j < p; j++) {
                    assertThat(tables.get(row, 0, j)).as("%s row %d feature %d", e.source(), row, j).isCloseTo(bf[j], within(1e-9));
                    assertThat(pairs.get(row, 0, j)).as("%s row %d feature %d", e.source(), row, j).isCloseTo(bf[j], within(1e-9));
                }
            }
        }
    }

    /** Probability output: per-background rescaling adds up to the probability and equals exact Shapley values for one feature pair game. */
    @Test
    void interventionalProbabilityOutputAddsUpAndReducesToExactForSingleDifferences() {
        Frame train = Datasets.load("adult").head(3000);
        PipelineModel m = new PipelineTrainer(new XgbTrainer(20, 3, 0.3, 0, 1))
                .fit(new TrainingSet(train, List.of("age", "hours_per_week", "education_num"), Labels.fromColumn(train, "income", ">50K"), null, 3));
        TreeEnsemble e = XgboostTrees.of((XgbEstimator) m.estimator(), m.encoder().outputNames());
        double[] dense = dense(m.encoder().transform(train.head(50)));
        double[] bg = java.util.Arrays.copyOfRange(dense, 0, 10 * 3);
        Attributions a = new InterventionalTreeShap(e, bg, 10, 1).explain(dense, 50, true);
        double[] p = m.score(train.head(50));
        for (int r = 0; r < 50; r++) {
            assertThat(a.total(r, 0)).isCloseTo(p[r], within(1e-5));
        }
        // one background row that differs from x in one feature only: the whole change belongs to that feature
        double[] x = {dense[0] + 10, dense[1], dense[2]};
        Attributions one = new InterventionalTreeShap(e, java.util.Arrays.copyOfRange(dense, 0, 3), 1, 1).explain(x, 1, true);
        double px = 1 / (1 + Math.exp(-e.margin(x)[0]));
        double pz = 1 / (1 + Math.exp(-e.margin(java.util.Arrays.copyOfRange(dense, 0, 3))[0]));
        assertThat(one.get(0, 0, 0)).isCloseTo(px - pz, within(1e-9));
        assertThat(one.get(0, 0, 1)).isZero();
    }

    /**
     * Interaction values walked only for the features each tree splits on equal the definition's walk — every feature
     * conditioned in every tree, as XGBoost's pred_interactions does — on 60 trees of depth 4 over Adult's 100-odd
     * encoded columns, where most trees split on few of them.
     */
    @Test
    void interactionsPerTreeFeaturesEqualEveryFeatureInEveryTree() {
        Frame train = Datasets.load("adult").head(4000);
        PipelineModel m = new PipelineTrainer(new XgbTrainer(60, 4, 0.3, 0, 1))
                .fit(new TrainingSet(train, ADULT, Labels.fromColumn(train, "income", ">50K"), null, 7));
        TreeEnsemble e = XgboostTrees.of((XgbEstimator) m.estimator(), m.encoder().outputNames());
        Matrix x = m.encoder().transform(Datasets.load("adult-test").head(20));
        double[] dense = dense(x);
        int p = e.features();
        TreeShap shap = new TreeShap(e, 2);
        double[][] fast = shap.interactionsOfRows(dense, x.rows(), 0);
        for (int row = 0; row < x.rows(); row++) {
            double[] r = java.util.Arrays.copyOfRange(dense, row * p, row * p + p);
            TreeShap.Path path = new TreeShap.Path(e.maxDepth());
            double[] slow = new double[p * p];
            double[] on = new double[p];
            double[] off = new double[p];
            for (int j = 0; j < p; j++) {
                java.util.Arrays.fill(on, 0);
                java.util.Arrays.fill(off, 0);
                for (int t = 0; t < e.trees(); t++) {
                    TreeShap.recurse(e, r, on, 0, path, e.roots()[t], 0, 0, 1, 1, -1, 1, j, 1);
                    TreeShap.recurse(e, r, off, 0, path, e.roots()[t], 0, 0, 1, 1, -1, -1, j, 1);
                }
                for (int i = 0; i < p; i++) {
                    if (i != j) {
                        slow[i * p + j] = (on[i] - off[i]) / 2;
                    }
                }
            }
            Attributions a = shap.explain(dense, x.rows());
            for (int i = 0; i < p; i++) {
                double rowSum = 0;
                for (int j = 0; j < p; j++) {
                    rowSum += fast[row][i * p + j];
                    if (i != j) {
                        assertThat(fast[row][i * p + j]).as("row %d (%d,%d)", row, i, j).isCloseTo(slow[i * p + j], within(1e-9));
                    }
                }
                assertThat(rowSum).as("row %d sums to phi %d", row, i).isCloseTo(a.get(row, 0, i), within(1e-9));
            }
        }
    }

    /** XGBoost on Adult, 300 trees of depth 6: TreeSHAP equals xgboost4j's predictContrib to 1e-5. */
    @Test
    void xgboostAdultMatchesPredictContrib() throws Exception {
        Frame train = Datasets.load("adult");
        PipelineModel m = new PipelineTrainer(new XgbTrainer(300, 6, 0.1, 0, 2))
                .fit(new TrainingSet(train, ADULT, Labels.fromColumn(train, "income", ">50K"), null, 7));
        XgbEstimator est = (XgbEstimator) m.estimator();
        TreeEnsemble e = XgboostTrees.of(est, m.encoder().outputNames());
        assertThat(e.trees()).isEqualTo(300);
        assertThat(e.maxDepth()).isEqualTo(6);
        Frame test = Datasets.load("adult-test").head(2000);
        Matrix x = m.encoder().transform(test);
        float[] f = x.denseRowMajorFloat();
        double[] dense = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            dense[i] = f[i];
        }
        Attributions a = new TreeShap(e, 2).explain(dense, x.rows());
        DMatrix d = new DMatrix(f, x.rows(), x.columns(), Float.NaN);
        float[][] contrib = est.booster().predictContrib(d, 0);
        float[][] margin = est.booster().predict(d, true);
        d.dispose();
        double worst = 0;
        for (int row = 0; row < x.rows(); row++) {
            for (int j = 0; j <= x.columns(); j++) {
                worst = Math.max(worst, Math.abs(a.get(row, 0, j) - contrib[row][j]));
            }
            assertThat(a.total(row, 0)).isCloseTo(margin[row][0], within(1e-4));
        }
        assertThat(worst).as("largest difference from predictContrib").isLessThan(1e-5);
    }

    static double[] dense(Matrix x) {
        double[][] cols = x.denseColumns();
        double[] out = new double[x.rows() * x.columns()];
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.columns(); j++) {
                out[i * x.columns() + j] = cols[j][i];
            }
        }
        return out;
    }
}
