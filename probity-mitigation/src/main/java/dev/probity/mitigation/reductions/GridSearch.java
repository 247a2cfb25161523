package dev.probity.mitigation.reductions;

import dev.probity.core.InputException;
import dev.probity.core.model.Model;
import dev.probity.core.model.Trainer;
import dev.probity.core.model.TrainingSet;
import dev.probity.mitigation.Groups;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Grid search of the reductions approach (Agarwal et al., 2018, §3.4): one deterministic classifier per
 * Lagrange multiplier vector λ on a grid, each trained on rows relabelled and reweighted by the costs
 * of error plus λ·constraints. The grid lies in the non-redundant basis of the constraints (events ×
 * (groups − 1) coordinates): for one coordinate it is {@code size} evenly spaced values in
 * [−limit, limit]; for more, the integer lattice points of smallest L1 norm, scaled so the largest norm is
 * {@code limit}, in a fixed order. The chosen classifier minimizes
 * {@code (1 − w)·error + w·max violation} (w = 0.5, as Fairlearn); every candidate is kept, so the
 * accuracy–disparity trade-off (the Pareto front) can be drawn.
 */
public final class GridSearch {
    private final Constraint constraint;
    private final double eps;
    private final int size;
    private final double limit;
    private final double constraintWeight;

    public GridSearch(Constraint constraint, double eps, int size, double limit) {
        if (constraint == Constraint.BOUNDED_GROUP_LOSS) {
            throw new InputException("grid search supports the parity constraints; use exponentiated-gradient for bounded-group-loss");
        }
        if (size < 2) {
            throw new InputException("the grid needs at least 2 points, got " + size);
        }
        if (!(limit > 0)) {
            throw new InputException("the grid limit must be positive, got " + limit);
        }
        this.constraint = constraint;
        this.eps = eps;
        this.size = size;
        this.limit = limit;
        this.constraintWeight = 0.5;
    }

    /** One classifier of the grid with its training error and largest constraint violation. */
    public record Candidate(double[] lambda, Model model, double error, double disparity) {
    }

    public record Result(List<Candidate> candidates, int best) {
        public Model model() {
            return candidates.get(best).model();
        }

        /** Indices of the candidates no other candidate beats on both error and disparity, by error. */
        public List<Integer> paretoFront() {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.<Integer>comparingDouble(i -> candidates.get(i).error())
                    .thenComparingDouble(i -> candidates.get(i).disparity()));
            List<Integer> front = new ArrayList<>();
            double bestDisparity = Double.POSITIVE_INFINITY;
            for (int i : order) {
                if (candidates.get(i).disparity() < bestDisparity) {
                    front.add(i);
                    bestDisparity = candidates.get(i).disparity();
                }
            }
            return front;
        }
    }

    public Result fit(Trainer trainer, TrainingSet data, Groups groups) {
        data.labels().requireBinary("grid search with " + constraint.label());
        if (!trainer.supportsWeights()) {
            throw new InputException(trainer.algorithm() + " does not take sample weights, which the reductions approach needs");
        }
        int[] y = data.labels().codes();
        UtilityParity moment = UtilityParity.of(constraint, groups, y, 1.0, eps);
        int d = moment.basisSize();
        if (d == 0) {
            throw new InputException("grid search needs at least two groups in " + groups.attributes());
        }
        Trainer session = trainer.forRepeatedFits();
        List<Candidate> out = new ArrayList<>();
        int n = y.length;
        for (double[] b : grid(d)) {
            double[] lambda = moment.fromBasis(b);
            CostSensitive problem = CostSensitive.classification(data.labels().name(), y, moment.signedWeights(lambda));
            Model m = session.fit(data.with(problem.labels(), problem.weights()));
            double[] pred = m.predict(data.data());
            double err = 0;
            for (int i = 0; i < n; i++) {
                err += Math.abs(y[i] - pred[i]) / n;
            }
            double[] gamma = moment.gamma(pred);
            double worst = Double.NEGATIVE_INFINITY;
            for (double v : gamma) {
                worst = Math.max(worst, v);
            }
            out.add(new Candidate(lambda, m, err, worst));
        }
        int best = 0;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int i = 0; i < out.size(); i++) {
            double v = (1 - constraintWeight) * out.get(i).error() + constraintWeight * out.get(i).disparity();
            if (v < bestValue - 1e-15) {
                bestValue = v;
                best = i;
            }
        }
        return new Result(out, best);
    }

    /** The grid points in basis coordinates. */
    List<double[]> grid(int d) {
        List<double[]> points = new ArrayList<>();
        if (d == 1) {
            for (int i = 0; i < size; i++) {
                points.add(new double[] {-limit + 2 * limit * i / (size - 1)});
            }
            return points;
        }
        int radius = 1;
        while (latticeCount(d, radius) < size) {
            radius++;
        }
        List<int[]> lattice = new ArrayList<>();
        enumerate(new int[d], 0, radius, lattice);
        lattice.sort(Comparator.<int[]>comparingInt(v -> java.util.Arrays.stream(v).map(Math::abs).sum())
                .thenComparing(java.util.Arrays::compare));
        for (int i = 0; i < Math.min(size, lattice.size()); i++) {
            int[] v = lattice.get(i);
            double[] p = new double[d];
            for (int j = 0; j < d; j++) {
                p[j] = limit * v[j] / radius;
            }
            points.add(p);
        }
        return points;
    }

    private static long latticeCount(int d, int r) {
        // points of Z^d with L1 norm <= r
        long[][] c = new long[d + 1][r + 1];
        for (int k = 0; k <= r; k++) {
            c[0][k] = 1;
        }
        for (int i = 1; i <= d; i++) {
            for (int k = 0; k <= r; k++) {
                long s = c[i - 1][k];
                for (int v = 1; v <= k; v++) {
                    s += 2 * c[i - 1][k - v];
                }
                c[i][k] = Math.min(s, Long.MAX_VALUE / 4);
            }
        }
        return c[d][r];
    }

    private static void enumerate(int[] v, int j, int remaining, List<int[]> out) {
        if (j == v.length) {
            out.add(v.clone());
            return;
        }
        for (int x = -remaining; x <= remaining; x++) {
            v[j] = x;
            enumerate(v, j + 1, remaining - Math.abs(x), out);
        }
        v[j] = 0;
    }
}
