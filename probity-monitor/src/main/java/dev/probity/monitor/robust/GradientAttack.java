package dev.probity.monitor.robust;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.LogitGradient;
import dev.probity.core.stats.SplitMix64;

import java.util.Arrays;

/**
 * Gradient attacks on a binary classifier whose log-odds have a gradient ({@link dev.probity.core.model.Model#logitGradient()}):
 * the fast gradient sign method (Goodfellow, Shlens &amp; Szegedy 2015) and projected gradient descent (Madry et al. 2018),
 * in the L∞ or L2 ball of radius ε (standard deviations, see {@link InputSpace}), inside the features' ranges, with the
 * immutable features untouched. Each step moves against the decided class's margin: down the log-odds for a row decided
 * 1, up for a row decided 0.
 *
 * <ul>
 *   <li>FGSM: one step {@code ε · sign(∇)} (L∞), clipped to the ranges.</li>
 *   <li>PGD: {@code iterations} steps of size {@code 2.5 ε / iterations} (Madry et al.'s choice), each followed by
 *       projection onto the ε-ball and clipping to the ranges; L∞ steps along {@code sign(∇)}, L2 steps along
 *       {@code ∇ / ‖∇‖₂}; optionally from a random point of the ball (seeded). A row counts as flipped at the first
 *       step whose decision differs.</li>
 *   <li>{@link #minimal}: the smallest ε at which PGD flips each row, by bisection. For a linear model PGD follows the
 *       exact optimal direction, so this recovers {@link LinearBoundary}'s distance.</li>
 * </ul>
 */
public final class GradientAttack {
    private GradientAttack() {
    }

    /**
     * PGD's settings.
     *
     * @param norm        L∞ or L2
     * @param iterations  gradient steps (1 with no random start is FGSM)
     * @param randomStart whether to start from a uniformly random point of the ball
     * @param seed        the seed of the random start
     */
    public record Settings(Norm norm, int iterations, boolean randomStart, long seed) {
        public Settings {
            if (norm == Norm.L1) {
                throw new InputException("gradient attacks move in the linf or l2 ball; use hop-skip-jump for other measures");
            }
            if (iterations < 1 || iterations > 10_000) {
                throw new InputException("PGD takes 1 to 10,000 iterations; got " + iterations);
            }
        }

        /** L∞, 20 iterations, no random start. */
        public static Settings pgd(Norm norm) {
            return new Settings(norm, 20, false, 42);
        }
    }

    /** The fast gradient sign method at radius {@code eps}. */
    public static AttackResult fgsm(InputSpace space, Frame data, int[] rows, double eps) {
        return at(space, data, rows, fill(rows.length, eps), new Settings(Norm.LINF, 1, false, 0), "fgsm", 1.0);
    }

    /** Projected gradient descent at radius {@code eps}. */
    public static AttackResult pgd(InputSpace space, Frame data, int[] rows, double eps, Settings s) {
        return at(space, data, rows, fill(rows.length, eps), s, "pgd", 2.5 / s.iterations());
    }

    /**
     * The smallest radius at which PGD flips each row, found by bisection on {@code [0, maxEps]} until the bracket is
     * narrower than {@code tolerance}; +∞ for a row PGD cannot flip at {@code maxEps}. The distance reported is the size
     * of the change found at the bracket's upper end.
     */
    public static AttackResult minimal(InputSpace space, Frame data, int[] rows, double maxEps, double tolerance, Settings s) {
        if (!(maxEps > 0) || !(tolerance > 0)) {
            throw new InputException("the largest radius and the tolerance are positive; got " + maxEps + " and " + tolerance);
        }
        int n = rows.length;
        double step = 2.5 / s.iterations();
        AttackResult top = at(space, data, rows, fill(n, maxEps), s, "pgd-minimal", step);
        long calls = top.modelCalls();
        double[] lo = new double[n];
        double[] hi = fill(n, maxEps);
        double[] best = top.adversarial().clone();
        double[] dist = top.distance().clone();
        int p = space.dimension();
        while (true) {
            int[] open = java.util.stream.IntStream.range(0, n)
                    .filter(i -> Double.isFinite(dist[i]) && hi[i] - lo[i] > tolerance).toArray();
            if (open.length == 0) {
                break;
            }
            int[] sub = new int[open.length];
            double[] mid = new double[open.length];
            for (int r = 0; r < open.length; r++) {
                sub[r] = rows[open[r]];
                mid[r] = (lo[open[r]] + hi[open[r]]) / 2;
            }
            AttackResult a = at(space, data, sub, mid, s, "pgd-minimal", step);
            calls += a.modelCalls();
            for (int r = 0; r < open.length; r++) {
                int i = open[r];
                if (Double.isFinite(a.distance()[r])) {
                    hi[i] = mid[r];
                    dist[i] = a.distance()[r];
                    System.arraycopy(a.adversarial(), r * p, best, i * p, p);
                } else {
                    lo[i] = mid[r];
                }
            }
        }
        return new AttackResult("pgd-minimal", s.norm(), rows.clone(), top.original(), dist, best, calls);
    }

