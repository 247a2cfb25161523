package dev.probity.monitor.robust;

import dev.probity.core.InputException;
import dev.probity.core.Parallel;
import dev.probity.core.frame.Frame;
import dev.probity.core.stats.SplitMix64;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Attacks that need only the model's decisions, so they work on any model (a tree, gradient boosting, an ONNX network,
 * a service): HopSkipJump (Chen, Jordan &amp; Wainwright 2020) and the boundary attack (Brendel, Rauber &amp; Bethge 2018),
 * both untargeted, in L2 over standard-deviation units (see {@link InputSpace}), inside the features' ranges, with the
 * immutable and missing features untouched.
 *
 * <p>HopSkipJump, as the authors' code and IBM ART run it: start from a random point of the ranges that the model decides
 * differently (up to {@code initSize} draws), binary-search to the boundary, then repeat: estimate the boundary's normal
 * from {@code initEval·√t} (at most {@code maxEval}) decisions at points {@code δ} away along random unit directions,
 * with the mean sign subtracted as a baseline; step along it by {@code ‖x_t − x‖/√t}, halving until the step stays
 * adversarial; binary-search back to the boundary. The binary-search threshold on the blend is ART's {@code 0.01/√d};
 * {@code δ} is {@code 0.1} of the mean range on the first iteration and {@code √d · θ · ‖x_t − x‖} after. Unlike ART the
 * step halving is capped (50 halvings) and the result is binary-searched to the boundary once more at the end (to 1e-9 of
 * the blend), so the distance reported belongs to a point that really is adversarial and as close as the attack got.
 *
 * <p>Boundary attack, as ART runs it: from the same start, alternate an orthogonal step on the sphere around the original
 * ({@code sampleSize} candidates, relative size {@code delta}) and a step towards it (relative size {@code epsilon}), each
 * tried up to {@code trials} times and each size adapted by {@code 0.667} when under 20% or over 50% of candidates succeed;
 * ends with the same final binary search.
 *
 * <p>Rows run in parallel, each with its own SplitMix64 stream of the seed, so the result does not depend on threads.
 */
public final class DecisionAttack {
    private DecisionAttack() {
    }

    /**
     * @param maxIterations HopSkipJump iterations, or boundary-attack iterations
     * @param initEval      HopSkipJump: directions at the first iteration (grows as √t)
     * @param maxEval       HopSkipJump: the most directions in one iteration
     * @param initSize      random draws tried to find a starting point
     * @param seed          the seed
     */
    public record Settings(int maxIterations, int initEval, int maxEval, int initSize, long seed) {
        public Settings {
            if (maxIterations < 1 || initEval < 1 || maxEval < initEval || initSize < 1) {
                throw new InputException("attack settings: iterations, directions and draws are positive and maxEval ≥ initEval; got "
                        + maxIterations + ", " + initEval + ", " + maxEval + ", " + initSize);
            }
        }

        /** HopSkipJump with ART's defaults: 50 iterations, 100 directions growing to at most 10,000, 100 draws to start. */
        public static Settings hopSkipJump() {
            return new Settings(50, 100, 10_000, 100, 42);
        }

        /** The boundary attack with 1,000 iterations (ART's 5,000 are meant for images) and 100 draws to start. */
        public static Settings boundary() {
            return new Settings(1_000, 20, 20, 100, 42);
        }
    }

    public static AttackResult hopSkipJump(InputSpace space, Frame data, int[] rows, Settings s) {
        return run(space, data, rows, s, true);
    }

    public static AttackResult boundary(InputSpace space, Frame data, int[] rows, Settings s) {
        return run(space, data, rows, s, false);
    }

    private static AttackResult run(InputSpace space, Frame data, int[] rows, Settings s, boolean hsj) {
        Box box = new Box(space, data, rows);
        int n = box.n;
        int p = box.p;
        double[] dist = GradientAttack.fill(n, Double.POSITIVE_INFINITY);
        double[] step = new double[n * p];
        AtomicLong calls = new AtomicLong(box.calls);
        Parallel.forEach(n, Parallel.defaultThreads(), i -> {
            Row r = new Row(box, i, SplitMix64.stream(s.seed(), rows[i]));
            double[] d = hsj ? r.hopSkipJump(s) : r.boundary(s);
            if (d != null) {
                dist[i] = Norm.L2.of(d, 0, p);
                System.arraycopy(d, 0, step, i * p, p);
            }
            calls.addAndGet(r.calls);
        });
        double[] x = box.point(step);
        return new AttackResult(hsj ? "hop-skip-jump" : "boundary", Norm.L2, rows.clone(), box.original, dist, x, calls.get());
    }

    /** One row under attack: steps {@code d} in standard deviations, only the free coordinates move. */
    private static final class Row {
        private static final int MAX_HALVINGS = 50;
        final Box box;
        final int i;
        final int p;
        final SplitMix64 rng;
        final int[] free;
        final int[] self;
        long calls;

