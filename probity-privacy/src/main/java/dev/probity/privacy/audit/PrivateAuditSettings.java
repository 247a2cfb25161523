package dev.probity.privacy.audit;

import dev.probity.core.InputException;
import dev.probity.privacy.mechanism.Randomness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a fairness audit is made private.
 *
 * @param epsilon    ε of the whole release, positive and finite
 * @param delta      δ: 0 for pure ε-DP with discrete Laplace noise; in (0, 1) for (ε, δ)-DP with discrete Gaussian noise
 * @param unit       the column naming the privacy unit (a person who may have several rows), or null when each row is a
 *                   person; at most one row per unit is kept (chosen at random), so that one unit changes one count
 * @param groups     the groups of each protected attribute, declared in advance (public knowledge); attributes not
 *                   named take the groups found in the data, which the release then shows without protection
 * @param randomness where the noise (and the choice of a unit's row) comes from; {@link Randomness#secure()} for a
 *                   real release, {@link Randomness#seeded(long)} for tests only (the result then says it is not private).
 *                   It is used, not copied: settings reused for a second audit continue its stream, and, like a
 *                   {@code Randomness}, settings are for one thread at a time
 */
public record PrivateAuditSettings(double epsilon, double delta, String unit, Map<String, List<String>> groups,
                                   Randomness randomness) {
    public PrivateAuditSettings {
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new InputException("the private audit's ε is positive and finite; got " + epsilon);
        }
        if (!(delta >= 0 && delta < 1)) {
            throw new InputException("the private audit's δ is in [0, 1); got " + delta);
        }
        if (unit != null && unit.isBlank()) {
            unit = null;
        }
        Map<String, List<String>> g = new LinkedHashMap<>();
        if (groups != null) {
            groups.forEach((k, v) -> {
                if (v == null || v.isEmpty()) {
                    throw new InputException("the declared groups of '" + k + "' are empty");
                }
                if (v.stream().distinct().count() != v.size()) {
                    throw new InputException("the declared groups of '" + k + "' repeat a group: " + v);
                }
                g.put(k, List.copyOf(v));
            });
        }
        groups = java.util.Collections.unmodifiableMap(g);
        Objects.requireNonNull(randomness, "randomness");
    }

    /** Pure ε-DP (discrete Laplace noise), one row per person, groups from the data, secure noise. */
    public static PrivateAuditSettings of(double epsilon) {
        return new PrivateAuditSettings(epsilon, 0, null, Map.of(), Randomness.secure());
    }

    /** (ε, δ)-DP with discrete Gaussian noise (pure ε-DP with discrete Laplace noise when δ is 0). */
    public PrivateAuditSettings withDelta(double d) {
        return new PrivateAuditSettings(epsilon, d, unit, groups, randomness);
    }

    /** Keeps at most one row per value of {@code column}. */
    public PrivateAuditSettings withUnit(String column) {
        return new PrivateAuditSettings(epsilon, delta, column, groups, randomness);
    }

    /** Declares an attribute's groups in advance (a row in no declared group is left out). */
    public PrivateAuditSettings withGroups(String attribute, List<String> values) {
        Map<String, List<String>> g = new LinkedHashMap<>(groups);
        g.put(attribute, values);
        return new PrivateAuditSettings(epsilon, delta, unit, g, randomness);
    }

    public PrivateAuditSettings withRandomness(Randomness r) {
        return new PrivateAuditSettings(epsilon, delta, unit, groups, r);
    }
}
