package dev.probity.explain.global;

import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;
import dev.probity.explain.shap.FeatureSpace;
import dev.probity.explain.shap.Predictor;
import dev.probity.models.pipeline.PipelineModel;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.models.tree.TreeEstimator;
import dev.probity.models.tree.TreeTrainer;

import java.util.List;
import java.util.Locale;

/**
 * A global surrogate: a shallow CART regression tree fitted to the model's own outputs on a set of rows,
 * with its fidelity — the R² of the tree against the model, and how often the two agree on the decision at
 * 0.5 — and the tree as readable rules.
 */
public record Surrogate(PipelineModel tree, double r2, double agreement, String rules) {
    public static Surrogate fit(FeatureSpace space, double[] rows, int n, Predictor f, int depth) {
        double[] y = new double[n];
        f.predict(rows, n, y);
        Frame frame = space.toFrame(rows, n).withColumn(DoubleColumn.of("model_output", y));
        PipelineModel tree = new PipelineTrainer(TreeTrainer.defaults().maxDepth(depth).minSamplesLeaf(Math.max(5, n / 200)))
                .fit(new TrainingSet(frame, space.names(), Labels.numericColumn(frame, "model_output"), null, 0));
        double[] s = tree.predict(frame);
        double mean = 0;
        for (double v : y) {
            mean += v / n;
        }
        double res = 0;
        double tot = 0;
        int agree = 0;
        for (int i = 0; i < n; i++) {
            res += (y[i] - s[i]) * (y[i] - s[i]);
            tot += (y[i] - mean) * (y[i] - mean);
            agree += (y[i] >= 0.5) == (s[i] >= 0.5) ? 1 : 0;
        }
        return new Surrogate(tree, tot > 0 ? 1 - res / tot : 1, (double) agree / n, rules(tree));
    }

    private static String rules(PipelineModel m) {
        TreeEstimator t = (TreeEstimator) m.estimator();
        List<String> names = m.encoder().outputNames();
        StringBuilder b = new StringBuilder();
        write(t, names, 0, 0, b);
        return b.toString();
    }

    private static void write(TreeEstimator t, List<String> names, int node, int depth, StringBuilder b) {
        String pad = "  ".repeat(depth);
        if (t.isLeaf(node)) {
            b.append(pad).append(String.format(Locale.ROOT, "-> %.4f (weight %.0f)%n", t.value()[node], t.cover()[node]));
            return;
        }
        String name = names.get(t.feature()[node]);
        String th = String.format(Locale.ROOT, "%.4g", t.threshold()[node]);
        boolean indicator = name.contains("=");
        b.append(pad).append(indicator ? "if not " + name : "if " + name + " <= " + th).append('\n');
        write(t, names, t.left()[node], depth + 1, b);
        b.append(pad).append(indicator ? "if " + name : "if " + name + " > " + th).append('\n');
        write(t, names, t.right()[node], depth + 1, b);
    }
}