        Row(Box box, int i, SplitMix64 rng) {
            this.box = box;
            this.i = i;
            this.p = box.p;
            this.rng = rng;
            this.free = java.util.stream.IntStream.range(0, p).filter(j -> !box.frozen(i, j)).toArray();
            this.self = new int[] {i};
        }

        /** Decisions at several steps at once: true where the decision differs from the original's. */
        boolean[] adversarial(double[][] steps) {
            int m = steps.length;
            int[] which = new int[m];
            java.util.Arrays.fill(which, i);
            double[] flat = new double[m * p];
            for (int k = 0; k < m; k++) {
                System.arraycopy(steps[k], 0, flat, k * p, p);
            }
            int[] dec;
            synchronized (this) {
                dec = decide(which, flat);
            }
            boolean[] out = new boolean[m];
            for (int k = 0; k < m; k++) {
                out[k] = dec[k] != box.original[i];
            }
            return out;
        }

        private int[] decide(int[] which, double[] flat) {
            calls += which.length;
            int[] base = new int[which.length];
            double[] x = new double[flat.length];
            for (int k = 0; k < which.length; k++) {
                base[k] = box.rows[i];
                for (int j = 0; j < p; j++) {
                    double v0 = box.x0[i * p + j];
                    x[k * p + j] = Double.isNaN(v0) ? Double.NaN : v0 + flat[k * p + j] * box.space.scale()[j];
                }
            }
            return box.space.decide(box.space.with(box.data, base, x));
        }

        boolean adversarial(double[] d) {
            return adversarial(new double[][] {d})[0];
        }

        double[] clip(double[] d) {
            double[] out = d.clone();
            for (int j = 0; j < p; j++) {
                out[j] = box.frozen(i, j) ? 0 : box.clip(i, j, d[j]);
            }
            return out;
        }

        /** A random adversarial starting point: uniform over the ranges (normal with sd 3 where a range is unbounded). */
        double[] start(int tries) {
            if (free.length == 0) {
                return null;
            }
            int batch = Math.min(tries, 25);
            for (int done = 0; done < tries; done += batch) {
                int m = Math.min(batch, tries - done);
                double[][] c = new double[m][];
                for (int k = 0; k < m; k++) {
                    double[] d = new double[p];
                    for (int j : free) {
                        double lo = box.lower[i * p + j];
                        double hi = box.upper[i * p + j];
                        d[j] = Double.isFinite(lo) && Double.isFinite(hi) ? lo + (hi - lo) * rng.nextDouble() : 3 * GradientAttack.gaussian(rng);
                    }
                    c[k] = clip(d);
                }
                boolean[] adv = adversarial(c);
                for (int k = 0; k < m; k++) {
                    if (adv[k]) {
                        return c[k];
                    }
                }
            }
            return null;
        }

