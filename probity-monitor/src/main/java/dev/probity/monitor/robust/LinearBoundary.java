package dev.probity.monitor.robust;

import java.util.Arrays;

/**
 * The exact smallest change that moves a row onto the decision boundary of a classifier whose log-odds are affine in
 * the numeric features, {@code z(x + d) = z(x) + a · d}, within box bounds on each step. It is the yardstick the attacks
 * are checked against: an attack can only find a change at least this large.
 *
 * <p>With target {@code T = |z|} and, for each free feature, the useful slope {@code u_j = |a_j|} and the room
 * {@code c_j ≥ 0} the box leaves in the useful direction, the problem is: minimise the norm of {@code v ≥ 0} subject to
 * {@code Σ u_j v_j = T} and {@code v_j ≤ c_j}. Its solutions, from the Karush–Kuhn–Tucker conditions:
 * <ul>
 *   <li>L∞: {@code v_j = min(ε, c_j)}, the smallest ε with {@code Σ u_j min(ε, c_j) = T};</li>
 *   <li>L2: {@code v_j = min(λ u_j, c_j)}, the λ with {@code Σ u_j min(λ u_j, c_j) = T} (without bounds this is
 *       {@code |z| / ‖a‖₂});</li>
 *   <li>L1: spend on the steepest features first, each up to its room (without bounds, {@code |z| / max |a_j|}).</li>
 * </ul>
 * Each left side is piecewise linear and non-decreasing, so sorting its breakpoints solves it exactly. When the box
 * leaves too little room the boundary cannot be reached: the distance is infinite.
 */
public final class LinearBoundary {
    private LinearBoundary() {
    }

    /**
     * The smallest {@code norm} of a step (in the coordinates of {@code slope}) that brings the log-odds from {@code z} to 0.
     *
     * @param z     the row's log-odds
     * @param slope ∂z/∂ coordinate for each free coordinate (NaN or 0 for one that cannot help)
     * @param lower the most negative step each coordinate may take (≤ 0, may be −∞)
     * @param upper the largest positive step (≥ 0, may be +∞)
     */
    public static double distance(double z, double[] slope, double[] lower, double[] upper, Norm norm) {
        return solve(z, slope, lower, upper, norm, null);
    }

    /** As {@link #distance}, also writing the minimising step into {@code step} (same length as {@code slope}). */
    public static double solve(double z, double[] slope, double[] lower, double[] upper, Norm norm, double[] step) {
        int p = slope.length;
        if (step != null) {
            Arrays.fill(step, 0);
        }
        double target = Math.abs(z);
        if (target == 0) {
            return 0;
        }
        double direction = z > 0 ? -1 : 1; // the sign the log-odds must move in
        int[] idx = new int[p];
        double[] u = new double[p];
        double[] room = new double[p];
        int m = 0;
        for (int j = 0; j < p; j++) {
            double a = slope[j];
            if (!(a != 0) || Double.isNaN(a)) {
                continue;
            }
            double helpful = Math.signum(a) * direction; // +1: the coordinate must rise
            double c = helpful > 0 ? upper[j] : -lower[j];
            if (!(c > 0)) {
                continue;
            }
            idx[m] = j;
            u[m] = Math.abs(a);
            room[m] = c;
            m++;
        }
        double[] v = new double[m];
        double size = switch (norm) {
            case LINF -> linf(target, u, room, m, v);
            case L2 -> l2(target, u, room, m, v);
            case L1 -> l1(target, u, room, m, v);
        };
        if (step != null && Double.isFinite(size)) {
            for (int k = 0; k < m; k++) {
                int j = idx[k];
                step[j] = Math.signum(slope[j]) * direction * v[k];
            }
        }
        return size;
    }

    // Σ u_k min(ε, c_k) = T: walk the rooms in increasing order; between two of them the sum is linear in ε.
    private static double linf(double target, double[] u, double[] room, int m, double[] v) {
        Integer[] order = order(room, m);
        double capped = 0; // Σ u_k c_k over coordinates already at their room
        double open = 0;   // Σ u_k over coordinates still growing
        for (int k = 0; k < m; k++) {
            open += u[k];
        }
        double eps = Double.POSITIVE_INFINITY;
        for (int r = 0; r <= m; r++) {
            double next = r < m ? room[order[r]] : Double.POSITIVE_INFINITY;
            if (open > 0) {
                double e = (target - capped) / open;
                if (e <= next) {
                    eps = e;
                    break;
                }
            }
            if (r == m) {
                break;
            }
            int k = order[r];
            capped += u[k] * room[k];
            open -= u[k];
        }
        if (Double.isFinite(eps)) {
            for (int k = 0; k < m; k++) {
                v[k] = Math.min(eps, room[k]);
            }
        }
        return eps;
    }

    // Σ u_k min(λ u_k, c_k) = T: breakpoints at λ = c_k / u_k.
    private static double l2(double target, double[] u, double[] room, int m, double[] v) {
        double[] bp = new double[m];
        for (int k = 0; k < m; k++) {
            bp[k] = room[k] / u[k];
        }
        Integer[] order = order(bp, m);
        double capped = 0;
        double open = 0; // Σ u_k² over growing coordinates
        for (int k = 0; k < m; k++) {
            open += u[k] * u[k];
        }
        double lambda = Double.POSITIVE_INFINITY;
        for (int r = 0; r <= m; r++) {
            double next = r < m ? bp[order[r]] : Double.POSITIVE_INFINITY;
            if (open > 0) {
                double l = (target - capped) / open;
                if (l <= next) {
                    lambda = l;
                    break;
                }
            }
            if (r == m) {
                break;
            }
            int k = order[r];
            capped += u[k] * room[k];
            open -= u[k] * u[k];
        }
        if (!Double.isFinite(lambda)) {
            return Double.POSITIVE_INFINITY;
        }
        double s = 0;
        for (int k = 0; k < m; k++) {
            v[k] = Math.min(lambda * u[k], room[k]);
            s += v[k] * v[k];
        }
        return Math.sqrt(s);
    }

    // Cheapest first: each unit of v_k buys u_k of the target.
    private static double l1(double target, double[] u, double[] room, int m, double[] v) {
        double[] neg = new double[m];
        for (int k = 0; k < m; k++) {
            neg[k] = -u[k];
        }
        Integer[] order = order(neg, m);
        double left = target;
        double size = 0;
        for (int r = 0; r < m && left > 0; r++) {
            int k = order[r];
            double take = Math.min(room[k], left / u[k]);
            v[k] = take;
            size += take;
            left -= take * u[k];
        }
        return left > 1e-12 * target ? Double.POSITIVE_INFINITY : size;
    }

    private static Integer[] order(double[] key, int m) {
        Integer[] o = new Integer[m];
        for (int k = 0; k < m; k++) {
            o[k] = k;
        }
        Arrays.sort(o, (a, b) -> Double.compare(key[a], key[b]));
        return o;
    }
}
