package dev.probity.privacy.accounting;

/**
 * An (ε, δ)-differential-privacy guarantee an accountant certifies: every set of outcomes is at most e^ε times more
 * likely, plus δ, with any one person's data than without it.
 *
 * @param epsilon  the certified ε: an upper bound on the smallest ε that holds at this δ. This is the number to
 *                 spend from a budget.
 * @param delta    the δ it holds at
 * @param method   how it was computed
 * @param order    the Rényi order α at which the bound was attained (RDP, and the zCDP conversion of Canonne, Kamath
 *                 &amp; Steinke); NaN for methods without one. An order at either end of the orders searched means a wider
 *                 range of orders might give a smaller ε.
 * @param lower    a lower bound on the smallest ε that holds at this δ, for the composition as accounted: the numerical
 *                 accountant's (the true ε is in [{@code lower}, {@code epsilon}]); the exact optimal composition of pure
 *                 DP gives the other end of its bisection (within 1e-13 relative of {@code epsilon}); the closed-form
 *                 bounds state none and give 0
 * @param estimate the numerical accountant's point estimate of ε (between {@code lower} and {@code epsilon}); the
 *                 other methods repeat {@code epsilon}
 */
public record Guarantee(double epsilon, double delta, Method method, double order, double lower, double estimate) {
    /** How a guarantee was computed. */
    public enum Method {
        /** Basic composition of pure or approximate DP: the ε add up, and so do the δ. */
        BASIC_COMPOSITION,
        /** Advanced composition (Dwork, Rothblum &amp; Vadhan 2010, Thm III.3). */
        ADVANCED_COMPOSITION,
        /** The exact optimal composition of k (ε, δ)-DP mechanisms (Kairouz, Oh &amp; Viswanath 2015, Thm 3.3). */
        OPTIMAL_COMPOSITION,
        /** ρ-zCDP to (ε, δ) by Bun &amp; Steinke 2016, Prop. 1.3. */
        ZCDP_BUN_STEINKE,
        /** ρ-zCDP to (ε, δ) by Canonne, Kamath &amp; Steinke 2020, Cor. 13. */
        ZCDP_CANONNE_KAMATH_STEINKE,
        /** Rényi DP to (ε, δ) by Balle et al. 2020, Thm 21, minimised over the orders (as Opacus). */
        RDP,
        /** Numerical composition of privacy random variables (Gopi, Lee &amp; Wutschitz 2021). */
        PRV
    }

    /** A closed-form upper bound: no order, no lower bound stated, the estimate is the bound. */
    static Guarantee bound(double epsilon, double delta, Method method) {
        return new Guarantee(epsilon, delta, method, Double.NaN, 0.0, epsilon);
    }
}
