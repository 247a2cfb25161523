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
 * accuracy–disparity trade-off (the Pareto front) can be drawn. Where Fairlearn would then keep the
 * unconstrained model (λ = 0 wins because every multiplier of the grid overshoots, as with equalized odds on
 * Adult), the grid is refined towards the origin — limit/4, then limit/16 — first; the result says in words why
 * its candidate was chosen.
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

    /**
     * @param candidates every classifier trained, over all passes of the grid
     * @param best       the index of the chosen one
     * @param limits     the grid limit of each pass (more than one when the grid was refined)
     * @param why        why this candidate was chosen, in words
     */
    public record Result(List<Candidate> candidates, int best, List<Double> limits, String why) {
        public Result(List<Candidate> candidates, int best) {
            this(candidates, best, List.of(), "");
        }

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
        List<Double> limits = new ArrayList<>();
        int n = y.length;
        // Fairlearn's grid (size points up to the limit) overshoots when the baseline's violation is small: every
        // multiplier it tries costs more error than it removes disparity, and λ = 0 wins. Then the grid is refined
        // towards the origin (limit/4, then limit/16) before the unconstrained model is accepted.
        double passLimit = limit;
        int best = 0;
        for (int pass = 0; pass < REFINEMENTS + 1; pass++) {
            limits.add(passLimit);
            for (double[] b : grid(d, passLimit)) {
                if (pass > 0 && isZero(b)) {
                    continue; // λ = 0 was trained in the first pass
                }
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
            best = best(out);
            if (!isZero(out.get(best).lambda()) || out.get(best).disparity() <= eps) {
                break;
            }
            passLimit /= 4;
        }
        return new Result(out, best, limits, why(out, best, limits));
    }

    /** Grid refinements tried when the unconstrained model wins (limit/4, limit/16). */
    static final int REFINEMENTS = 2;

    private int best(List<Candidate> out) {
        int best = 0;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int i = 0; i < out.size(); i++) {
            double v = objective(out.get(i));
            if (v < bestValue - 1e-15) {
                bestValue = v;
                best = i;
            }
        }
        return best;
    }

    private double objective(Candidate c) {
        return (1 - constraintWeight) * c.error() + constraintWeight * c.disparity();
    }

    private String why(List<Candidate> out, int best, List<Double> limits) {
        Candidate c = out.get(best);
        String objective = String.format(java.util.Locale.ROOT, "%.2f·error + %.2f·violation", 1 - constraintWeight, constraintWeight);
        String refined = limits.size() > 1 ? " The grid was refined (limits " + limits + ") because the first grid's"
                + " multipliers all overshot." : "";
        if (!isZero(c.lambda())) {
            return String.format(java.util.Locale.ROOT, "Chose the candidate with the lowest %s on the training data "
                    + "(error %.4f, violation %.4f), of %d.%s", objective, c.error(), c.disparity(), out.size(), refined);
        }
        if (c.disparity() <= eps) {
            return String.format(java.util.Locale.ROOT, "Kept the unconstrained model (λ = 0): its violation %.4f is within "
                    + "the bound %.4f already.", c.disparity(), eps);
        }
        int second = -1;
        for (int i = 0; i < out.size(); i++) {
            if (i != best && (second < 0 || objective(out.get(i)) < objective(out.get(second)))) {
                second = i;
            }
        }
        return String.format(java.util.Locale.ROOT, "Kept the unconstrained model (λ = 0): of %d candidates none had a lower %s "
                        + "on the training data; the next best (error %.4f, violation %.4f) costs more error than it removes "
                        + "disparity.%s Try exponentiated gradient, or a larger grid.", out.size(), objective,
                second < 0 ? Double.NaN : out.get(second).error(), second < 0 ? Double.NaN : out.get(second).disparity(), refined);
    }

    private static boolean isZero(double[] v) {
        for (double x : v) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** The grid points in basis coordinates. */
    List<double[]> grid(int d) {
        return grid(d, limit);
    }

    List<double[]> grid(int d, double limit) {
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
