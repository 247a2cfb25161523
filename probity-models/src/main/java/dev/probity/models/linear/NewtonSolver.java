package dev.probity.models.linear;

import dev.probity.core.Parallel;
import dev.probity.models.encode.Matrix;

/**
 * Newton's method with Cholesky solves for binary logistic regression and least squares with an L2
 * penalty (what scikit-learn calls newton-cholesky). The Hessian is small (encoded columns + 1) and is
 * accumulated in {@code width²} operations per row thanks to the fixed-width layout, so a fit takes a
 * handful of passes over the data where a first-order method needs hundreds. Row blocks are summed in a
 * fixed order, so the result does not depend on the number of threads.
 */
final class NewtonSolver {
    private static final int BLOCKS = 16;

    private final Matrix x;
    private final int[] y;
    private final double[] target;
    private final double[] weights;
    private final double totalWeight;
    private final double reg;
    private final boolean logistic;
    private final int threads;
    private final int p;
    private final int dim;

    NewtonSolver(Matrix x, int[] y, double[] target, double[] weights, double totalWeight, double reg, boolean logistic, int threads) {
        this.x = x;
        this.y = y;
        this.target = target;
        this.weights = weights;
        this.totalWeight = totalWeight;
        this.reg = reg;
        this.logistic = logistic;
        this.threads = threads;
        this.p = x.columns();
        this.dim = p + 1;
    }

    /** The solution, and the Cholesky factor of the last Hessian computed (a hint for the next, similar fit). */
    record Result(double[] beta, int iterations, boolean converged, double[] factor) {
    }

    /**
     * Minimizes from {@code start}. The Hessian is recomputed only when the step it gives stops contracting
     * the gradient fast (a full step that at least quarters the largest gradient component keeps it), so a
     * warm-started fit with a {@code factorHint} from a similar problem (the reductions' repeated fits)
     * mostly costs gradient passes. Without a hint, the first step is a true Newton step.
     */
    Result solve(double[] start, int maxIterations, double tolerance, double[] factorHint) {
        double[] beta = start.clone();
        double[] grad = new double[dim];
        double[] hess = new double[dim * dim];
        double[] factor = factorHint != null && factorHint.length == dim * dim ? factorHint : null;
        double f = pass(beta, grad, factor == null ? hess : null, factor == null);
        if (factor == null) {
            factor = factorize(hess);
        }
        int it = 0;
        boolean converged = false;
        double[] trial = new double[dim];
        double[] trialGrad = new double[dim];
        while (it < maxIterations) {
            double gmax = maxAbs(grad);
            if (gmax <= tolerance) {
                converged = true;
                break;
            }
            double[] step = solveWithFactor(factor, grad);
            double slope = 0;
            for (int j = 0; j < dim; j++) {
                slope -= step[j] * grad[j];
            }
            if (!(slope < 0)) {
                // the factor no longer gives a descent direction: refresh it here and retry
                f = pass(beta, grad, hess, true);
                factor = factorize(hess);
                it++;
                continue;
            }
            double t = 1;
            double fNew;
            int tries = 0;
            while (true) {
                for (int j = 0; j < dim; j++) {
                    trial[j] = beta[j] - t * step[j];
                }
                fNew = pass(trial, trialGrad, null, false);
                if (fNew <= f + 1e-4 * t * slope || ++tries > 30) {
                    break;
                }
                t *= 0.5;
            }
            it++;
            if (tries > 30) {
                break;
            }
            double previous = f;
            boolean contracting = t == 1 && maxAbs(trialGrad) <= 0.25 * gmax;
            System.arraycopy(trial, 0, beta, 0, dim);
            if (contracting) {
                System.arraycopy(trialGrad, 0, grad, 0, dim);
                f = fNew;
            } else {
                f = pass(beta, grad, hess, true);
                factor = factorize(hess);
            }
            if (previous - f <= 1e-15 * Math.max(1, Math.abs(f)) && maxAbs(grad) <= tolerance * 100) {
                converged = true;
                break;
            }
        }
        return new Result(beta, it, converged, factor);
    }

