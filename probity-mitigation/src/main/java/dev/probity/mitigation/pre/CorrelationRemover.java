package dev.probity.mitigation.pre;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.mitigation.GroupIndex;
import dev.probity.mitigation.Groups;

import java.util.ArrayList;
import java.util.List;

/**
 * The correlation remover (as Fairlearn's {@code CorrelationRemover}): each numeric feature x is
 * regressed on the centered group indicators S (least squares, one group left out as the baseline) and
 * replaced by {@code α·(x − S_c·β) + (1 − α)·x}. With α = 1 the result has zero linear correlation with
 * every group indicator; α = 0 changes nothing. Fitted once (β, group means) and applied to any frame with
 * the same groups. Missing values are not allowed (impute first).
 */
public final class CorrelationRemover {
    private final double alpha;

    public CorrelationRemover(double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new InputException("alpha must be in [0, 1], got " + alpha);
        }
        this.alpha = alpha;
    }

    /** Fits the removal of the groups' linear influence on {@code features} (numeric, complete) of {@code data}. */
    public Removal fit(Frame data, List<String> features, Groups groups) {
        int n = data.rowCount();
        int d = groups.count() - 1;
        if (d < 1) {
            throw new InputException("the correlation remover needs at least two groups");
        }
        double[] groupMeans = new double[d];
        for (int gi : groups.of()) {
            if (gi < d) {
                groupMeans[gi] += 1.0 / n;
            }
        }
        // normal equations of the centered indicators: (S_cᵀS_c) β = S_cᵀ x
        double[][] gram = new double[d][d];
        for (int i = 0; i < n; i++) {
            double[] s = centered(groups.of()[i], groupMeans);
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    gram[a][b] += s[a] * s[b];
                }
            }
        }
        List<String> columns = new ArrayList<>();
        double[][] beta = new double[features.size()][];
        for (int f = 0; f < features.size(); f++) {
            columns.add(data.column(features.get(f)).name());
            double[] x = values(data, features.get(f));
            double[] rhs = new double[d];
            for (int i = 0; i < n; i++) {
                double[] s = centered(groups.of()[i], groupMeans);
                for (int a = 0; a < d; a++) {
                    rhs[a] += s[a] * x[i];
                }
            }
            beta[f] = dev.probity.core.stats.LinearAlgebra.solve(gram, rhs);
        }
        return new Removal(alpha, GroupIndex.of(groups), columns, groupMeans, beta);
    }

    /**
     * The fitted removal: each column x becomes α·(x − S_c·β) + (1 − α)·x, where S_c is the row's centered group
     * indicators (one per group but the last, centered by the training shares) and β the least-squares fit of x on
     * them in the training data.
     */
    public record Removal(double alpha, GroupIndex groups, List<String> columns, double[] groupMeans, double[][] beta)
            implements FrameTransform {
        public Removal {
            columns = List.copyOf(columns);
            groupMeans = groupMeans.clone();
            beta = java.util.Arrays.stream(beta).map(double[]::clone).toArray(double[][]::new);
        }

        @Override
        public Frame apply(Frame data) {
            return apply(data, groups.rows(data));
        }

        public Frame apply(Frame data, Groups rows) {
            int d = groupMeans.length;
            Frame out = data;
            for (int f = 0; f < columns.size(); f++) {
                double[] x = values(data, columns.get(f));
                double[] y = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    double[] s = centered(rows.of()[i], groupMeans);
                    double fitted = 0;
                    for (int a = 0; a < d; a++) {
                        fitted += s[a] * beta[f][a];
                    }
                    y[i] = alpha * (x[i] - fitted) + (1 - alpha) * x[i];
                }
                out = out.withColumn(DoubleColumn.of(data.column(columns.get(f)).name(), y));
            }
            return out;
        }
    }

    private static double[] centered(int group, double[] groupMeans) {
        int d = groupMeans.length;
        double[] s = new double[d];
        for (int a = 0; a < d; a++) {
            s[a] = (group == a ? 1 : 0) - groupMeans[a];
        }
        return s;
    }

    private static double[] values(Frame data, String name) {
        Column c = data.column(name);
        if (c.missing().any()) {
            throw new InputException("the correlation remover needs complete columns; '" + c.name() + "' is missing at "
                    + data.origin().describe(c.missing().next(0)));
        }
        if (!dev.probity.core.frame.Numbers.isNumeric(c)) {
            throw new InputException("the correlation remover works on numeric columns; '" + c.name() + "' is " + c.type().label());
        }
        return dev.probity.core.frame.Numbers.of(c);
    }
}
