package dev.probity.bench;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;
import dev.probity.explain.tree.Attributions;
import dev.probity.explain.tree.InterventionalTreeShap;
import dev.probity.explain.tree.TreeEnsemble;
import dev.probity.explain.tree.XgboostTrees;
import dev.probity.models.encode.Matrix;
import dev.probity.models.pipeline.PipelineModel;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.models.xgboost.XgbEstimator;
import dev.probity.models.xgboost.XgbTrainer;

import java.util.Arrays;
import java.util.Locale;

/**
 * Interventional TreeSHAP on the explain harness's model (XGBoost on Adult, 300 trees of depth 6): ROWS rows of
 * adult.test explained against a background of BACKGROUND rows of adult.data, by pair walks (one walk per row and
 * background row, the algorithm of the shap package's C++ code) and by per-leaf tables, on 1, 2, 4, … threads up to the
 * machine's processors; runs
 * alternate, medians, the ratio, and the largest difference between the two. The shap package is not in Debian, so it
 * is not run beside them.
 */
public final class InterventionalHarness {
    private InterventionalHarness() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int bgRows = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Frame train = Datasets.load("adult");
        PipelineModel m = new PipelineTrainer(new XgbTrainer(300, 6, 0.1, 0, 2))
                .fit(new TrainingSet(train, MitigationBenchmark.FEATURES, Labels.fromColumn(train, "income", ">50K"), null, 7));
        TreeEnsemble e = XgboostTrees.of((XgbEstimator) m.estimator(), m.encoder().outputNames());
        double[] x = floats(m.encoder().transform(Datasets.load("adult-test").head(rows)));
        Matrix b = m.encoder().transform(train.head(bgRows));
        double[] background = floats(b);
        System.out.printf(Locale.ROOT, "model: %d trees, depth %d, %d features; %d rows, background %d rows%n", e.trees(), e.maxDepth(),
                e.features(), rows, b.rows());
        for (int threads : ExplainHarness.threadCounts()) {
            double[] pairs = new double[runs];
            double[] tables = new double[runs];
            double worst = 0;
            for (int r = 0; r < runs; r++) {
                InterventionalTreeShap shap = new InterventionalTreeShap(e, background, b.rows(), threads);
                long t0 = System.nanoTime();
                Attributions byPairs = shap.byPairs(x, rows, false);
                long t1 = System.nanoTime();
                Attributions byTables = shap.byTables(x, rows); // the tables are made inside, on first use
                long t2 = System.nanoTime();
                pairs[r] = (t1 - t0) / 1e6;
                tables[r] = (t2 - t1) / 1e6;
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j <= e.features(); j++) {
                        worst = Math.max(worst, Math.abs(byPairs.get(i, 0, j) - byTables.get(i, 0, j)));
                    }
                }
            }
            if (threads == 1) {
                System.out.println("explain() would choose " + (new InterventionalTreeShap(e, background, b.rows(), 1).tablesPay(rows)
                        ? "the tables" : "pair walks") + " for these rows");
            }
            double p = ModelHarness.median(pairs);
            double t = ModelHarness.median(tables);
            System.out.printf(Locale.ROOT, "threads %d: pair walks median %.0f ms (min %.0f, max %.0f); per-leaf tables, made included, "
                            + "%.0f ms (min %.0f, max %.0f); ratio %.3f; largest difference %.1e%n", threads, p,
                    Arrays.stream(pairs).min().orElseThrow(), Arrays.stream(pairs).max().orElseThrow(), t,
                    Arrays.stream(tables).min().orElseThrow(), Arrays.stream(tables).max().orElseThrow(), t / p, worst);
        }
    }

    /** Rows as XGBoost sees them: float values, widened. */
    private static double[] floats(Matrix m) {
        float[] f = m.denseRowMajorFloat();
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
    }
}