    /** Objective; fills the gradient, and the Hessian when {@code withHessian}. */
    private double pass(double[] beta, double[] grad, double[] hess, boolean withHessian) {
        int n = x.rows();
        int blocks = Math.min(BLOCKS, Math.max(1, n / 2048));
        double[][] g = new double[blocks][dim];
        double[][] h = withHessian ? new double[blocks][dim * dim] : null;
        double[] losses = new double[blocks];
        int w = x.width();
        int[] idx = x.index();
        double[] val = x.value();
        Parallel.forEach(blocks, threads, b -> {
            int from = (int) ((long) n * b / blocks);
            int to = (int) ((long) n * (b + 1) / blocks);
            double[] gb = g[b];
            double[] hb = withHessian ? h[b] : null;
            double loss = 0;
            for (int i = from; i < to; i++) {
                double wi = weights == null ? 1 : weights[i];
                if (wi == 0) {
                    continue;
                }
                int base = i * w;
                double z = beta[p];
                for (int j = 0; j < w; j++) {
                    z += val[base + j] * beta[idx[base + j]];
                }
                double d;
                double curv;
                if (logistic) {
                    int yi = y[i];
                    // log(1 + e^z) − y·z, stably; Math.log is an intrinsic where log1p is not
                    double e = Math.exp(-Math.abs(z));
                    loss += wi * (Math.max(z, 0) + Math.log(1 + e) - yi * z);
                    double mu = z >= 0 ? 1 / (1 + e) : e / (1 + e);
                    d = wi * (mu - yi);
                    curv = wi * mu * (1 - mu);
                } else {
                    double r = z - target[i];
                    loss += wi * 0.5 * r * r;
                    d = wi * r;
                    curv = wi;
                }
                for (int j = 0; j < w; j++) {
                    gb[idx[base + j]] += d * val[base + j];
                }
                gb[p] += d;
                if (hb != null && curv != 0) {
                    // upper triangle only (each pair once); mirrored after the blocks are summed
                    for (int a = 0; a < w; a++) {
                        int ia = idx[base + a];
                        double va = curv * val[base + a];
                        if (va == 0) {
                            continue;
                        }
                        for (int c = a; c < w; c++) {
                            int ic = idx[base + c];
                            hb[ia <= ic ? ia * dim + ic : ic * dim + ia] += va * val[base + c];
                        }
                        hb[ia * dim + p] += va;
                    }
                    hb[p * dim + p] += curv;
                }
            }
            losses[b] = loss;
        });
        java.util.Arrays.fill(grad, 0);
        if (hess != null) {
            java.util.Arrays.fill(hess, 0);
        }
        double loss = 0;
        for (int b = 0; b < blocks; b++) {
            loss += losses[b];
            for (int j = 0; j < dim; j++) {
                grad[j] += g[b][j];
            }
            if (withHessian) {
                for (int j = 0; j < dim * dim; j++) {
                    hess[j] += h[b][j];
                }
            }
        }
        double inv = 1 / totalWeight;
        loss *= inv;
        for (int j = 0; j < dim; j++) {
            grad[j] *= inv;
        }
        for (int j = 0; j < p; j++) {
            loss += 0.5 * reg * beta[j] * beta[j];
            grad[j] += reg * beta[j];
        }
        if (withHessian) {
            for (int a = 0; a < dim; a++) {
                for (int c = a + 1; c < dim; c++) {
                    hess[c * dim + a] = hess[a * dim + c];
                }
            }
            for (int j = 0; j < dim * dim; j++) {
                hess[j] *= inv;
            }
            for (int j = 0; j < p; j++) {
                hess[j * dim + j] += reg;
            }
        }
        return loss;
    }

    /** The Cholesky factor of H, with a small ridge added when H is not numerically positive definite (null: hopeless). */
    static double[] factorize(double[] hess) {
        int n = (int) Math.round(Math.sqrt(hess.length));
        double jitter = 0;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale = Math.max(scale, Math.abs(hess[i * n + i]));
        }
        for (int attempt = 0; attempt < 12; attempt++) {
            double[] l = cholesky(hess, n, jitter);
            if (l != null) {
                return l;
            }
            jitter = jitter == 0 ? 1e-10 * Math.max(scale, 1e-300) : jitter * 10;
        }
        return null;
    }

    /** Solves L Lᵀ s = g; without a factor, returns g (a gradient step). */
    static double[] solveWithFactor(double[] l, double[] g) {
        int n = g.length;
        if (l == null) {
            return g.clone();
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double s = g[i];
            for (int k = 0; k < i; k++) {
                s -= l[i * n + k] * z[k];
            }
            z[i] = s / l[i * n + i];
        }
        double[] out = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k * n + i] * out[k];
            }
            out[i] = s / l[i * n + i];
        }
        return out;
    }

    private static double[] cholesky(double[] a, int n, double jitter) {
        double[] l = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * n + j] + (i == j ? jitter : 0);
                for (int k = 0; k < j; k++) {
                    s -= l[i * n + k] * l[j * n + k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        return null;
                    }
                    l[i * n + i] = Math.sqrt(s);
                } else {
                    l[i * n + j] = s / l[j * n + j];
                }
            }
        }
        return l;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
