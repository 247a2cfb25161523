package dev.probity.models.optim;

import dev.probity.core.Internal;

/**
 * Limited-memory BFGS for smooth convex objectives, and its orthant-wise variant OWL-QN (Andrew & Gao,
 * 2007) for objectives with an added L1 term {@code l1 * sum |x_j|} over chosen coordinates. Deterministic:
 * no randomness, fixed iteration order. The line search is backtracking with the Armijo condition, which
 * is enough for the convex losses used here.
 */
@Internal("use LinearTrainer")
public final class Lbfgs {
    /** f(x) and its gradient (written into {@code grad}); returns f. The L1 term is not included. */
    @FunctionalInterface
    public interface Objective {
        double evaluate(double[] x, double[] grad);
    }

    /** The outcome of a minimization. */
    public record Result(double[] x, double value, int iterations, int evaluations, boolean converged) {
    }

    private final int memory;
    private final int maxIterations;
    private final double gradientTolerance;
    private final double relativeTolerance;

    /**
     * @param memory            number of correction pairs kept (typically 10)
     * @param maxIterations     iteration cap
     * @param gradientTolerance stop when the largest (pseudo-)gradient component is below this
     * @param relativeTolerance stop when {@code (f_prev - f) / max(|f|, 1)} falls below this
     */
    public Lbfgs(int memory, int maxIterations, double gradientTolerance, double relativeTolerance) {
        this.memory = memory;
        this.maxIterations = maxIterations;
        this.gradientTolerance = gradientTolerance;
        this.relativeTolerance = relativeTolerance;
    }

    /** Minimizes {@code f} from {@code x0} (not modified). */
    public Result minimize(Objective f, double[] x0) {
        return minimize(f, x0, 0, null);
    }

    /**
     * Minimizes {@code f(x) + l1 * sum_{j: penalized[j]} |x_j|} from {@code x0}. With {@code l1 == 0} this is
     * plain L-BFGS.
     */
    public Result minimize(Objective f, double[] x0, double l1, boolean[] penalized) {
        int n = x0.length;
        boolean owl = l1 > 0;
        double[] x = x0.clone();
        double[] g = new double[n];
        double[] pg = new double[n];
        double[] d = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        double[][] s = new double[memory][n];
        double[][] y = new double[memory][n];
        double[] rho = new double[memory];
        double[] alpha = new double[memory];
        int stored = 0;
        int head = 0;
        int evaluations = 1;
        double fx = f.evaluate(x, g) + (owl ? l1Norm(x, l1, penalized) : 0);
        int iter = 0;
        boolean converged = false;
        while (iter < maxIterations) {
            pseudoGradient(x, g, l1, penalized, pg);
            if (maxAbs(pg) <= gradientTolerance) {
                converged = true;
                break;
            }
            // two-loop recursion on the (pseudo-)gradient
            for (int j = 0; j < n; j++) {
                d[j] = -pg[j];
            }
            for (int k = 0; k < stored; k++) {
                int i = Math.floorMod(head - 1 - k, memory);
                alpha[i] = rho[i] * dot(s[i], d);
                axpy(-alpha[i], y[i], d);
            }
            if (stored > 0) {
                int last = Math.floorMod(head - 1, memory);
                double gamma = dot(s[last], y[last]) / dot(y[last], y[last]);
                for (int j = 0; j < n; j++) {
                    d[j] *= gamma;
                }
            } else {
                double scale = 1 / Math.max(1, norm(pg));
                for (int j = 0; j < n; j++) {
                    d[j] *= scale;
                }
            }
            for (int k = stored - 1; k >= 0; k--) {
                int i = Math.floorMod(head - 1 - k, memory);
                double beta = rho[i] * dot(y[i], d);
                axpy(alpha[i] - beta, s[i], d);
            }
            if (owl) {
                // keep the direction in the orthant of the steepest descent direction
                for (int j = 0; j < n; j++) {
                    if (d[j] * -pg[j] <= 0) {
                        d[j] = 0;
                    }
                }
            }
            double slope = dot(pg, d);
            if (slope >= 0) {
                // not a descent direction (numerical trouble): restart from steepest descent
                stored = 0;
                for (int j = 0; j < n; j++) {
                    d[j] = -pg[j];
                }
                slope = dot(pg, d);
            }
            double step = 1;
            double fNew;
            int tries = 0;
            while (true) {
                for (int j = 0; j < n; j++) {
                    xNew[j] = x[j] + step * d[j];
                }
                if (owl) {
                    for (int j = 0; j < n; j++) {
                        if (penalized == null || penalized[j]) {
                            double orth = x[j] != 0 ? Math.signum(x[j]) : -Math.signum(pg[j]);
                            if (xNew[j] * orth <= 0) {
                                xNew[j] = 0;
                            }
                        }
                    }
                }
                fNew = f.evaluate(xNew, gNew) + (owl ? l1Norm(xNew, l1, penalized) : 0);
                evaluations++;
                double decrease = owl ? dotDiff(pg, xNew, x) : step * slope;
                if (fNew <= fx + 1e-4 * decrease || ++tries > 40) {
                    break;
                }
                step *= 0.5;
            }
            iter++;
            if (tries > 40) {
                break;
            }
            double[] sNew = s[head];
            double[] yNew = y[head];
            for (int j = 0; j < n; j++) {
                sNew[j] = xNew[j] - x[j];
                yNew[j] = gNew[j] - g[j];
            }
            double sy = dot(sNew, yNew);
            if (sy > 1e-12 * Math.max(1, dot(yNew, yNew))) {
                rho[head] = 1 / sy;
                head = (head + 1) % memory;
                stored = Math.min(stored + 1, memory);
            }
            double previous = fx;
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            if ((previous - fx) / Math.max(Math.abs(fx), 1) < relativeTolerance) {
                converged = true;
                break;
            }
        }
        return new Result(x, fx, iter, evaluations, converged);
    }

    private static void pseudoGradient(double[] x, double[] g, double l1, boolean[] penalized, double[] out) {
        for (int j = 0; j < x.length; j++) {
            if (l1 <= 0 || (penalized != null && !penalized[j])) {
                out[j] = g[j];
            } else if (x[j] > 0) {
                out[j] = g[j] + l1;
            } else if (x[j] < 0) {
                out[j] = g[j] - l1;
            } else if (g[j] + l1 < 0) {
                out[j] = g[j] + l1;
            } else if (g[j] - l1 > 0) {
                out[j] = g[j] - l1;
            } else {
                out[j] = 0;
            }
        }
    }

    private static double l1Norm(double[] x, double l1, boolean[] penalized) {
        double s = 0;
        for (int j = 0; j < x.length; j++) {
            if (penalized == null || penalized[j]) {
                s += Math.abs(x[j]);
            }
        }
        return l1 * s;
    }

    private static double dotDiff(double[] g, double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < g.length; j++) {
            s += g[j] * (a[j] - b[j]);
        }
        return s;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int j = 0; j < x.length; j++) {
            y[j] += a * x[j];
        }
    }
}
