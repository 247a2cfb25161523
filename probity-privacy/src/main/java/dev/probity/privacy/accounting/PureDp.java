package dev.probity.privacy.accounting;

import dev.probity.core.InputException;

/**
 * Composition of (ε, δ)-differentially-private releases, knowing nothing about them but their (ε, δ): three answers
 * from loosest to tightest.
 * <ul>
 * <li><b>Basic</b>: the ε add up and so do the δ (Dwork, McSherry, Nissim &amp; Smith 2006; Dwork &amp; Roth 2014,
 * Thm 3.16).</li>
 * <li><b>Advanced</b> (Dwork, Rothblum &amp; Vadhan 2010, "Boosting and Differential Privacy", Thm III.3): k
 * adaptively chosen (ε, δ)-DP releases are (ε', kδ + δ')-DP for every δ' &gt; 0, with
 * ε' = √(2k·log(1/δ'))·ε + k·ε·(e^ε − 1). It grows with √k instead of k, at the price of δ'.</li>
 * <li><b>Optimal</b> (Kairouz, Oh &amp; Viswanath 2015, "The Composition Theorem for Differential Privacy", Thm 3.3):
 * the exact δ of k (ε, δ)-DP releases at a total ε'. The worst case is k randomized responses, whose privacy loss is
 * (k − 2l)·ε with l ∼ Binomial(k, 1/(1+e^ε)), so δ(ε') = 1 − (1−δ)^k·(1 − δ₀(ε')) with
 * δ₀(ε') = Σ_l C(k,l) p^{k−l} (1−p)^l (1 − e^{ε' − (k−2l)ε})₊, p = e^ε/(1+e^ε). At ε' = (k−2i)ε this is the
 * theorem's expression; between those points it is the same privacy profile (Murtagh &amp; Vadhan 2016). Summed in log
 * space; cost O(k) per evaluation, so k is limited to {@value #MAX_OPTIMAL_K}.</li>
 * </ul>
 * The optimal answer is never larger than the other two at the same total δ; use it when the releases are known only
 * by their (ε, δ). When they are Gaussian, {@link Zcdp}, {@link Rdp} or {@link Prv} know more and give less.
 */
public final class PureDp {
    /** The largest number of compositions {@link #optimal} and {@link #optimalDelta} accept. */
    public static final int MAX_OPTIMAL_K = 1_000_000;
    private static final int BISECTIONS = 200;

    private PureDp() {
    }

    /** Basic composition of pure DP releases of different ε: their sum. */
    public static double sum(double... epsilons) {
        double sum = 0;
        for (double e : epsilons) {
            sum += Checks.epsilon("each epsilon", e);
        }
        return sum;
    }

    /** Basic composition of k (ε, δ)-DP releases: (kε, kδ). */
    public static Guarantee basic(double epsilon, double delta, long k) {
        Checks.epsilon("epsilon", epsilon);
        Checks.probability("delta", delta);
        Checks.steps("the number of compositions k", k);
        return Guarantee.bound(k * epsilon, Math.min(1.0, k * delta), Guarantee.Method.BASIC_COMPOSITION);
    }

    /**
     * Advanced composition of k (ε, δ)-DP releases: (√(2k·log(1/δ'))·ε + k·ε·(e^ε − 1), kδ + δ').
     *
     * @param deltaSlack δ', strictly between 0 and 1
     */
    public static Guarantee advanced(double epsilon, double delta, long k, double deltaSlack) {
        Checks.epsilon("epsilon", epsilon);
        Checks.probability("delta", delta);
        Checks.steps("the number of compositions k", k);
        if (!(deltaSlack > 0 && deltaSlack < 1)) {
            throw new InputException("the slack delta' of advanced composition must be strictly between 0 and 1; got " + deltaSlack);
        }
        double eps = Math.sqrt(2.0 * k * Math.log(1 / deltaSlack)) * epsilon + k * epsilon * Math.expm1(epsilon);
        return Guarantee.bound(eps, Math.min(1.0, k * delta + deltaSlack), Guarantee.Method.ADVANCED_COMPOSITION);
    }

