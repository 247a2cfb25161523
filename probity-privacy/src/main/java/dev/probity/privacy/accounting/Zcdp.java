package dev.probity.privacy.accounting;

import dev.probity.core.InputException;

/**
 * ρ-zero-concentrated differential privacy (Bun &amp; Steinke 2016, "Concentrated Differential Privacy:
 * Simplifications, Extensions, and Lower Bounds"): the Rényi divergence of every order α &gt; 1 is at most ρ·α. One
 * number describes a release; the ρ of a composition is the sum of the ρ of its parts (their Lemma 1.7), which makes
 * zCDP the simplest accountant for many Gaussian releases.
 *
 * <p>Two conversions to (ε, δ): Bun &amp; Steinke's Prop. 1.3, ε = ρ + 2√(ρ·log(1/δ)), and the tighter one of Canonne,
 * Kamath &amp; Steinke 2020 ("The Discrete Gaussian for Differential Privacy", Cor. 13),
 * δ = inf over α &gt; 1 of exp((α−1)(αρ − ε)) / (α−1) · (1 − 1/α)^α, which {@link #epsilon} and {@link #delta} use. It is
 * never worse than Bun &amp; Steinke's. Both infima are found as the root of a monotone derivative, so the result is the
 * exact optimum up to rounding, not a grid search:
 * <ul>
 * <li>for ε at δ: minimising ε(α) = αρ + log(1 − 1/α) − (log α + log δ)/(α−1) (the same bound solved for ε), whose
 * derivative vanishes where ρ(α−1)² + log α + log δ = 0, an increasing function of α;</li>
 * <li>for δ at ε: minimising the logarithm above, whose derivative (2α−1)ρ − ε + log(1 − 1/α) increases with α.</li>
 * </ul>
 *
 * @param rho ρ ≥ 0
 */
public record Zcdp(double rho) implements Accountant {
    private static final int BISECTIONS = 200;

    public Zcdp {
        Checks.nonNegative("rho (the zCDP parameter)", rho);
    }

    /** The Gaussian mechanism: noise of standard deviation {@code sigma} on a query of L2 sensitivity Δ is Δ²/(2σ²)-zCDP (Bun &amp; Steinke 2016, Prop. 1.6). */
    public static Zcdp gaussian(double sensitivity, double sigma) {
        Checks.positive("the sensitivity", sensitivity);
        Checks.positive("sigma (the noise standard deviation)", sigma);
        double r = sensitivity / sigma;
        return new Zcdp(r * r / 2);
    }

    /** An ε-DP mechanism is ε²/2-zCDP (Bun &amp; Steinke 2016, Prop. 1.4). */
    public static Zcdp fromPureDp(double epsilon) {
        Checks.epsilon("epsilon", epsilon);
        return new Zcdp(epsilon * epsilon / 2);
    }

    /** This release followed by {@code other}: the ρ add up. */
    public Zcdp plus(Zcdp other) {
        return new Zcdp(rho + other.rho);
    }

    /** This release repeated {@code k} times. */
    public Zcdp times(long k) {
        Checks.steps("the number of repetitions", k);
        return new Zcdp(k == 0 ? 0 : rho * k);
    }

