package dev.probity.explain.shap;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.models.encode.Matrix;
import dev.probity.models.linear.LinearEstimator;
import dev.probity.models.pipeline.PipelineModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Linear SHAP in closed form (Lundberg & Lee, 2017, with feature independence): for a linear score
 * s(x) = b + Σ βⱼxⱼ over the encoded columns, φⱼ = βⱼ·(xⱼ − E[xⱼ]) with the expectation over the background
 * rows; the encoded columns of one input feature (its one-hot indicators) are summed into that feature.
 * For logistic models the values explain the log-odds. Exact and instant: no model calls.
 */
public final class LinearShap {
    private final PipelineModel model;
    private final LinearEstimator linear;
    private final double[] means;

    public LinearShap(PipelineModel model, Frame background) {
        if (!(model.estimator() instanceof LinearEstimator lin) || lin.rows() != 1) {
            throw new InputException("linear SHAP needs a binary logistic or linear regression model; this is " + model.info().algorithm());
        }
        if (background.rowCount() < 1) {
            throw new InputException("the background set is empty; linear SHAP needs the background's means");
        }
        this.model = model;
        this.linear = lin;
        Matrix bg = model.encoder().transform(background);
        double[][] cols = bg.denseColumns();
        means = new double[cols.length];
        for (int c = 0; c < cols.length; c++) {
            double s = 0;
            for (double v : cols[c]) {
                s += v;
            }
            means[c] = s / bg.rows();
        }
    }

    /** Explanations of every row of {@code data}, one value per input feature. */
    public List<Explanation> explain(Frame data) {
        Matrix x = model.encoder().transform(data);
        double[][] cols = x.denseColumns();
        int[] owner = model.encoder().outputFeature();
        List<String> names = model.info().features().stream().map(f -> f.name()).toList();
        double base = linear.intercept()[0];
        for (int c = 0; c < means.length; c++) {
            base += linear.coef()[c] * means[c];
        }
        List<Explanation> out = new ArrayList<>();
        for (int i = 0; i < x.rows(); i++) {
            double[] phi = new double[names.size()];
            double score = linear.intercept()[0];
            for (int c = 0; c < means.length; c++) {
                phi[owner[c]] += linear.coef()[c] * (cols[c][i] - means[c]);
                score += linear.coef()[c] * cols[c][i];
            }
            List<String> values = new ArrayList<>();
            for (String n : names) {
                String v = data.column(n).format(i);
                values.add(v == null ? "(missing)" : v);
            }
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("output", linear.link() == LinearEstimator.Link.LOGISTIC ? "log-odds" : "value");
            out.add(new Explanation("linear-shap", names, values, phi, base, score, facts));
        }
        return out;
    }
}
