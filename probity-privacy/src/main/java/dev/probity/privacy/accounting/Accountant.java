package dev.probity.privacy.accounting;

/**
 * What a composition of private releases has spent, read as (ε, δ)-differential privacy. Implementations are
 * immutable values that compose by returning a new value ({@code plus}, {@code times}): {@link Zcdp}, {@link Rdp} and
 * {@link Prv}. Both directions are certified: {@link #epsilon} gives an ε that holds at the δ asked for, {@link #delta}
 * a δ that holds at the ε asked for; neither is smaller than the truth (up to the stated numerical tolerance of
 * {@link Prv}).
 */
public interface Accountant {
    /**
     * The smallest ε this accountant can certify at {@code delta}.
     *
     * @param delta strictly between 0 and 1
     * @throws dev.probity.core.InputException when delta is out of range
     */
    Guarantee epsilon(double delta);

    /**
     * The smallest δ this accountant can certify at {@code epsilon} (at most 1).
     *
     * @param epsilon a finite number ≥ 0
     * @throws dev.probity.core.InputException when epsilon is out of range
     */
    double delta(double epsilon);
}
