/**
 * Privacy accountants: what a sequence of differentially private releases has spent, as (ε, δ).
 * <ul>
 * <li>{@link dev.probity.privacy.accounting.PureDp}: releases known only by their (ε, δ) — basic, advanced and
 * optimal composition.</li>
 * <li>{@link dev.probity.privacy.accounting.Zcdp}: ρ-zero-concentrated DP; one number per release, summed; the
 * conversions of Bun &amp; Steinke 2016 and of Canonne, Kamath &amp; Steinke 2020.</li>
 * <li>{@link dev.probity.privacy.accounting.Rdp}: Rényi DP of the (Poisson-)sampled Gaussian mechanism of DP-SGD at
 * Opacus's orders, as Opacus and TF Privacy compute it.</li>
 * <li>{@link dev.probity.privacy.accounting.Prv}: the tight numerical accountant of Gopi, Lee &amp; Wutschitz 2021,
 * with lower and upper bounds on ε.</li>
 * </ul>
 * Zcdp, Rdp and Prv are immutable values implementing {@link dev.probity.privacy.accounting.Accountant}; results are
 * {@link dev.probity.privacy.accounting.Guarantee}s. Wrong arguments raise {@link dev.probity.core.InputException}
 * naming the parameter and the value.
 */
package dev.probity.privacy.accounting;
