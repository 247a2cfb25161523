package dev.probity.monitor.robust;

import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.Numbers;
import dev.probity.core.model.Feature;
import dev.probity.core.model.LogitGradient;
import dev.probity.core.model.Model;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.Probabilities;
import dev.probity.core.model.TaskKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A binary classifier whose log-odds are {@code b + Σ w_j x_j + shift(category)}: the test's own model, with a gradient that
 * can be written down, so the attacks' distances can be checked against exact geometry. {@code gradientVisible} false
 * hides the gradient, as a tree would, to check that decision-based attacks need none.
 */
record AffineModel(List<String> numeric, double[] w, double b, String category, Map<String, Double> shift, boolean gradientVisible)
        implements Model, LogitGradient {

    @Override
    public ModelInfo info() {
        List<Feature> f = new ArrayList<>();
        for (String n : numeric) {
            f.add(new Feature(n, ColumnType.DOUBLE));
        }
        if (category != null) {
            f.add(new Feature(category, ColumnType.STRING));
        }
        return new ModelInfo("affine-test", f, "y", List.of("0", "1"), TaskKind.BINARY, Map.of());
    }

    @Override
    public double[] logOdds(Frame data) {
        int n = data.rowCount();
        double[] z = new double[n];
        java.util.Arrays.fill(z, b);
        for (int j = 0; j < numeric.size(); j++) {
            double[] x = Numbers.of(data.column(numeric.get(j)));
            for (int i = 0; i < n; i++) {
                z[i] += w[j] * (Double.isNaN(x[i]) ? 0 : x[i]);
            }
        }
        if (category != null) {
            var c = data.column(category);
            for (int i = 0; i < n; i++) {
                String v = c.format(i);
                z[i] += v == null ? 0 : shift.getOrDefault(v, 0.0);
            }
        }
        return z;
    }

    @Override
    public Probabilities predictProba(Frame data) {
        double[] z = logOdds(data);
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = 1 / (1 + Math.exp(-z[i]));
        }
        return Probabilities.binary(p);
    }

    @Override
    public double[] gradient(Frame data, List<String> features) {
        int n = data.rowCount();
        double[] out = new double[n * features.size()];
        for (int j = 0; j < features.size(); j++) {
            int k = numeric.indexOf(features.get(j));
            for (int i = 0; i < n; i++) {
                out[i * features.size() + j] = k < 0 ? 0 : w[k];
            }
        }
        return out;
    }

    @Override
    public boolean affine() {
        return true;
    }

    @Override
    public Optional<LogitGradient> logitGradient() {
        return gradientVisible ? Optional.of(this) : Optional.empty();
    }
}
