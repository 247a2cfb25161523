package dev.probity.privacy.accounting;

import dev.probity.core.InputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tight numerical composition of the Poisson-sampled Gaussian mechanism by its privacy random variable (PRV), after
 * Gopi, Lee &amp; Wutschitz 2021, "Numerical Composition of Differential Privacy" (NeurIPS), and as Microsoft's
 * {@code prv_accountant} and Opacus's {@code PRVAccountant} compute it.
 *
 * <p><b>What is computed.</b> For one step with sample rate q and noise multiplier σ, the pair of output
 * distributions is P = (1−q)·N(0, σ²) + q·N(1, σ²) (with the person) and Q = N(0, σ²) (without). The privacy loss
 * Y = log(P(X)/Q(X)) with X ∼ P has distribution function F(t) = (1−q)·Φ(x(t)/σ) + q·Φ((x(t)−1)/σ) for
 * t &gt; log(1−q), where x(t) = σ²·log((e^t − 1 + q)/q) + ½ (Gopi et al., App. B). The loss of T composed steps is the
 * sum of T independent copies, and the mechanism is (ε, δ(ε))-DP with δ(ε) = E[(1 − e^{ε−Y})₊]. This is the same
 * direction Opacus and prv_accountant account (and the divergence RDP's A_α bounds); Google's dp_accounting also
 * accounts the reverse pair and takes the worse.
 *
 * <p><b>How.</b> The loss of one step is truncated to [−L, L] and discretised on a grid of mesh h, each cell getting
 * the probability of its interval (tails from the survival function, for precision), then the grid is shifted so
 * that its mean equals the mean of the truncated continuous loss (computed by Gauss–Legendre quadrature in the
 * noise's coordinate). The T-fold sum is one FFT, a power of each frequency, and an inverse FFT; different parts
 * multiply in frequency. As Opacus: L = 3 + max(ε_err, the RDP ε of the whole composition at δ_err/4, the RDP ε of
 * one step of each part at δ_err/(8T)) (Gopi et al., Remark 5.6) and h = ε_err / √(T·log(12/δ_err)/2); the grid is
 * zero-padded to a power of two, which only leaves more room against wrap-around.
 *
 * <p><b>Bounds.</b> With δ̃ the privacy profile of the discretised composition, Gopi et al.'s error analysis gives
 * δ̃(ε + ε_err) − δ_err ≤ δ(ε) ≤ δ̃(ε − ε_err) + δ_err, hence the ε for a target δ lies between
 * ε̃(δ + δ_err) − ε_err and ε̃(δ − δ_err) + ε_err; the upper end is the certified ε (as Opacus's
 * {@code get_epsilon} returns), ε̃(δ) the estimate. Defaults as Opacus: ε_err = 0.01, δ_err = δ/1000.
 */
public final class Prv implements Accountant {
    /** The default tolerance on ε (Opacus's {@code eps_error}). */
    public static final double DEFAULT_EPSILON_ERROR = 0.01;
    /** The δ tolerance {@link #delta(double)} uses (there is no target δ to take a thousandth of). */
    public static final double DEFAULT_DELTA_ERROR = 1e-10;
    /** The largest grid this accountant builds: 2^24 points, about 0.5 GB of working arrays. */
    public static final int MAX_GRID = 1 << 24;
    /** Losses beyond this cannot be exponentiated in double precision; accounts that need them are refused. */
    private static final double MAX_LOSS = 700;

    /** One kind of step, composed {@code steps} times. */
    private record Part(double q, double sigma, long steps) {
    }

    private final List<Part> parts;

    private Prv(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /**
     * {@code steps} steps of the Poisson-sampled Gaussian mechanism.
     *
     * @param q     the sample rate, in [0, 1]
     * @param sigma the noise multiplier (noise standard deviation over L2 sensitivity), ≥ 0
     */
    public static Prv sampledGaussian(double q, double sigma, long steps) {
        Checks.sampleRate(q);
        Checks.noiseMultiplier(sigma);
        Checks.steps("the number of steps", steps);
        List<Part> p = new ArrayList<>();
        if (q > 0 && steps > 0) {
            p.add(new Part(q, sigma, steps));
        }
        return new Prv(p);
    }

    /** {@code steps} Gaussian releases without sampling: noise of standard deviation {@code sigma} on queries of L2 sensitivity {@code sensitivity}. */
    public static Prv gaussian(double sensitivity, double sigma, long steps) {
        Checks.positive("the sensitivity", sensitivity);
        return sampledGaussian(1.0, Checks.noiseMultiplier(sigma) / sensitivity, steps);
    }

    /** This composition followed by {@code other}. */
    public Prv plus(Prv other) {
        List<Part> merged = new ArrayList<>(parts);
        for (Part o : other.parts) {
            boolean done = false;
            for (int i = 0; i < merged.size(); i++) {
                Part m = merged.get(i);
                if (m.q == o.q && m.sigma == o.sigma) {
                    merged.set(i, new Part(m.q, m.sigma, Math.addExact(m.steps, o.steps)));
                    done = true;
                    break;
                }
            }
            if (!done) {
                merged.add(o);
            }
        }
        return new Prv(merged);
    }

    /** The number of steps composed. */
    public long steps() {
        long k = 0;
        for (Part p : parts) {
            k = Math.addExact(k, p.steps);
        }
        return k;
    }

    /** ε at δ with Opacus's tolerances: ε_err = 0.01, δ_err = δ/1000. The guarantee's ε is the upper bound. */
    @Override
    public Guarantee epsilon(double delta) {
        Checks.delta(delta);
        return epsilon(delta, DEFAULT_EPSILON_ERROR, delta / 1000);
    }

    /** ε at δ with the given tolerances: ε in [lower, upper], the guarantee's ε being the upper bound. */
    public Guarantee epsilon(double delta, double epsilonError, double deltaError) {
        Checks.delta(delta);
        return compose(epsilonError, deltaError).epsilon(delta);
    }

    /** The certified δ at ε (upper bound), with ε_err = 0.01 and δ_err = {@value #DEFAULT_DELTA_ERROR}. */
    @Override
    public double delta(double epsilon) {
        Checks.epsilon("epsilon", epsilon);
        return compose(DEFAULT_EPSILON_ERROR, DEFAULT_DELTA_ERROR).delta(epsilon).upper();
    }

    /** Bounds on the δ of a composition at one ε. */
    public record DeltaBounds(double lower, double estimate, double upper) {
    }

    /**
     * Discretises and composes, for any number of ε or δ queries at these tolerances.
     *
     * @param epsilonError ε_err &gt; 0: the discretisation error allowed in ε
     * @param deltaError   δ_err in (0, 1): the truncation and concentration error allowed in δ
     * @throws InputException when the grid would exceed {@link #MAX_GRID} points or the losses are too large to represent
     */
    public Composed compose(double epsilonError, double deltaError) {
        Checks.positive("the epsilon error", epsilonError);
        if (!(deltaError > 0 && deltaError < 1)) {
            throw new InputException("the delta error must be strictly between 0 and 1; got " + deltaError);
        }
        for (Part p : parts) {
            if (p.sigma == 0) {
                return Composed.infinite(epsilonError, deltaError);
            }
        }
        long total = steps();
        if (total == 0) {
            return Composed.nothing(epsilonError, deltaError);
        }
        // Domain: Gopi et al., Remark 5.6, as Opacus's compute_safe_domain_size.
        Rdp all = null;
        double halfWidth = epsilonError;
        for (Part p : parts) {
            Rdp one = Rdp.sampledGaussian(p.q, p.sigma);
            halfWidth = Math.max(halfWidth, one.epsilon(deltaError / (8.0 * total)).epsilon());
            Rdp these = one.times(p.steps);
            all = all == null ? these : all.plus(these);
        }
        halfWidth = Math.max(halfWidth, all.epsilon(deltaError / 4).epsilon()) + 3;
        if (!(halfWidth <= MAX_LOSS)) {
            throw new InputException(String.format(Locale.ROOT, "the privacy loss of this composition reaches about %.4g, beyond what the numerical "
                    + "accountant can represent (%.0f); its epsilon is far beyond any useful guarantee", halfWidth, MAX_LOSS));
        }
        double mesh = epsilonError / Math.sqrt(total * Math.log(12 / deltaError) / 2);
        long cellsEachSide = (long) Math.ceil(halfWidth / mesh);
        long needed = 2 * cellsEachSide + 2;
        long grid = Math.max(2, Long.highestOneBit(needed));
        if (grid < needed) {
            grid <<= 1;
        }
        if (grid > MAX_GRID) {
            throw new InputException(String.format(Locale.ROOT, "the numerical accountant would need a grid of %d points (more than %d) for %d steps at an "
                    + "epsilon error of %s; allow a larger epsilon error or use the RDP accountant", grid, MAX_GRID, total, epsilonError));
        }
        int m = (int) cellsEachSide;
        int n = (int) grid;
        int center = n / 2;
        Fft fft = new Fft(n);

        double[] accRe = null;
        double[] accIm = null;
        double shift = 0;
        double[] re = new double[n];
        double[] im = new double[n];
        for (Part p : parts) {
            java.util.Arrays.fill(re, 0);
            java.util.Arrays.fill(im, 0);
            double s = discretise(new Loss(p.q, p.sigma), m, mesh, re, center);
            shift += s * p.steps;
            fft.forward(re, im);
            power(re, im, p.steps);
            if (accRe == null) {
                accRe = re.clone();
                accIm = im.clone();
            } else {
                for (int i = 0; i < n; i++) {
                    double r = accRe[i] * re[i] - accIm[i] * im[i];
                    accIm[i] = accRe[i] * im[i] + accIm[i] * re[i];
                    accRe[i] = r;
                }
            }
        }
        fft.inverse(accRe, accIm);
        // A sum of indices s lands at circular position s mod n; its value is (s − total·center)·h, which is grid
        // index s − (total − 1)·center.
        double[] pmf = new double[n];
        long offset = Math.floorMod((total - 1) % n * center, (long) n);
        for (int i = 0; i < n; i++) {
            pmf[i] = accRe[(int) ((i + offset) % n)];
        }
        return new Composed(pmf, mesh, center, m, shift, epsilonError, deltaError);
    }

    /** z ↦ z^k for every frequency of a real signal's spectrum (Hermitian, so half is computed and mirrored). */
    private static void power(double[] re, double[] im, long k) {
        int n = re.length;
        for (int i = 0; i <= n / 2; i++) {
            double r = Math.hypot(re[i], im[i]);
            double pr;
            double pi;
            if (r == 0) {
                pr = 0;
                pi = 0;
            } else {
                double mag = Math.exp(k * Math.log(r));
                double angle = k * Math.atan2(im[i], re[i]);
                pr = mag * Math.cos(angle);
                pi = mag * Math.sin(angle);
            }
            re[i] = pr;
            im[i] = pi;
            if (i > 0 && i < n / 2) {
                re[n - i] = pr;
                im[n - i] = -pi;
            }
        }
    }

    /**
     * Puts the probabilities of cells (o − ½, o + ½]·h, o = −m..m, of the loss truncated to [−(m+½)h, (m+½)h] at
     * {@code out[center + o]}, and returns the shift that makes the grid's mean equal the truncated loss's mean.
     */
    private static double discretise(Loss loss, int m, double h, double[] out, int center) {
        int cells = 2 * m + 1;
        // Boundaries b_k = (k − m − ½)h, k = 0..cells. Below the median use F, above it the survival function.
        int split = 0;
        int lo = 0;
        int hi = cells; // find the first boundary whose survival is ≤ ½
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (loss.survival(boundary(mid, m, h)) <= 0.5) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        split = lo;
        double[] tail = new double[cells + 1]; // F(b_k) for k < split, S(b_k) for k ≥ split
        for (int k = 0; k <= cells; k++) {
            double b = boundary(k, m, h);
            tail[k] = k < split ? loss.cdf(b) : loss.survival(b);
        }
        double mass = 0;
        double discreteMean = 0;
        for (int o = 0; o < cells; o++) {
            double p;
            if (o + 1 < split) {
                p = tail[o + 1] - tail[o];
            } else if (o >= split) {
                p = tail[o] - tail[o + 1];
            } else { // the cell holding the split: 1 − F(a) − S(b)
                p = 1 - tail[o] - tail[o + 1];
            }
            p = Math.max(0.0, p);
            out[center - m + o] = p;
            mass += p;
        }
        for (int o = 0; o < cells; o++) {
            out[center - m + o] /= mass;
            discreteMean += (o - m) * h * out[center - m + o];
        }
        double continuousMean = loss.truncatedMean(boundary(0, m, h), boundary(cells, m, h));
        double shift = continuousMean - discreteMean;
        if (!(Math.abs(shift) < h / 2)) {
            throw new ArithmeticException(String.format(Locale.ROOT, "the discretised privacy loss's mean differs from the continuous mean by %.3g, "
                    + "more than half the mesh %.3g (q=%s, sigma=%s)", shift, h, loss.q, loss.sigma));
        }
        return shift;
    }

    private static double boundary(int k, int m, double h) {
        return (k - m - 0.5) * h;
    }

    /** The privacy loss of one step: its distribution, and the map from the noise coordinate x to the loss. */
    private static final class Loss {
        private static final double[] GL_NODES = new double[16];
        private static final double[] GL_WEIGHTS = new double[16];

        static {
            gaussLegendre(GL_NODES, GL_WEIGHTS);
        }

        final double q;
        final double sigma;
        private final double logQ;
        private final double log1mQ;

        Loss(double q, double sigma) {
            this.q = q;
            this.sigma = sigma;
            this.logQ = Math.log(q);
            this.log1mQ = Math.log1p(-q);
        }

        /** x(t) = σ²·log((e^t − 1 + q)/q) + ½, or −∞ where t ≤ log(1−q) (no x has that loss). */
        double x(double t) {
            double z;
            if (q == 1) {
                z = t;
            } else {
                double w = Math.expm1(t) + q;
                if (!(w > 0)) {
                    return Double.NEGATIVE_INFINITY;
                }
                z = Math.log(w) - logQ;
            }
            return sigma * sigma * z + 0.5;
        }

        double cdf(double t) {
            double x = x(t);
            if (x == Double.NEGATIVE_INFINITY) {
                return 0.0;
            }
            return (1 - q) * LogMath.phi(x / sigma) + q * LogMath.phi((x - 1) / sigma);
        }

        double survival(double t) {
            double x = x(t);
            if (x == Double.NEGATIVE_INFINITY) {
                return 1.0;
            }
            return (1 - q) * LogMath.phiUpper(x / sigma) + q * LogMath.phiUpper((x - 1) / sigma);
        }

        /** The loss at noise value x: log((1−q) + q·e^{(2x−1)/(2σ²)}). */
        double loss(double x) {
            double u = (2 * x - 1) / (2 * sigma * sigma);
            return q == 1 ? u : LogMath.add(log1mQ, logQ + u);
        }

        /** The density of X ∼ (1−q)·N(0, σ²) + q·N(1, σ²). */
        double density(double x) {
            double a = x / sigma;
            double b = (x - 1) / sigma;
            return ((1 - q) * Math.exp(-0.5 * a * a) + q * Math.exp(-0.5 * b * b)) / (sigma * Math.sqrt(2 * Math.PI));
        }

        /** E[Y | tLo &lt; Y ≤ tHi], integrating loss(x)·density(x) over the x that give those losses. */
        double truncatedMean(double tLo, double tHi) {
            double xLo = Math.max(x(tLo), -40 * sigma);
            double xHi = Math.min(x(tHi), 1 + 40 * sigma);
            if (!(xHi > xLo)) {
                return 0.5 * (tLo + tHi);
            }
            double width = Math.min(sigma, sigma * sigma) / 4;
            long panels = Math.min(1_000_000, Math.max(16, (long) Math.ceil((xHi - xLo) / width)));
            double step = (xHi - xLo) / panels;
            double num = 0;
            double den = 0;
            for (long p = 0; p < panels; p++) {
                double mid = xLo + (p + 0.5) * step;
                for (int k = 0; k < GL_NODES.length; k++) {
                    double x = mid + 0.5 * step * GL_NODES[k];
                    double w = GL_WEIGHTS[k] * density(x);
                    num += w * loss(x);
                    den += w;
                }
            }
            return num / den;
        }

        /** Gauss–Legendre nodes and weights on [−1, 1], by Newton's method on the Legendre polynomial. */
        private static void gaussLegendre(double[] nodes, double[] weights) {
            int n = nodes.length;
            for (int i = 0; i < n; i++) {
                double x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
                double dp = 0;
                for (int it = 0; it < 100; it++) {
                    double p0 = 1;
                    double p1 = x;
                    for (int k = 2; k <= n; k++) {
                        double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
                        p0 = p1;
                        p1 = p2;
                    }
                    dp = n * (x * p1 - p0) / (x * x - 1);
                    double dx = p1 / dp;
                    x -= dx;
                    if (Math.abs(dx) < 1e-16) {
                        break;
                    }
                }
                nodes[i] = x;
                weights[i] = 2 / ((1 - x * x) * dp * dp);
            }
        }
    }

    /**
     * A discretised composition: the probabilities of the composed loss on the grid t_i = (i − c)·h + shift, and the
     * tolerances it was built for.
     */
    public static final class Composed {
        private final double[] pmf;
        private final double mesh;
        private final int center;
        private final int cellsEachSide;
        private final double shift;
        private final double epsilonError;
        private final double deltaError;
        private final boolean infinite;
        private final boolean empty;

        private Composed(double[] pmf, double mesh, int center, int cellsEachSide, double shift, double epsilonError, double deltaError) {
            this(pmf, mesh, center, cellsEachSide, shift, epsilonError, deltaError, false, false);
        }

        private Composed(double[] pmf, double mesh, int center, int cellsEachSide, double shift, double epsilonError, double deltaError,
                         boolean infinite, boolean empty) {
            this.pmf = pmf;
            this.mesh = mesh;
            this.center = center;
            this.cellsEachSide = cellsEachSide;
            this.shift = shift;
            this.epsilonError = epsilonError;
            this.deltaError = deltaError;
            this.infinite = infinite;
            this.empty = empty;
        }

        static Composed nothing(double epsilonError, double deltaError) {
            return new Composed(new double[0], 1.0, 0, 0, 0, epsilonError, deltaError, false, true);
        }

        static Composed infinite(double epsilonError, double deltaError) {
            return new Composed(new double[0], 1.0, 0, 0, 0, epsilonError, deltaError, true, false);
        }

        /** The number of grid points (a power of two; 0 when nothing, or something unbounded, was composed). */
        public int gridSize() {
            return pmf.length;
        }

        /** The mesh h. */
        public double mesh() {
            return mesh;
        }

        /** The truncation half-width L of one step's loss. */
        public double halfWidth() {
            return (cellsEachSide + 0.5) * mesh;
        }

        public double epsilonError() {
            return epsilonError;
        }

        public double deltaError() {
            return deltaError;
        }

        private double t(int i) {
            return (i - center) * mesh + shift;
        }

        /** ε in [ε̃(δ+δ_err) − ε_err, ε̃(δ−δ_err) + ε_err], the upper end certified, ε̃(δ) the estimate. */
        public Guarantee epsilon(double delta) {
            Checks.delta(delta);
            if (infinite) {
                return new Guarantee(Double.POSITIVE_INFINITY, delta, Guarantee.Method.PRV, Double.NaN, Double.POSITIVE_INFINITY,
                        Double.POSITIVE_INFINITY);
            }
            if (empty) {
                return new Guarantee(0.0, delta, Guarantee.Method.PRV, Double.NaN, 0.0, 0.0);
            }
            if (!(deltaError < delta)) {
                throw new InputException("the delta error (" + deltaError + ") must be below delta (" + delta + ")");
            }
            if (Math.ulp(1.0) * pmf.length > delta - deltaError) {
                throw new InputException("delta " + delta + " is too small for a grid of " + pmf.length
                        + " points: rounding in the composition would dominate; ask for a larger delta or a larger epsilon error");
            }
            double upper = epsilonAt(delta - deltaError) + epsilonError;
            double estimate = epsilonAt(delta);
            double lower = Math.max(0.0, epsilonAt(delta + deltaError) - epsilonError);
            return new Guarantee(upper, delta, Guarantee.Method.PRV, Double.NaN, lower, estimate);
        }

        /**
         * The smallest ε ≥ 0 with δ̃(ε) ≤ target, where δ̃(ε) = Σ_{t_i &gt; ε} p_i (1 − e^{ε − t_i}). On [t_i, t_{i+1})
         * δ̃(ε) = D1 − e^ε·D2 with D1 = Σ_{j&gt;i} p_j and D2 = Σ_{j&gt;i} p_j e^{−t_j}, so the crossing is solved exactly.
         */
        private double epsilonAt(double target) {
            if (target >= 1) {
                return 0.0;
            }
            double d1 = 0;
            double d2 = 0;
            int top = Math.min(pmf.length - 1, center + cellsEachSide);
            // Mass above the truncation window (wrap-around noise, or mass pushed up by the shift): only e^{−t}, no overflow.
            for (int i = pmf.length - 1; i > top; i--) {
                d1 += pmf[i];
                d2 += pmf[i] * Math.exp(-t(i));
            }
            for (int i = top; i >= 0; i--) {
                double ti = t(i);
                if (ti < 0) {
                    break;
                }
                double deltaHere = d1 - Math.exp(ti) * d2;
                if (deltaHere > target) {
                    return Math.max(0.0, Math.log((d1 - target) / d2));
                }
                d1 += pmf[i];
                d2 += pmf[i] * Math.exp(-ti);
            }
            // δ̃ at the smallest non-negative grid point is still ≤ target; solve on the interval below it, clamp at 0.
            if (d1 > target && d2 > 0) {
                return Math.max(0.0, Math.log((d1 - target) / d2));
            }
            return 0.0;
        }

        /** δ̃(ε) of the discretised composition. */
        private double deltaAt(double epsilon) {
            double sum = 0;
            for (int i = pmf.length - 1; i >= 0; i--) {
                double ti = t(i);
                if (ti <= epsilon) {
                    break;
                }
                sum += pmf[i] * -Math.expm1(epsilon - ti);
            }
            return sum;
        }

        /** δ at ε: [δ̃(ε + ε_err) − δ_err, δ̃(ε − ε_err) + δ_err], clamped to [0, 1]. */
        public DeltaBounds delta(double epsilon) {
            Checks.epsilon("epsilon", epsilon);
            if (infinite) {
                return new DeltaBounds(1.0, 1.0, 1.0);
            }
            if (empty) {
                return new DeltaBounds(0.0, 0.0, 0.0);
            }
            double lower = Math.max(0.0, deltaAt(epsilon + epsilonError) - deltaError);
            double estimate = Math.min(1.0, Math.max(0.0, deltaAt(epsilon)));
            double upper = Math.min(1.0, deltaAt(epsilon - epsilonError) + deltaError);
            return new DeltaBounds(lower, estimate, upper);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Prv[");
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            sb.append(i == 0 ? "" : ", ").append(p.steps).append(" × (q=").append(p.q).append(", sigma=").append(p.sigma).append(')');
        }
        return sb.append(']').toString();
    }
}