    /** ε at δ by Canonne, Kamath &amp; Steinke's conversion, with the optimal order α. */
    @Override
    public Guarantee epsilon(double delta) {
        Checks.delta(delta);
        if (rho == 0) {
            return new Guarantee(0.0, delta, Guarantee.Method.ZCDP_CANONNE_KAMATH_STEINKE, Double.POSITIVE_INFINITY, 0.0, 0.0);
        }
        double logDelta = Math.log(delta);
        // u = α − 1 > 0. h(u) = ρu² + log(1+u) + log δ is increasing, negative at 0, and ≥ log(1+u) > 0 at the upper end.
        double lo = 0;
        double hi = Math.sqrt(-logDelta / rho);
        for (int i = 0; i < BISECTIONS && hi - lo > 0; i++) {
            double mid = 0.5 * (lo + hi);
            if (mid == lo || mid == hi) {
                break;
            }
            if (rho * mid * mid + Math.log1p(mid) + logDelta < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double u = hi;
        double eps = cksEpsilonAt(u, logDelta);
        // The bound holds at every order, so guard against rounding at the root by also trying its neighbour.
        double other = lo > 0 ? cksEpsilonAt(lo, logDelta) : Double.POSITIVE_INFINITY;
        if (other < eps) {
            eps = other;
            u = lo;
        }
        eps = Math.max(0.0, eps);
        return new Guarantee(eps, delta, Guarantee.Method.ZCDP_CANONNE_KAMATH_STEINKE, 1 + u, 0.0, eps);
    }

    /** ε(α) = αρ + log(1 − 1/α) − (log α + log δ)/(α−1) at α = 1 + u. */
    private double cksEpsilonAt(double u, double logDelta) {
        return (1 + u) * rho + Math.log(u / (1 + u)) - (Math.log1p(u) + logDelta) / u;
    }

    /** ε at δ by Bun &amp; Steinke's Prop. 1.3: ρ + 2√(ρ·log(1/δ)). */
    public Guarantee epsilonBunSteinke(double delta) {
        Checks.delta(delta);
        return Guarantee.bound(rho + 2 * Math.sqrt(rho * Math.log(1 / delta)), delta, Guarantee.Method.ZCDP_BUN_STEINKE);
    }

    /** δ at ε by Canonne, Kamath &amp; Steinke's Cor. 13, capped at 1. */
    @Override
    public double delta(double epsilon) {
        Checks.epsilon("epsilon", epsilon);
        if (rho == 0) {
            return 0.0;
        }
        // u = α − 1. The derivative of the log bound, (2u+1)ρ − ε + log(u/(1+u)), increases from −∞ at u → 0;
        // at u = max(1, (ε+1)/(2ρ)) + 1 it is at least 1 + ρ − 1/u > 0.
        double lo = 0;
        double hi = Math.max(1.0, (epsilon + 1) / (2 * rho)) + 1;
        for (int i = 0; i < BISECTIONS; i++) {
            double mid = 0.5 * (lo + hi);
            if (mid == lo || mid == hi) {
                break;
            }
            if ((2 * mid + 1) * rho - epsilon + Math.log(mid / (1 + mid)) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double logDelta = Math.min(cksLogDeltaAt(hi, epsilon), lo > 0 ? cksLogDeltaAt(lo, epsilon) : Double.POSITIVE_INFINITY);
        return Math.min(1.0, Math.exp(logDelta));
    }

    /** log of exp((α−1)(αρ − ε)) / (α−1) · (1 − 1/α)^α at α = 1 + u. */
    private double cksLogDeltaAt(double u, double epsilon) {
        return u * ((1 + u) * rho - epsilon) + (1 + u) * Math.log(u / (1 + u)) - Math.log(u);
    }

    /** δ at ε by Bun &amp; Steinke's Prop. 1.3 solved for δ: exp(−(ε−ρ)²/(4ρ)) for ε ≥ ρ, else 1. */
    public double deltaBunSteinke(double epsilon) {
        Checks.epsilon("epsilon", epsilon);
        if (rho == 0) {
            return 0.0;
        }
        if (epsilon < rho) {
            return 1.0;
        }
        double d = epsilon - rho;
        return Math.exp(-d * d / (4 * rho));
    }

    /**
     * The smallest ρ whose Canonne–Kamath–Steinke conversion gives (ε, δ): the zCDP budget to hand a sequence of
     * Gaussian releases that must end (ε, δ)-DP.
     */
    public static Zcdp forTarget(double epsilon, double delta) {
        Checks.epsilon("epsilon", epsilon);
        Checks.delta(delta);
        if (epsilon == 0) {
            throw new InputException("no rho > 0 gives epsilon 0; a zCDP budget needs epsilon > 0");
        }
        double lo = 0;
        // ε(δ) increases with ρ (every order's bound does); double until it passes the target.
        double hi = epsilon + 1;
        while (new Zcdp(hi).epsilon(delta).epsilon() <= epsilon) {
            hi *= 2;
        }
        for (int i = 0; i < BISECTIONS; i++) {
            double mid = 0.5 * (lo + hi);
            if (mid == lo || mid == hi) {
                break;
            }
            if (new Zcdp(mid).epsilon(delta).epsilon() <= epsilon) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return new Zcdp(lo);
    }
}
