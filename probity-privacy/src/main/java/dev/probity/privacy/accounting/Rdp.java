package dev.probity.privacy.accounting;

import dev.probity.core.InputException;

import java.util.Arrays;

/**
 * Rényi differential privacy (Mironov 2017): the Rényi divergence of order α between what a computation releases
 * with and without one person's data, held at a fixed set of orders. Divergences of a composition add up, order by
 * order, so an account of T steps is T times the per-step values; the (ε, δ) guarantee is the best over the orders.
 *
 * <p>The mechanism accounted is the <b>sampled Gaussian mechanism</b> of DP-SGD: each step includes every record
 * independently with probability q (Poisson sampling) and adds Gaussian noise of standard deviation σ·Δ to a sum of
 * sensitivity Δ (σ is the noise multiplier). Its RDP at order α is (1/(α−1))·log A_α with
 * A_α = E_{z∼N(0,σ²)}[((1−q) + q·e^{(2z−1)/(2σ²)})^α] (Mironov, Talwar &amp; Zhang 2019, "Rényi Differential Privacy of
 * the Sampled Gaussian Mechanism", Sec. 3.3), evaluated as Opacus and TF Privacy evaluate it: for integer α the
 * binomial expansion Σ_i C(α,i) q^i (1−q)^{α−i} e^{(i²−i)/(2σ²)}; for fractional α the two series of the integrals
 * split at z₀ = σ² log(1/q − 1) + ½, each term carrying a Gaussian tail (erfc), summed in log space until both terms
 * fall below e^{−30}. For q = 1 the closed form α/(2σ²); for q = 0, zero; for σ = 0, infinity.
 *
 * <p>The conversion to (ε, δ) is the one Opacus's {@code get_privacy_spent} makes (Balle, Barthe, Gaboardi, Hsu
 * &amp; Sato 2020, "Hypothesis testing interpretations and Rényi differential privacy", Thm 21):
 * ε = min over α of RDP(α) − (log δ + log α)/(α−1) + log((α−1)/α), reporting the minimising order. The results equal
 * Opacus's {@code compute_rdp} and {@code get_privacy_spent} on its own test settings (see the module's tests and
 * {@code accounting-fixtures.json}).
 */
public final class Rdp implements Accountant {
    /** Opacus's {@code RDPAccountant.DEFAULT_ALPHAS}: 1.1, 1.2, …, 10.9, then 12, 13, …, 63 (151 orders). */
    private static final double[] DEFAULT_ORDERS = defaultOrdersTable();
    private static final double LOG_HALF = Math.log(0.5);
    private static final double SQRT2 = Math.sqrt(2.0);
    private static final int MAX_SERIES_TERMS = 10_000_000;
    private static final int EULER_LEVELS = 12;
    private static final double LOG_EULER_TOLERANCE = Math.log(1e-16);

    private final double[] orders;
    private final double[] values;

    private Rdp(double[] orders, double[] values) {
        this.orders = orders;
        this.values = values;
    }

    private static double[] defaultOrdersTable() {
        double[] a = new double[99 + 52];
        for (int x = 1; x < 100; x++) {
            a[x - 1] = 1 + x / 10.0;
        }
        for (int x = 12; x < 64; x++) {
            a[99 + x - 12] = x;
        }
        return a;
    }

    /** Opacus's default orders (a copy): 1.1 to 10.9 in steps of 0.1, then the integers 12 to 63. */
    public static double[] defaultOrders() {
        return DEFAULT_ORDERS.clone();
    }

    /** One step of the sampled Gaussian mechanism at the {@linkplain #defaultOrders() default orders}. */
    public static Rdp sampledGaussian(double q, double sigma) {
        return sampledGaussian(q, sigma, DEFAULT_ORDERS);
    }

