package dev.probity.privacy.budget;

import dev.probity.core.InputException;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one release costs and who asked for what: the (ε, δ) it spends, the mechanism and its parameters. The costs are
 * decimals so that a budget adds them exactly (0.1 ten times is 1, not 0.9999999999999999).
 *
 * @param who        who asked (a user, a service account)
 * @param what       what was released, in words or as the query
 * @param mechanism  the mechanism (e.g. {@code laplace}, {@code gaussian}, {@code dp-sgd})
 * @param parameters its parameters, for the record
 * @param epsilon    ε spent, positive
 * @param delta      δ spent, in [0, 1)
 */
public record Charge(String who, String what, String mechanism, Map<String, String> parameters, BigDecimal epsilon, BigDecimal delta) {
    public Charge {
        if (who == null || who.isBlank()) {
            throw new InputException("a release needs to say who asked for it");
        }
        if (what == null || what.isBlank()) {
            throw new InputException("a release needs to say what was released");
        }
        if (mechanism == null || mechanism.isBlank()) {
            throw new InputException("a release needs to name its mechanism");
        }
        if (epsilon == null || epsilon.signum() <= 0) {
            throw new InputException("a release spends a positive ε; got " + epsilon);
        }
        if (delta == null || delta.signum() < 0 || delta.compareTo(BigDecimal.ONE) >= 0) {
            throw new InputException("a release's δ is in [0, 1); got " + delta);
        }
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters == null ? Map.of() : parameters));
    }

    /**
     * A charge whose ε and δ come from a computation (an accountant, say): each is rounded <em>up</em> to 15
     * significant digits, so that the budget is never debited less than was spent.
     */
    public static Charge of(String who, String what, String mechanism, Map<String, String> parameters, double epsilon, double delta) {
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new InputException("a release spends a positive, finite ε; got " + epsilon);
        }
        if (!(delta >= 0 && delta < 1)) {
            throw new InputException("a release's δ is in [0, 1); got " + delta);
        }
        return new Charge(who, what, mechanism, parameters, up(epsilon), up(delta));
    }

    static BigDecimal up(double x) {
        return x == 0 ? BigDecimal.ZERO : new BigDecimal(x).round(new MathContext(15, RoundingMode.CEILING)).stripTrailingZeros();
    }
}
