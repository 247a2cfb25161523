package dev.probity.mitigation.post;

import dev.probity.core.InputException;
import dev.probity.mitigation.Groups;
import dev.probity.mitigation.reductions.Constraint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Group-specific thresholds on a score (Hardt, Price & Srebro, "Equality of Opportunity in Supervised
 * Learning", 2016), as Fairlearn's ThresholdOptimizer: for each group the achievable (rate, objective)
 * points of all thresholds are convexified by randomizing between two thresholds; the common rate that
 * maximizes the objective is found exactly (single-rate constraints: at a hull vertex; equalized odds:
 * by ternary search on the concave envelope). Objectives: accuracy or balanced accuracy, both linear in
 * the confusion counts, so the group contributions add up exactly. The deterministic variant picks one
 * threshold per group with rates within {@code tolerance} of each other.
 */
public final class ThresholdOptimizer {
    public enum Objective { ACCURACY, BALANCED_ACCURACY }

    private final Constraint constraint;
    private final Objective objective;
    private final boolean randomized;
    private final double tolerance;

    public ThresholdOptimizer(Constraint constraint, Objective objective, boolean randomized, double tolerance) {
        switch (constraint) {
            case DEMOGRAPHIC_PARITY, EQUALIZED_ODDS, TRUE_POSITIVE_RATE_PARITY, FALSE_POSITIVE_RATE_PARITY -> {
            }
            default -> throw new InputException("the threshold optimizer supports demographic-parity, equalized-odds, "
                    + "true-positive-rate-parity and false-positive-rate-parity, not " + constraint.label()
                    + "; use exponentiated-gradient for it");
        }
        if (!randomized && constraint == Constraint.EQUALIZED_ODDS) {
            throw new InputException("the deterministic threshold optimizer handles single-rate constraints; "
                    + "equalized odds needs randomized thresholds (turn off {{deterministic}})");
        }
        if (!randomized && !(tolerance >= 0)) {
            throw new InputException("tolerance must be ≥ 0, got " + tolerance);
        }
        this.constraint = constraint;
        this.objective = objective;
        this.randomized = randomized;
        this.tolerance = tolerance;
    }

    /** The fitted rules, one per group, and the operating point they reach on the fitting data. */
    public record Fitted(Groups groups, List<GroupRule> rules, double rate, double secondRate, double objectiveValue) {
        /** P(ŷ=1) of each row. */
        public double[] probabilities(double[] scores, Groups rows) {
            double[] p = new double[scores.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = rules.get(rows.of()[i]).probability(scores[i]);
            }
            return p;
        }
    }

    /** One group's threshold points: threshold, TP, FP at "s ≥ threshold", from "never" to "always". */
    private record Points(double[] threshold, double[] tp, double[] fp, double pos, double neg) {
        int size() {
            return threshold.length;
        }
    }

    public Fitted fit(double[] scores, int[] y, Groups groups) {
        if (scores.length != y.length || scores.length != groups.rows()) {
            throw new IllegalArgumentException("scores, labels and groups differ in length");
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new InputException("score of row " + (i + 1) + " is missing; the threshold optimizer needs a score for every row");
            }
            if (y[i] != 0 && y[i] != 1) {
                throw new InputException("the threshold optimizer needs binary 0/1 labels; row " + (i + 1) + " has " + y[i]);
            }
        }
        int g = groups.count();
        Points[] pts = new Points[g];
        double totalPos = 0;
        double totalNeg = 0;
        for (int k = 0; k < g; k++) {
            pts[k] = points(scores, y, groups, k);
            totalPos += pts[k].pos;
            totalNeg += pts[k].neg;
            if (pts[k].pos == 0 && constraint != Constraint.DEMOGRAPHIC_PARITY && constraint != Constraint.FALSE_POSITIVE_RATE_PARITY) {
                throw new InputException("group '" + groups.names().get(k) + "' has no positive labels, so its true-positive rate is undefined");
            }
            if (pts[k].neg == 0 && (constraint == Constraint.FALSE_POSITIVE_RATE_PARITY || constraint == Constraint.EQUALIZED_ODDS)) {
                throw new InputException("group '" + groups.names().get(k) + "' has no negative labels, so its false-positive rate is undefined");
            }
        }
        int n = scores.length;
        if (constraint == Constraint.EQUALIZED_ODDS) {
            return fitEqualizedOdds(pts, groups, n, totalPos, totalNeg);
        }
        double[][] rx = new double[g][];
        double[][] oy = new double[g][];
        for (int k = 0; k < g; k++) {
            Points p = pts[k];
            rx[k] = new double[p.size()];
            oy[k] = new double[p.size()];
            for (int j = 0; j < p.size(); j++) {
                rx[k][j] = rate(p, j);
                oy[k][j] = objective(p.tp[j], p.fp[j], p.pos, p.neg, n, totalPos, totalNeg);
            }
        }
        return randomized ? fitRandomized(pts, rx, oy, groups) : fitDeterministic(pts, rx, oy, groups);
    }

    private double rate(Points p, int j) {
        return switch (constraint) {
            case DEMOGRAPHIC_PARITY -> (p.tp[j] + p.fp[j]) / (p.pos + p.neg);
            case TRUE_POSITIVE_RATE_PARITY -> p.tp[j] / p.pos;
            case FALSE_POSITIVE_RATE_PARITY -> p.fp[j] / p.neg;
            default -> throw new IllegalStateException();
        };
    }

    /** The group's contribution to the overall objective at counts (TP, FP). */
    private double objective(double tp, double fp, double pos, double neg, int n, double totalPos, double totalNeg) {
        double tn = neg - fp;
        return objective == Objective.ACCURACY ? (tp + tn) / n
                : 0.5 * ((totalPos > 0 ? tp / totalPos : 0) + (totalNeg > 0 ? tn / totalNeg : 0));
    }

    private static Points points(double[] scores, int[] y, Groups groups, int group) {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (groups.of()[i] == group) {
                rows.add(new double[] {scores[i], y[i]});
            }
        }
        rows.sort((a, b) -> Double.compare(b[0], a[0]));
        List<Double> th = new ArrayList<>();
        List<Double> tp = new ArrayList<>();
        List<Double> fp = new ArrayList<>();
        th.add(Double.POSITIVE_INFINITY);
        tp.add(0.0);
        fp.add(0.0);
        double cTp = 0;
        double cFp = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i)[1] == 1) {
                cTp++;
            } else {
                cFp++;
            }
            if (i == rows.size() - 1 || rows.get(i + 1)[0] != rows.get(i)[0]) {
                th.add(rows.get(i)[0]);
                tp.add(cTp);
                fp.add(cFp);
            }
        }
        return new Points(th.stream().mapToDouble(Double::doubleValue).toArray(), tp.stream().mapToDouble(Double::doubleValue).toArray(),
                fp.stream().mapToDouble(Double::doubleValue).toArray(), cTp, cFp);
    }

    /** Indices of the upper concave hull of points (x, y) sorted by x (ties: the higher y). */
    public static int[] upperHull(double[] x, double[] y) {
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> x[a] != x[b] ? Double.compare(x[a], x[b]) : Double.compare(y[b], y[a]));
        int[] hull = new int[x.length];
        int h = 0;
        for (int idx : order) {
            if (h > 0 && x[hull[h - 1]] == x[idx]) {
                continue; // same x, lower or equal y
            }
            while (h >= 2) {
                int a = hull[h - 2];
                int b = hull[h - 1];
                double cross = (x[b] - x[a]) * (y[idx] - y[a]) - (y[b] - y[a]) * (x[idx] - x[a]);
                if (cross >= 0) {
                    h--; // b lies on or below the chord from a to idx
                } else {
                    break;
                }
            }
            hull[h++] = idx;
        }
        return Arrays.copyOf(hull, h);
    }

    /** The hull's value at {@code at}, and the two vertices and the weight of the second. */
    private record Interp(double value, int a, int b, double weightB) {
    }

    private static Interp interpolate(int[] hull, double[] x, double[] y, double at) {
        if (at <= x[hull[0]]) {
            return new Interp(y[hull[0]], hull[0], hull[0], 0);
        }
        for (int j = 1; j < hull.length; j++) {
            int a = hull[j - 1];
            int b = hull[j];
            if (at <= x[b]) {
                double w = (at - x[a]) / (x[b] - x[a]);
                return new Interp(y[a] + w * (y[b] - y[a]), a, b, w);
            }
        }
        int last = hull[hull.length - 1];
        return new Interp(y[last], last, last, 0);
    }

    private Fitted fitRandomized(Points[] pts, double[][] rx, double[][] oy, Groups groups) {
        int g = pts.length;
        int[][] hulls = new int[g][];
        java.util.TreeSet<Double> candidates = new java.util.TreeSet<>();
        for (int k = 0; k < g; k++) {
            hulls[k] = upperHull(rx[k], oy[k]);
            for (int v : hulls[k]) {
                candidates.add(rx[k][v]);
            }
        }
        double bestX = Double.NaN;
        double best = Double.NEGATIVE_INFINITY;
        for (double x : candidates) {
            double total = 0;
            for (int k = 0; k < g; k++) {
                total += interpolate(hulls[k], rx[k], oy[k], x).value;
            }
            if (total > best + 1e-15) {
                best = total;
                bestX = x;
            }
        }
        List<GroupRule> rules = new ArrayList<>();
        for (int k = 0; k < g; k++) {
            Interp in = interpolate(hulls[k], rx[k], oy[k], bestX);
            rules.add(rule(groups.names().get(k), pts[k], in, 1, 0));
        }
        return new Fitted(groups, rules, bestX, Double.NaN, best);
    }

    private static GroupRule rule(String name, Points p, Interp in, double hullWeight, double constantRate) {
        if (in.a == in.b || in.weightB == 0) {
            return new GroupRule(name, new double[] {p.threshold[in.a]}, new double[] {hullWeight}, 1 - hullWeight, constantRate);
        }
        return new GroupRule(name, new double[] {p.threshold[in.a], p.threshold[in.b]},
                new double[] {hullWeight * (1 - in.weightB), hullWeight * in.weightB}, 1 - hullWeight, constantRate);
    }

    private Fitted fitDeterministic(Points[] pts, double[][] rx, double[][] oy, Groups groups) {
        int g = pts.length;
        java.util.TreeSet<Double> candidates = new java.util.TreeSet<>();
        for (int k = 0; k < g; k++) {
            for (double r : rx[k]) {
                candidates.add(r);
            }
        }
        double best = Double.NEGATIVE_INFINITY;
        int[] bestPick = null;
        double bestX = Double.NaN;
        double half = tolerance / 2;
        for (double x : candidates) {
            // the window [x, x + tolerance]: every pair of chosen rates differs by at most the tolerance
            double total = 0;
            int[] pick = new int[g];
            boolean feasible = true;
            for (int k = 0; k < g && feasible; k++) {
                int chosen = -1;
                for (int j = 0; j < rx[k].length; j++) {
                    if (rx[k][j] >= x - 1e-12 && rx[k][j] <= x + tolerance + 1e-12 && (chosen < 0 || oy[k][j] > oy[k][chosen])) {
                        chosen = j;
                    }
                }
                if (chosen < 0) {
                    feasible = false;
                } else {
                    pick[k] = chosen;
                    total += oy[k][chosen];
                }
            }
            if (feasible && total > best + 1e-15) {
                best = total;
                bestPick = pick;
                bestX = x + half;
            }
        }
        if (bestPick == null) {
            throw new InputException("no single thresholds bring every group's rate within " + tolerance
                    + " of each other; raise {{tolerance}} or use the randomized optimizer");
        }
        List<GroupRule> rules = new ArrayList<>();
        for (int k = 0; k < g; k++) {
            rules.add(new GroupRule(groups.names().get(k), new double[] {pts[k].threshold[bestPick[k]]}, new double[] {1}, 0, 0));
        }
        return new Fitted(groups, rules, bestX, Double.NaN, best);
    }

    private Fitted fitEqualizedOdds(Points[] pts, Groups groups, int n, double totalPos, double totalNeg) {
        int g = pts.length;
        double[][] fx = new double[g][];
        double[][] ty = new double[g][];
        int[][] hulls = new int[g][];
        for (int k = 0; k < g; k++) {
            Points p = pts[k];
            fx[k] = new double[p.size()];
            ty[k] = new double[p.size()];
            for (int j = 0; j < p.size(); j++) {
                fx[k][j] = p.fp[j] / p.neg;
                ty[k][j] = p.tp[j] / p.pos;
            }
            hulls[k] = upperHull(fx[k], ty[k]);
        }
        // maximize a·min_k h_k(x) − c·x over [0, 1]: concave, so ternary search finds the maximum
        double a = objective == Objective.ACCURACY ? totalPos / n : 0.5;
        double c = objective == Objective.ACCURACY ? totalNeg / n : 0.5;
        java.util.function.DoubleUnaryOperator f = x -> {
            double m = Double.POSITIVE_INFINITY;
            for (int k = 0; k < g; k++) {
                m = Math.min(m, interpolate(hulls[k], fx[k], ty[k], x).value);
            }
            return a * m - c * x;
        };
        double lo = 0;
        double hi = 1;
        for (int it = 0; it < 200; it++) {
            double m1 = lo + (hi - lo) / 3;
            double m2 = hi - (hi - lo) / 3;
            if (f.applyAsDouble(m1) < f.applyAsDouble(m2)) {
                lo = m1;
            } else {
                hi = m2;
            }
        }
        double x = (lo + hi) / 2;
        double yv = Double.POSITIVE_INFINITY;
        for (int k = 0; k < g; k++) {
            yv = Math.min(yv, interpolate(hulls[k], fx[k], ty[k], x).value);
        }
        List<GroupRule> rules = new ArrayList<>();
        for (int k = 0; k < g; k++) {
            Interp in = interpolate(hulls[k], fx[k], ty[k], x);
            double hullWeight = in.value - x > 1e-15 ? Math.min(1, Math.max(0, (yv - x) / (in.value - x))) : 1;
            rules.add(rule(groups.names().get(k), pts[k], in, hullWeight, x));
        }
        return new Fitted(groups, rules, x, yv, a * yv + c * (1 - x));
    }
}