    /**
     * One step of the sampled Gaussian mechanism.
     *
     * @param q      the sample rate (probability that a record is in a batch), in [0, 1]
     * @param sigma  the noise multiplier: noise standard deviation over the L2 sensitivity, ≥ 0
     * @param orders the Rényi orders, each &gt; 1 (+∞ allowed)
     */
    public static Rdp sampledGaussian(double q, double sigma, double[] orders) {
        Checks.sampleRate(q);
        Checks.noiseMultiplier(sigma);
        double[] a = checkOrders(orders);
        double[] v = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            v[i] = sampledGaussianAt(q, sigma, a[i]);
        }
        return new Rdp(a, v);
    }

    /** The Gaussian mechanism without sampling: noise of standard deviation {@code sigma} on a sum of L2 sensitivity {@code sensitivity}. */
    public static Rdp gaussian(double sensitivity, double sigma) {
        Checks.positive("the sensitivity", sensitivity);
        return sampledGaussian(1.0, Checks.noiseMultiplier(sigma) / sensitivity, DEFAULT_ORDERS);
    }

    /** An account given directly: RDP {@code values[i]} at order {@code orders[i]}. */
    public static Rdp of(double[] orders, double[] values) {
        double[] a = checkOrders(orders);
        if (values == null || values.length != a.length) {
            throw new InputException("RDP values and orders must have the same length; got " + (values == null ? "no values" : values.length + " values")
                    + " for " + a.length + " orders");
        }
        double[] v = values.clone();
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= 0)) {
                throw new InputException("an RDP value must be >= 0 (+infinity allowed); got " + v[i] + " at order " + a[i]);
            }
        }
        return new Rdp(a, v);
    }

    private static double[] checkOrders(double[] orders) {
        if (orders == null || orders.length == 0) {
            throw new InputException("RDP needs at least one order");
        }
        for (double a : orders) {
            if (!(a > 1)) {
                throw new InputException("a Rényi order must be > 1; got " + a);
            }
        }
        return orders.clone();
    }

    /**
     * The RDP of one step of the sampled Gaussian mechanism at one order, as Opacus's {@code _compute_rdp}.
     *
     * @return a value ≥ 0, possibly +∞ (σ = 0, or α = +∞ with q &gt; 0)
     */
    public static double sampledGaussianAt(double q, double sigma, double order) {
        Checks.sampleRate(q);
        Checks.noiseMultiplier(sigma);
        if (!(order > 1)) {
            throw new InputException("a Rényi order must be > 1; got " + order);
        }
        if (q == 0) {
            return 0;
        }
        if (sigma == 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (q == 1) {
            return order / (2 * sigma * sigma);
        }
        if (Double.isInfinite(order)) {
            return Double.POSITIVE_INFINITY;
        }
        double logA = order == Math.rint(order) && order < Integer.MAX_VALUE
                ? logAIntegerOrder(q, sigma, (int) order)
                : logAFractionalOrder(q, sigma, order);
        return logA / (order - 1);
    }

    /**
     * log A_α for integer α: the finite binomial sum. Terms are formed in log space and summed as
     * e^{ref}·Σ e^{s − ref} with ref the largest term so far (rescaling when a larger one arrives): the same sum as
     * Opacus's repeated log-space additions, one exponential per term instead of an exponential and a logarithm.
     */
    private static double logAIntegerOrder(double q, double sigma, int alpha) {
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double twoSigma2 = 2 * sigma * sigma;
        double ref = Double.NEGATIVE_INFINITY;
        double sum = 0;
        double logBinom = 0; // log C(alpha, 0)
        for (int i = 0; i <= alpha; i++) {
            double s = logBinom + i * logQ + (alpha - i) * log1mQ + ((double) i * i - i) / twoSigma2;
            if (s > ref) {
                sum = sum * Math.exp(ref - s) + 1;
                ref = s;
            } else {
                sum += Math.exp(s - ref);
            }
            logBinom += Math.log((double) (alpha - i) / (i + 1));
        }
        return ref + Math.log(sum);
    }

    /**
     * log A_α for fractional α: the integrals over (−∞, z₀] and [z₀, ∞) as series with generalised binomial
     * coefficients C(α, i), whose sign alternates once i exceeds α; each term formed in log space, the two series
     * summed as scaled sums (see {@link #logAIntegerOrder}), until both terms fall below e^{−30} as in Opacus — or,
     * sooner, until the alternating tail has been summed by acceleration.
     * <p>
     * Once i exceeds α the coefficients alternate in sign, and the magnitudes fall only polynomially (about
     * i^{−(α+2)}: at q = 1/2, or wherever the two integrals' Gaussian factors cancel, the geometric factor is 1), so
     * at α = 1.1 the plain series needs some 16,000 terms before a term falls below e^{−30}. The partial sums of an
     * alternating series with smooth magnitudes are therefore averaged {@value #EULER_LEVELS} times over (the Euler
     * transform in van Wijngaarden's form: the binomially weighted mean of the last partial sums), which removes the
     * oscillation; the series stops when that mean has moved by less than 1e-16 of log A_α's argument for both
     * integrals. Its error is then of the order of the {@value #EULER_LEVELS}th difference of the terms over
     * 2^{@value #EULER_LEVELS}, far below the e^{−30} Opacus allows; the fixture script's values (the plain series to
     * e^{−30}) are met to 1e-8 relative.
     */
    private static double logAFractionalOrder(double q, double sigma, double alpha) {
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double sigma2 = sigma * sigma;
        double twoSigma2 = 2 * sigma2;
        double z0 = sigma2 * Math.log(1 / q - 1) + 0.5;
        double scale = SQRT2 * sigma;
        double ref0 = Double.NEGATIVE_INFINITY;
        double sum0 = 0;
        double ref1 = Double.NEGATIVE_INFINITY;
        double sum1 = 0;
        double logCoef = 0; // log |C(alpha, 0)|
        double sign = 1;
        double[] partial0 = new double[EULER_LEVELS + 1]; // the last partial sums, in units of e^{ref}, newest at [n % size]
        double[] partial1 = new double[EULER_LEVELS + 1];
        int alternating = 0; // partial sums recorded since the terms began to alternate with the same references
        double euler0 = Double.NaN;
        double euler1 = Double.NaN;
        for (int i = 0; ; i++) {
            double j = alpha - i;
            double s0 = logCoef + i * logQ + j * log1mQ + ((double) i * i - i) / twoSigma2 + LOG_HALF + LogMath.logErfc((i - z0) / scale);
            double s1 = logCoef + j * logQ + i * log1mQ + (j * j - j) / twoSigma2 + LOG_HALF + LogMath.logErfc((z0 - j) / scale);
            if (s0 > ref0) {
                sum0 = sum0 * Math.exp(ref0 - s0) + sign;
                ref0 = s0;
            } else {
                sum0 += sign * Math.exp(s0 - ref0);
            }
            if (s1 > ref1) {
                sum1 = sum1 * Math.exp(ref1 - s1) + sign;
                ref1 = s1;
            } else {
                sum1 += sign * Math.exp(s1 - ref1);
            }
            if (Math.max(s0, s1) < -30) {
                break;
            }
            if (i > alpha + 1 && s0 < ref0 && s1 < ref1) {
                partial0[alternating % partial0.length] = sum0;
                partial1[alternating % partial1.length] = sum1;
                alternating++;
                if (alternating >= partial0.length) {
                    double e0 = eulerMean(partial0, alternating);
                    double e1 = eulerMean(partial1, alternating);
                    if (e0 > 0 && e1 > 0 && !Double.isNaN(euler0)) {
                        double logTotal = LogMath.add(ref0 + Math.log(e0), ref1 + Math.log(e1));
                        if (ref0 + Math.log(Math.abs(e0 - euler0)) < logTotal + LOG_EULER_TOLERANCE
                                && ref1 + Math.log(Math.abs(e1 - euler1)) < logTotal + LOG_EULER_TOLERANCE) {
                            sum0 = e0;
                            sum1 = e1;
                            break;
                        }
                    }
                    euler0 = e0;
                    euler1 = e1;
                }
            } else {
                alternating = 0;
                euler0 = Double.NaN;
            }
            if (Double.isNaN(s0) || Double.isNaN(s1) || i == MAX_SERIES_TERMS) {
                throw new ArithmeticException("the RDP series of the sampled Gaussian did not converge at q=" + q + ", sigma=" + sigma
                        + ", order " + alpha);
            }
            // C(alpha, i+1) = C(alpha, i) · (alpha − i)/(i + 1)
            logCoef += Math.log(Math.abs(j) / (i + 1));
            if (j < 0) {
                sign = -sign;
            }
        }
        // A negative partial sum can only come from rounding (the exact sums are positive): a zero, as Opacus's _log_sub.
        double a0 = sum0 > 0 ? ref0 + Math.log(sum0) : Double.NEGATIVE_INFINITY;
        double a1 = sum1 > 0 ? ref1 + Math.log(sum1) : Double.NEGATIVE_INFINITY;
        return LogMath.add(a0, a1);
    }

    /**
     * The binomially weighted mean of the last {@value #EULER_LEVELS}+1 partial sums (newest at index
     * {@code (count − 1) mod size}): {@value #EULER_LEVELS} rounds of averaging neighbours.
     */
    private static double eulerMean(double[] partial, int count) {
        int size = partial.length;
        double mean = 0;
        double weight = 1; // C(EULER_LEVELS, m)
        for (int m = 0; m < size; m++) {
            mean += weight * partial[Math.floorMod(count - 1 - m, size)];
            weight = weight * (EULER_LEVELS - m) / (m + 1);
        }
        return Math.scalb(mean, -EULER_LEVELS);
    }

    /** This account composed with itself {@code steps} times: every value times {@code steps}. */
    public Rdp times(long steps) {
        Checks.steps("the number of steps", steps);
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = steps == 0 ? 0 : values[i] * steps;
        }
        return new Rdp(orders, v);
    }

    /** This account followed by {@code other} (the same orders): the values add, order by order. */
    public Rdp plus(Rdp other) {
        if (!Arrays.equals(orders, other.orders)) {
            throw new InputException("RDP accounts compose only at the same orders; got " + orders.length + " orders and " + other.orders.length
                    + (orders.length == other.orders.length ? " different ones" : ""));
        }
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i] + other.values[i];
        }
        return new Rdp(orders, v);
    }

    /** The orders (a copy). */
    public double[] orders() {
        return orders.clone();
    }

    /** The RDP at each order (a copy). */
    public double[] values() {
        return values.clone();
    }

    /**
     * ε at {@code delta}: min over the orders of RDP(α) − (log δ + log α)/(α−1) + log((α−1)/α), the first order
     * attaining it (orders where the expression is undefined, as α = +∞, are skipped, as Opacus's {@code nanargmin}).
     * A negative minimum, possible only for a nearly-private account at a large δ, is reported as 0, and so is an
     * account with a divergence of zero at some order (nothing was released about anyone; Opacus would report the
     * small positive ε of the formula there, dp_accounting 0).
     */
    @Override
    public Guarantee epsilon(double delta) {
        Checks.delta(delta);
        for (int i = 0; i < orders.length; i++) {
            if (values[i] == 0) {
                return new Guarantee(0.0, delta, Guarantee.Method.RDP, orders[i], 0.0, 0.0);
            }
        }
        double logDelta = Math.log(delta);
        double best = Double.NaN;
        double bestOrder = Double.NaN;
        for (int i = 0; i < orders.length; i++) {
            double a = orders[i];
            double e = values[i] - (logDelta + Math.log(a)) / (a - 1) + Math.log((a - 1) / a);
            if (!Double.isNaN(e) && (Double.isNaN(best) || e < best)) {
                best = e;
                bestOrder = a;
            }
        }
        if (Double.isNaN(best)) {
            return new Guarantee(Double.POSITIVE_INFINITY, delta, Guarantee.Method.RDP, Double.NaN, 0.0, Double.POSITIVE_INFINITY);
        }
        double eps = Math.max(0.0, best);
        return new Guarantee(eps, delta, Guarantee.Method.RDP, bestOrder, 0.0, eps);
    }

    /**
     * δ at {@code epsilon}: the same bound solved for δ, log δ = (α−1)(RDP(α) − ε + log(1 − 1/α)) − log α, minimised
     * over the orders and capped at 1.
     */
    @Override
    public double delta(double epsilon) {
        Checks.epsilon("epsilon", epsilon);
        double best = 0.0; // log 1
        for (int i = 0; i < orders.length; i++) {
            double a = orders[i];
            if (values[i] == 0) {
                return 0.0; // a divergence of zero at any order: the two distributions are the same
            }
            if (Double.isInfinite(a)) {
                continue;
            }
            double logDelta = (a - 1) * (values[i] - epsilon + Math.log1p(-1 / a)) - Math.log(a);
            if (logDelta < best) {
                best = logDelta;
            }
        }
        return Math.exp(best);
    }

    @Override
    public String toString() {
        return "Rdp[" + orders.length + " orders]";
    }
}
