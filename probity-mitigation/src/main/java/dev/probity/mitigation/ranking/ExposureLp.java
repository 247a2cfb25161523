package dev.probity.mitigation.ranking;

import dev.probity.core.InputException;
import dev.probity.core.stats.SplitMix64;
import dev.probity.fairness.ranking.PositionBias;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Fair rankings by linear programming (Singh &amp; Joachims, "Fairness of Exposure in Rankings", KDD 2018): the
 * probabilistic ranking — a doubly stochastic matrix P, P[i][j] the probability that item i is at rank j — of the
 * greatest expected utility Σ u_i P_ij v_j subject to one fairness constraint f·P·v = 0 on the groups' exposure:
 * <ul>
 *   <li>{@code parity}: equal mean exposure of the protected group and the rest;</li>
 *   <li>{@code treatment}: mean exposure in proportion to mean merit;</li>
 *   <li>{@code impact}: mean expected clicks (merit × exposure) in proportion to mean merit.</li>
 * </ul>
 * P is decomposed (Birkhoff–von Neumann) into a mixture of at most (n−1)² + 1 rankings; the constraint holds in
 * expectation over the mixture, not in every ranking drawn from it. Solved with Apache Commons Math's simplex method,
 * for lists of up to {@value #MAX_ITEMS} items (n² variables).
 */
public final class ExposureLp implements Reranker {
    public static final int MAX_ITEMS = 40;
    static final double TOLERANCE = 1e-9;

    public enum Constraint {
        PARITY, TREATMENT, IMPACT;

        public static Constraint parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "parity", "demographic-parity" -> PARITY;
                case "treatment", "disparate-treatment" -> TREATMENT;
                case "impact", "disparate-impact" -> IMPACT;
                default -> throw new InputException("unknown exposure constraint '" + s + "' ({{constraint}}); use parity, treatment or impact");
            };
        }
    }

    /** A solved list: P, its utility, the constraint's value f·P·v, and the mixture of rankings. */
    public record Solution(double[][] p, double utility, double constraint, List<Double> weights, List<int[]> rankings) {}

    private final int protectedGroup;
    private final Constraint constraint;
    private final PositionBias bias;
    private final long seed;

    public ExposureLp(int protectedGroup, Constraint constraint, PositionBias bias, long seed) {
        this.protectedGroup = protectedGroup;
        this.constraint = constraint;
        this.bias = bias;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "exposure-lp";
    }

    /** One ranking drawn from the solution's mixture, seeded by the list's content. */
    @Override
    public int[] rerank(int[] group, double[] merit) {
        Solution s = solve(group, merit);
        long h = seed;
        for (int r = 0; r < group.length; r++) {
            h = SplitMix64.mix(h ^ (group[r] * 31L + Double.doubleToLongBits(merit[r])));
        }
        double u = SplitMix64.uniform(h, 0);
        double acc = 0;
        for (int i = 0; i < s.weights().size(); i++) {
            acc += s.weights().get(i);
            if (u < acc || i == s.weights().size() - 1) {
                return toOrder(s.rankings().get(i));
            }
        }
        throw new IllegalStateException("empty mixture");
    }

    /** rank[i] = the rank of item i → the items in rank order. */
    static int[] toOrder(int[] rankOfItem) {
        int[] order = new int[rankOfItem.length];
        for (int i = 0; i < rankOfItem.length; i++) {
            order[rankOfItem[i]] = i;
        }
        return order;
    }

    public Solution solve(int[] group, double[] u) {
        int n = group.length;
        if (n > MAX_ITEMS) {
            throw new InputException("the exposure LP solves lists of up to " + MAX_ITEMS + " items (" + n * n
                    + " variables for " + n + "); re-rank the top " + MAX_ITEMS + " ({{k}}) or use another method");
        }
        double[] v = bias.of(n);
        double[] f = constraintVector(group, u);
        int vars = n * n;
        double[] obj = new double[vars];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                obj[i * n + j] = u[i] * v[j];
            }
        }
        List<LinearConstraint> cons = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] row = new double[vars];
            double[] col = new double[vars];
            for (int j = 0; j < n; j++) {
                row[i * n + j] = 1;
                col[j * n + i] = 1;
            }
            cons.add(new LinearConstraint(row, Relationship.EQ, 1));
            cons.add(new LinearConstraint(col, Relationship.EQ, 1));
        }
        if (f != null) {
            double[] fair = new double[vars];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    fair[i * n + j] = f[i] * v[j];
                }
            }
            cons.add(new LinearConstraint(fair, Relationship.EQ, 0));
        }
        PointValuePair sol;
        try {
            sol = new SimplexSolver(1e-9, 10, 1e-12).optimize(new MaxIter(100_000), new LinearObjectiveFunction(obj, 0),
                    new LinearConstraintSet(cons), GoalType.MAXIMIZE, new NonNegativeConstraint(true));
        } catch (org.apache.commons.math3.exception.MathIllegalStateException e) {
            throw new InputException("the exposure LP has no solution for this list (" + e.getMessage() + ")");
        }
        double[] x = sol.getPoint();
        double[][] p = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                p[i][j] = Math.max(0, x[i * n + j]);
            }
        }
        double c = 0;
        if (f != null) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    c += f[i] * p[i][j] * v[j];
                }
            }
        }
        List<Double> weights = new ArrayList<>();
        List<int[]> rankings = new ArrayList<>();
        birkhoff(p, weights, rankings);
        return new Solution(p, sol.getValue(), c, weights, rankings);
    }

    /** f of the constraint f·P·v = 0, or null when one side has no item (nothing to balance). */
    double[] constraintVector(int[] group, double[] u) {
        int n = group.length;
        int n0 = 0;
        double u0 = 0;
        double u1 = 0;
        for (int i = 0; i < n; i++) {
            if (group[i] == protectedGroup) {
                n0++;
                u0 += u[i];
            } else {
                u1 += u[i];
            }
        }
        int n1 = n - n0;
        if (n0 == 0 || n1 == 0) {
            return null;
        }
        double m0 = u0 / n0;
        double m1 = u1 / n1;
        if (constraint != Constraint.PARITY && (m0 == 0 || m1 == 0)) {
            throw new InputException("the " + constraint.name().toLowerCase(Locale.ROOT)
                    + " constraint divides by a group's mean merit, which is 0 in this list");
        }
        double[] f = new double[n];
        for (int i = 0; i < n; i++) {
            boolean g0 = group[i] == protectedGroup;
            double dp = g0 ? 1.0 / n0 : -1.0 / n1;
            f[i] = switch (constraint) {
                case PARITY -> dp;
                case TREATMENT -> g0 ? 1.0 / (n0 * m0) : -1.0 / (n1 * m1);
                case IMPACT -> u[i] * (g0 ? 1.0 / (n0 * m0) : -1.0 / (n1 * m1));
            };
        }
        return f;
    }

    /** Birkhoff–von Neumann: P = Σ θ_l Π_l, each Π_l a permutation (rank of each item), θ summing to 1. */
    static void birkhoff(double[][] p, List<Double> weights, List<int[]> rankings) {
        int n = p.length;
        double[][] rest = new double[n][];
        for (int i = 0; i < n; i++) {
            rest[i] = p[i].clone();
        }
        double left = 1;
        for (int guard = 0; guard < n * n + 1 && left > TOLERANCE; guard++) {
            int[] match = matching(rest);
            if (match == null) {
                break;
            }
            double theta = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                theta = Math.min(theta, rest[i][match[i]]);
            }
            for (int i = 0; i < n; i++) {
                rest[i][match[i]] -= theta;
                if (rest[i][match[i]] < TOLERANCE) {
                    rest[i][match[i]] = 0;
                }
            }
            weights.add(theta);
            rankings.add(match);
            left -= theta;
        }
        // rounding: the weights sum to 1
        double sum = weights.stream().mapToDouble(Double::doubleValue).sum();
        for (int i = 0; i < weights.size(); i++) {
            weights.set(i, weights.get(i) / sum);
        }
    }

    /** A perfect matching item → rank on the entries above the tolerance (Kuhn's augmenting paths), or null. */
    static int[] matching(double[][] w) {
        int n = w.length;
        int[] rankOwner = new int[n];
        Arrays.fill(rankOwner, -1);
        for (int i = 0; i < n; i++) {
            if (!augment(i, w, rankOwner, new boolean[n])) {
                return null;
            }
        }
        int[] match = new int[n];
        for (int j = 0; j < n; j++) {
            match[rankOwner[j]] = j;
        }
        return match;
    }

    private static boolean augment(int i, double[][] w, int[] owner, boolean[] seen) {
        for (int j = 0; j < w.length; j++) {
            if (w[i][j] > TOLERANCE && !seen[j]) {
                seen[j] = true;
                if (owner[j] < 0 || augment(owner[j], w, owner, seen)) {
                    owner[j] = i;
                    return true;
                }
            }
        }
        return false;
    }
}