        /** The adversarial end of a binary search on the blend {@code α·d} between the original (0) and {@code d} (1). */
        double[] toBoundary(double[] d, double threshold) {
            double lo = 0;
            double hi = 1;
            while (hi - lo > threshold) {
                double mid = (lo + hi) / 2;
                if (adversarial(scaled(d, mid))) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            return scaled(d, hi);
        }

        static double[] scaled(double[] d, double a) {
            double[] out = new double[d.length];
            for (int j = 0; j < d.length; j++) {
                out[j] = d[j] * a;
            }
            return out;
        }

        double meanRange() {
            double s = 0;
            int k = 0;
            for (int j : free) {
                double w = box.upper[i * p + j] - box.lower[i * p + j];
                if (Double.isFinite(w)) {
                    s += w;
                    k++;
                }
            }
            return k == 0 ? 1 : s / k;
        }

        double[] hopSkipJump(Settings s) {
            double[] x = start(s.initSize());
            if (x == null) {
                return null;
            }
            int d = free.length;
            double theta = 0.01 / Math.sqrt(d);
            x = toBoundary(x, theta);
            for (int t = 1; t <= s.maxIterations(); t++) {
                double dist = Norm.L2.of(x, 0, p);
                if (dist == 0) {
                    break;
                }
                double delta = t == 1 ? 0.1 * meanRange() : Math.sqrt(d) * theta * dist;
                int evals = (int) Math.min(s.maxEval(), (long) (s.initEval() * Math.sqrt(t)));
                double[] v = direction(x, delta, evals);
                if (v == null) {
                    break;
                }
                double eps = 2 * dist / Math.sqrt(t);
                double[] cand = null;
                for (int h = 0; h < MAX_HALVINGS; h++) {
                    eps /= 2;
                    double[] c = new double[p];
                    for (int j = 0; j < p; j++) {
                        c[j] = x[j] + eps * v[j];
                    }
                    c = clip(c);
                    if (adversarial(c)) {
                        cand = c;
                        break;
                    }
                }
                if (cand == null) {
                    break;
                }
                double[] next = toBoundary(cand, theta);
                if (Norm.L2.of(next, 0, p) < dist) {
                    x = next;
                }
            }
            return toBoundary(x, 1e-9);
        }

        // The paper's Eq. 14 with the baseline: the mean of (φ_b − mean φ)·u_b over unit directions u_b, re-derived after clipping.
        double[] direction(double[] x, double delta, int evals) {
            double[][] u = new double[evals][];
            double[][] at = new double[evals][];
            for (int b = 0; b < evals; b++) {
                double[] r = new double[p];
                double len = 0;
                for (int j : free) {
                    r[j] = GradientAttack.gaussian(rng);
                    len += r[j] * r[j];
                }
                len = Math.sqrt(len);
                double[] e = new double[p];
                for (int j : free) {
                    e[j] = x[j] + delta * r[j] / len;
                }
                e = clip(e);
                double[] ub = new double[p];
                for (int j : free) {
                    ub[j] = (e[j] - x[j]) / delta;
                }
                u[b] = ub;
                at[b] = e;
            }
            boolean[] adv = adversarial(at);
            double mean = 0;
            for (boolean a : adv) {
                mean += a ? 1 : -1;
            }
            mean /= evals;
            double[] g = new double[p];
            for (int b = 0; b < evals; b++) {
                double phi = adv[b] ? 1 : -1;
                double w = mean == 1 || mean == -1 ? mean : phi - mean;
                for (int j : free) {
                    g[j] += w * u[b][j] / evals;
                }
            }
            double len = Norm.L2.of(g, 0, p);
            if (!(len > 0)) {
                return null;
            }
            for (int j = 0; j < p; j++) {
                g[j] /= len;
            }
            return g;
        }

        double[] boundary(Settings s) {
            double[] x = start(s.initSize());
            if (x == null) {
                return null;
            }
            x = toBoundary(x, 0.01 / Math.sqrt(free.length));
            double delta = 0.01;
            double epsilon = 0.01;
            final double adapt = 0.667;
            final int trials = 25;
            int sample = s.initEval();
            for (int it = 0; it < s.maxIterations(); it++) {
                double dist = Norm.L2.of(x, 0, p);
                if (dist == 0) {
                    break;
                }
                double[][] kept = null;
                for (int tr = 0; tr < trials && kept == null; tr++) {
                    double[][] c = new double[sample][];
                    for (int k = 0; k < sample; k++) {
                        c[k] = clip(orthogonal(x, dist, delta));
                    }
                    boolean[] adv = adversarial(c);
                    int ok = count(adv);
                    double ratio = (double) ok / sample;
                    delta = ratio < 0.2 ? delta * adapt : ratio > 0.5 ? delta / adapt : delta;
                    if (ok > 0) {
                        kept = pickAdversarial(c, adv, ok);
                    }
                }
                if (kept == null) {
                    break;
                }
                double[] best = null;
                for (int tr = 0; tr < trials && best == null; tr++) {
                    double[][] c = new double[kept.length][];
                    for (int k = 0; k < kept.length; k++) {
                        c[k] = clip(scaled(kept[k], 1 - epsilon));
                    }
                    boolean[] adv = adversarial(c);
                    int ok = count(adv);
                    double ratio = (double) ok / kept.length;
                    epsilon = ratio < 0.2 ? epsilon * adapt : ratio > 0.5 ? epsilon / adapt : epsilon;
                    if (ok > 0) {
                        best = closest(pickAdversarial(c, adv, ok));
                    }
                }
                double[] next = best != null ? best : closest(kept);
                if (Norm.L2.of(next, 0, p) < dist) {
                    x = next;
                }
                if (epsilon < 1e-12) {
                    break;
                }
            }
            return toBoundary(x, 1e-9);
        }

        // A point on the sphere of radius ‖x‖ around the original: x plus a random step orthogonal to x of relative size δ, rescaled.
        double[] orthogonal(double[] x, double dist, double delta) {
            double[] eta = new double[p];
            double len = 0;
            for (int j : free) {
                eta[j] = GradientAttack.gaussian(rng);
                len += eta[j] * eta[j];
            }
            len = Math.sqrt(len);
            double dot = 0;
            for (int j : free) {
                eta[j] *= delta * dist / len;
                dot += eta[j] * x[j];
            }
            for (int j : free) {
                eta[j] -= dot / (dist * dist) * x[j];
            }
            double h = Math.sqrt(1 + delta * delta);
            double[] out = new double[p];
            for (int j : free) {
                out[j] = (x[j] + eta[j]) / h;
            }
            return out;
        }

        static int count(boolean[] a) {
            int k = 0;
            for (boolean b : a) {
                k += b ? 1 : 0;
            }
            return k;
        }

        static double[][] pickAdversarial(double[][] c, boolean[] adv, int ok) {
            double[][] out = new double[ok][];
            int k = 0;
            for (int q = 0; q < c.length; q++) {
                if (adv[q]) {
                    out[k++] = c[q];
                }
            }
            return out;
        }

        double[] closest(double[][] c) {
            double[] best = c[0];
            double bd = Norm.L2.of(best, 0, p);
            for (double[] d : c) {
                double v = Norm.L2.of(d, 0, p);
                if (v < bd) {
                    best = d;
                    bd = v;
                }
            }
            return best;
        }
    }
}