    /**
     * The exact smallest change for a model whose log-odds are affine in the numeric features ({@link LinearBoundary}),
     * within the ranges; the change returned sits on the boundary itself.
     *
     * @throws InputException when the model's log-odds are not affine
     */
    public static AttackResult linearExact(InputSpace space, Frame data, int[] rows, Norm norm) {
        LogitGradient g = gradientOf(space);
        if (!g.affine()) {
            throw new InputException("exact boundary distances need a model whose log-odds are linear in its numbers (a logistic regression)");
        }
        Box box = new Box(space, data, rows);
        Frame at = data.select(rows);
        double[] z = g.logOdds(at);
        double[] grad = g.gradient(at, space.numeric());
        int n = rows.length;
        int p = box.p;
        double[] dist = new double[n];
        double[] adv = new double[n * p];
        double[] slope = new double[p];
        double[] lo = new double[p];
        double[] hi = new double[p];
        double[] step = new double[p];
        double[] d = new double[n * p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                slope[j] = box.frozen(i, j) ? 0 : grad[i * p + j] * space.scale()[j];
                lo[j] = box.lower[i * p + j];
                hi[j] = box.upper[i * p + j];
            }
            dist[i] = LinearBoundary.solve(z[i], slope, lo, hi, norm, step);
            System.arraycopy(step, 0, d, i * p, p);
        }
        double[] x = box.point(d);
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(dist[i])) {
                System.arraycopy(x, i * p, adv, i * p, p);
            } else {
                System.arraycopy(box.x0, i * p, adv, i * p, p);
            }
        }
        return new AttackResult("linear-exact", norm, rows.clone(), box.original, dist, adv, box.calls);
    }

    private static AttackResult at(InputSpace space, Frame data, int[] rows, double[] eps, Settings s, String name, double stepFraction) {
        for (double e : eps) {
            if (!(e >= 0) || !Double.isFinite(e)) {
                throw new InputException("an attack radius is a non-negative number of standard deviations; got " + e);
            }
        }
        LogitGradient g = gradientOf(space);
        Box box = new Box(space, data, rows);
        int n = box.n;
        int p = box.p;
        double[] d = new double[n * p];
        SplitMix64 rng = new SplitMix64(s.seed());
        if (s.randomStart()) {
            for (int i = 0; i < n; i++) {
                randomInBall(rng, d, i * p, p, eps[i], s.norm());
                for (int j = 0; j < p; j++) {
                    d[i * p + j] = box.frozen(i, j) ? 0 : box.clip(i, j, d[i * p + j]);
                }
            }
        }
        double[] dist = fill(n, Double.POSITIVE_INFINITY);
        double[] found = new double[n * p];
        boolean[] done = new boolean[n];
        int[] all = java.util.stream.IntStream.range(0, n).toArray();
        for (int it = 0; it < s.iterations(); it++) {
            int[] open = Arrays.stream(all).filter(i -> !done[i]).toArray();
            if (open.length == 0) {
                break;
            }
            double[] cur = slice(d, open, p);
            Frame here = space.with(data, pick(rows, open), pointOf(box, open, cur));
            double[] grad = g.gradient(here, space.numeric());
            for (int r = 0; r < open.length; r++) {
                int i = open[r];
                double sign = box.original[i] == 1 ? -1 : 1;
                double norm2 = 0;
                for (int j = 0; j < p; j++) {
                    double a = box.frozen(i, j) ? 0 : sign * grad[r * p + j] * space.scale()[j];
                    grad[r * p + j] = a;
                    norm2 += a * a;
                }
                double alpha = stepFraction * eps[i];
                for (int j = 0; j < p; j++) {
                    double a = grad[r * p + j];
                    double move = s.norm() == Norm.LINF ? Math.signum(a) : (norm2 > 0 ? a / Math.sqrt(norm2) : 0);
                    d[i * p + j] += alpha * move;
                }
                project(d, i * p, p, eps[i], s.norm());
                for (int j = 0; j < p; j++) {
                    d[i * p + j] = box.frozen(i, j) ? 0 : box.clip(i, j, d[i * p + j]);
                }
            }
            int[] now = box.decide(open, slice(d, open, p));
            for (int r = 0; r < open.length; r++) {
                int i = open[r];
                if (now[r] != box.original[i]) {
                    done[i] = true;
                    dist[i] = s.norm().of(d, i * p, p);
                    System.arraycopy(d, i * p, found, i * p, p);
                }
            }
        }
        double[] x = box.point(found);
        for (int i = 0; i < n; i++) {
            if (!done[i]) {
                System.arraycopy(box.x0, i * p, x, i * p, p);
            }
        }
        return new AttackResult(name, s.norm(), rows.clone(), box.original, dist, x, box.calls);
    }

    /**
     * The worst case in the ball for training (Madry et al.'s inner maximization): every row takes all {@code iterations}
     * PGD steps against the margin of its <em>label</em> (not of the model's decision), projected onto the ε-ball and
     * clipped to the ranges, with no early stop. Returns the changed numeric features, row-major
     * {@code rows.length × dimension} in the data's units.
     *
     * @param labels each row's class, 0 or 1
     */
    public static double[] worstCase(InputSpace space, Frame data, int[] rows, int[] labels, double eps, Settings s) {
        if (!(eps >= 0) || !Double.isFinite(eps)) {
            throw new InputException("an attack radius is a non-negative number of standard deviations; got " + eps);
        }
        LogitGradient g = gradientOf(space);
        Box box = new Box(space, data, rows);
        int n = box.n;
        int p = box.p;
        double[] d = new double[n * p];
        SplitMix64 rng = new SplitMix64(s.seed());
        if (s.randomStart()) {
            for (int i = 0; i < n; i++) {
                randomInBall(rng, d, i * p, p, eps, s.norm());
                for (int j = 0; j < p; j++) {
                    d[i * p + j] = box.frozen(i, j) ? 0 : box.clip(i, j, d[i * p + j]);
                }
            }
        }
        int[] all = java.util.stream.IntStream.range(0, n).toArray();
        double alpha = 2.5 * eps / s.iterations();
        for (int it = 0; it < s.iterations(); it++) {
            Frame here = space.with(data, rows, pointOf(box, all, d));
            double[] grad = g.gradient(here, space.numeric());
            for (int i = 0; i < n; i++) {
                double sign = labels[i] == 1 ? -1 : 1;
                double norm2 = 0;
                for (int j = 0; j < p; j++) {
                    double a = box.frozen(i, j) ? 0 : sign * grad[i * p + j] * space.scale()[j];
                    grad[i * p + j] = a;
                    norm2 += a * a;
                }
                for (int j = 0; j < p; j++) {
                    double a = grad[i * p + j];
                    d[i * p + j] += alpha * (s.norm() == Norm.LINF ? Math.signum(a) : (norm2 > 0 ? a / Math.sqrt(norm2) : 0));
                }
                project(d, i * p, p, eps, s.norm());
                for (int j = 0; j < p; j++) {
                    d[i * p + j] = box.frozen(i, j) ? 0 : box.clip(i, j, d[i * p + j]);
                }
            }
        }
        return pointOf(box, all, d);
    }

    static LogitGradient gradientOf(InputSpace space) {
        return space.model().logitGradient().orElseThrow(() -> new InputException(
                "a gradient attack needs a model with a log-odds gradient (Probity's logistic regression on unbinned numbers); "
                        + space.model().info().algorithm() + " has none: use hop-skip-jump or boundary, which need only decisions"));
    }

    private static void project(double[] d, int off, int p, double eps, Norm norm) {
        if (norm == Norm.LINF) {
            for (int j = off; j < off + p; j++) {
                d[j] = Math.max(-eps, Math.min(eps, d[j]));
            }
            return;
        }
        double len = norm.of(d, off, p);
        if (len > eps) {
            for (int j = off; j < off + p; j++) {
                d[j] *= eps / len;
            }
        }
    }

    private static void randomInBall(SplitMix64 rng, double[] d, int off, int p, double eps, Norm norm) {
        if (norm == Norm.LINF) {
            for (int j = off; j < off + p; j++) {
                d[j] = eps * (2 * rng.nextDouble() - 1);
            }
            return;
        }
        double len = 0;
        for (int j = off; j < off + p; j++) {
            d[j] = gaussian(rng);
            len += d[j] * d[j];
        }
        double r = eps * Math.pow(rng.nextDouble(), 1.0 / Math.max(1, p)) / Math.sqrt(len);
        for (int j = off; j < off + p; j++) {
            d[j] *= r;
        }
    }

    static double gaussian(SplitMix64 rng) {
        double u = 1 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static double[] pointOf(Box box, int[] which, double[] d) {
        int p = box.p;
        double[] x = new double[which.length * p];
        for (int r = 0; r < which.length; r++) {
            for (int j = 0; j < p; j++) {
                double v0 = box.x0[which[r] * p + j];
                x[r * p + j] = Double.isNaN(v0) ? Double.NaN : v0 + d[r * p + j] * box.space.scale()[j];
            }
        }
        return x;
    }

    static double[] slice(double[] d, int[] which, int p) {
        double[] out = new double[which.length * p];
        for (int r = 0; r < which.length; r++) {
            System.arraycopy(d, which[r] * p, out, r * p, p);
        }
        return out;
    }

    static int[] pick(int[] rows, int[] which) {
        int[] out = new int[which.length];
        for (int r = 0; r < which.length; r++) {
            out[r] = rows[which[r]];
        }
        return out;
    }

    static double[] fill(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }
}
