package dev.probity.monitor.perf;

import dev.probity.core.InputException;

/**
 * Platt scaling: P(y = 1 | s) = 1 / (1 + exp(a·s + b)), a and b fitted by maximum likelihood on the scores and labels
 * with Platt's (1999) smoothed targets — (N₊ + 1)/(N₊ + 2) for a positive, 1/(N₋ + 2) for a negative — as
 * scikit-learn's sigmoid calibration ({@code _sigmoid_calibration}) sets them. The fit is Newton's method with a
 * backtracking line search, written in the numerically stable form of Lin, Lin and Weng (2007), and runs until the
 * gradient is below 10⁻¹⁰ (scikit-learn stops BFGS at a gradient of 10⁻⁵; the two agree to a few parts in 10⁷).
 */
public final class Platt {
    private final double a;
    private final double b;

    private Platt(double a, double b) {
        this.a = a;
        this.b = b;
    }

    public double a() {
        return a;
    }

    public double b() {
        return b;
    }

    /**
     * Fits a and b.
     *
     * @param scores the model's scores (finite)
     * @param labels 0 or 1, one per score
     */
    public static Platt fit(double[] scores, int[] labels) {
        int n = scores.length;
        if (labels.length != n) {
            throw new InputException("Platt scaling needs one label per score; got " + n + " scores, " + labels.length + " labels");
        }
        if (n == 0) {
            throw new InputException("Platt scaling needs at least one row");
        }
        double pos = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new InputException("Platt scaling needs finite scores; row " + i + " has " + scores[i]);
            }
            if (labels[i] != 0 && labels[i] != 1) {
                throw new InputException("a label is 0 or 1; row " + i + " has " + labels[i]);
            }
            pos += labels[i];
        }
        double neg = n - pos;
        double hi = (pos + 1) / (pos + 2);
        double lo = 1 / (neg + 2);
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = labels[i] == 1 ? hi : lo;
        }
        double a = 0;
        double b = Math.log((neg + 1) / (pos + 1));
        double f = objective(scores, t, a, b);
        for (int it = 0; it < 200; it++) {
            double g1 = 0;
            double g2 = 0;
            double h11 = 1e-12;
            double h22 = 1e-12;
            double h21 = 0;
            for (int i = 0; i < n; i++) {
                double fApB = scores[i] * a + b;
                double p;
                double q;
                if (fApB >= 0) {
                    double e = Math.exp(-fApB);
                    p = e / (1 + e);
                    q = 1 / (1 + e);
                } else {
                    double e = Math.exp(fApB);
                    p = 1 / (1 + e);
                    q = e / (1 + e);
                }
                double d2 = p * q;
                h11 += scores[i] * scores[i] * d2;
                h22 += d2;
                h21 += scores[i] * d2;
                double d1 = t[i] - p;
                g1 += scores[i] * d1;
                g2 += d1;
            }
            if (Math.abs(g1) < 1e-10 && Math.abs(g2) < 1e-10) {
                break;
            }
            double det = h11 * h22 - h21 * h21;
            double dA = -(h22 * g1 - h21 * g2) / det;
            double dB = -(-h21 * g1 + h11 * g2) / det;
            double gd = g1 * dA + g2 * dB;
            double step = 1;
            boolean moved = false;
            while (step >= 1e-12) {
                double na = a + step * dA;
                double nb = b + step * dB;
                double nf = objective(scores, t, na, nb);
                if (nf < f + 1e-4 * step * gd) {
                    a = na;
                    b = nb;
                    f = nf;
                    moved = true;
                    break;
                }
                step /= 2;
            }
            if (!moved) {
                break; // no step lowers the loss: at the optimum to rounding
            }
        }
        return new Platt(a, b);
    }

    /** The negative log-likelihood against the smoothed targets, evaluated without overflow. */
    private static double objective(double[] s, double[] t, double a, double b) {
        double f = 0;
        for (int i = 0; i < s.length; i++) {
            double fApB = s[i] * a + b;
            f += fApB >= 0 ? t[i] * fApB + Math.log1p(Math.exp(-fApB)) : (t[i] - 1) * fApB + Math.log1p(Math.exp(fApB));
        }
        return f;
    }

    /** The calibrated probability of a score. */
    public double predict(double s) {
        double z = a * s + b;
        return z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z));
    }

    public double[] predict(double[] s) {
        double[] out = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = predict(s[i]);
        }
        return out;
    }
}