    /**
     * The exact δ of k (ε, δ)-DP releases at total ε' (Kairouz, Oh &amp; Viswanath's optimal composition).
     *
     * @param k at most {@value #MAX_OPTIMAL_K}
     */
    public static double optimalDelta(double epsilon, double delta, int k, double epsilonTotal) {
        Checks.epsilon("epsilon", epsilon);
        Checks.probability("delta", delta);
        checkK(k);
        Checks.epsilon("the total epsilon", epsilonTotal);
        double d0 = pureDelta(epsilon, k, epsilonTotal);
        // 1 − (1−δ)^k (1 − δ₀), without cancellation when both are small.
        double logKeep = k * Math.log1p(-delta);
        return Math.min(1.0, -Math.expm1(logKeep + Math.log1p(-d0)));
    }

    /**
     * The smallest total ε' at which k (ε, δ)-DP releases are (ε', {@code deltaTotal})-DP, by bisection on the exact
     * δ(ε') (which decreases in ε'); the end of the bracket that satisfies the target is returned.
     *
     * @throws InputException when deltaTotal is below 1 − (1−δ)^k, which no ε' reaches
     */
    public static Guarantee optimal(double epsilon, double delta, int k, double deltaTotal) {
        Checks.epsilon("epsilon", epsilon);
        Checks.probability("delta", delta);
        checkK(k);
        Checks.delta(deltaTotal);
        // δ₀(ε') ≤ 1 − (1 − δTotal)/(1 − δ)^k
        double target = -Math.expm1(Math.log1p(-deltaTotal) - k * Math.log1p(-delta));
        if (!(target >= 0)) {
            throw new InputException("a total delta of " + deltaTotal + " is below what " + k + " releases of delta " + delta
                    + " already spend (1 - (1 - delta)^k = " + -Math.expm1(k * Math.log1p(-delta)) + ")");
        }
        if (k == 0 || epsilon == 0 || pureDelta(epsilon, k, 0) <= target) {
            return new Guarantee(0.0, deltaTotal, Guarantee.Method.OPTIMAL_COMPOSITION, Double.NaN, 0.0, 0.0);
        }
        double lo = 0;
        double hi = k * epsilon; // δ₀(kε) = 0
        for (int i = 0; i < BISECTIONS; i++) {
            double mid = 0.5 * (lo + hi);
            if (mid == lo || mid == hi || hi - lo <= 1e-13 * hi) {
                break;
            }
            if (pureDelta(epsilon, k, mid) <= target) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return new Guarantee(hi, deltaTotal, Guarantee.Method.OPTIMAL_COMPOSITION, Double.NaN, lo, hi);
    }

    private static void checkK(int k) {
        if (k < 0 || k > MAX_OPTIMAL_K) {
            throw new InputException("the optimal composition takes between 0 and " + MAX_OPTIMAL_K + " compositions; got k = " + k);
        }
    }

    /** δ₀(ε') of k ε-DP randomized responses, summed in log space. */
    static double pureDelta(double epsilon, int k, double epsilonTotal) {
        if (k == 0 || epsilon == 0) {
            return 0.0;
        }
        double logP = -Math.log1p(Math.exp(-epsilon)); // log(e^ε/(1+e^ε))
        double logQ = -Math.log1p(Math.exp(epsilon)); // log(1/(1+e^ε))
        double logSum = Double.NEGATIVE_INFINITY;
        double logBinom = 0; // log C(k, 0)
        for (int l = 0; l <= k; l++) {
            double loss = (k - 2.0 * l) * epsilon;
            if (loss <= epsilonTotal) {
                break; // the loss only decreases with l
            }
            double term = logBinom + (k - l) * logP + l * logQ + Math.log(-Math.expm1(epsilonTotal - loss));
            logSum = LogMath.add(logSum, term);
            logBinom += Math.log((double) (k - l) / (l + 1));
        }
        return Math.min(1.0, Math.exp(logSum));
    }
}
