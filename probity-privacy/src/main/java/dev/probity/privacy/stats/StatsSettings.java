package dev.probity.privacy.stats;

import dev.probity.core.InputException;
import dev.probity.privacy.mechanism.Randomness;

import java.util.List;
import java.util.Objects;

/**
 * How {@link PrivateStats} makes grouped statistics private.
 *
 * @param epsilon          ε of the whole release, positive and finite; split evenly among the noisy quantities
 *                         (see {@link PrivateStats})
 * @param delta            δ in [0, 1); must be positive when the group keys are private (partition selection spends
 *                         it), and is unused otherwise
 * @param unit             the column naming the privacy unit (a person who may have several rows), or null when each
 *                         row is a unit
 * @param maxGroupsPerUnit the L0 bound: a unit contributes to at most this many groups (chosen at random among its
 *                         groups), at least 1
 * @param maxRowsPerGroup  the L∞ bound: at most this many rows of a unit in a group (chosen at random), at least 1
 * @param lower            lower clamping bound for sums and means (NaN when not given)
 * @param upper            upper clamping bound for sums and means (NaN when not given)
 * @param keys             the public group keys, declared in advance, or null when the keys are private and chosen by
 *                         private partition selection
 * @param level            the level of the noise intervals, in (0, 1)
 * @param randomness       the source of noise and of the random choices of contribution bounding;
 *                         {@link Randomness#secure()} for a real release, {@link Randomness#seeded(long)} for tests
 */
public record StatsSettings(double epsilon, double delta, String unit, int maxGroupsPerUnit, int maxRowsPerGroup,
                            double lower, double upper, List<String> keys, double level, Randomness randomness) {
    public StatsSettings {
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new InputException("the private statistics' epsilon is positive and finite; got " + epsilon);
        }
        if (!(delta >= 0 && delta < 1)) {
            throw new InputException("the private statistics' delta is in [0, 1); got " + delta);
        }
        if (unit != null && unit.isBlank()) {
            unit = null;
        }
        if (maxGroupsPerUnit < 1) {
            throw new InputException("maxGroupsPerUnit (the most groups one unit contributes to) is at least 1; got "
                    + maxGroupsPerUnit);
        }
        if (maxRowsPerGroup < 1) {
            throw new InputException("maxRowsPerGroup (the most rows of one unit in a group) is at least 1; got "
                    + maxRowsPerGroup);
        }
        boolean noBounds = Double.isNaN(lower) && Double.isNaN(upper);
        if (!noBounds && !(Double.isFinite(lower) && Double.isFinite(upper) && lower < upper)) {
            throw new InputException("the clamping bounds are finite with lower < upper; got lower = " + lower
                    + ", upper = " + upper);
        }
        if (keys != null) {
            if (keys.isEmpty()) {
                throw new InputException("the declared group keys are empty");
            }
            if (keys.stream().anyMatch(Objects::isNull)) {
                throw new InputException("the declared group keys contain null: " + keys);
            }
            if (keys.stream().distinct().count() != keys.size()) {
                throw new InputException("the declared group keys repeat a key: " + keys);
            }
            keys = List.copyOf(keys);
        }
        if (!(level > 0 && level < 1)) {
            throw new InputException("the noise interval's level is in (0, 1); got " + level);
        }
        Objects.requireNonNull(randomness, "randomness");
    }

    /** ε, each row a unit, bounds 1 and 1, no clamping bounds, private keys, 95 % intervals, secure noise. */
    public static StatsSettings of(double epsilon) {
        return new StatsSettings(epsilon, 0, null, 1, 1, Double.NaN, Double.NaN, null, 0.95, Randomness.secure());
    }

    public StatsSettings withDelta(double d) {
        return new StatsSettings(epsilon, d, unit, maxGroupsPerUnit, maxRowsPerGroup, lower, upper, keys, level, randomness);
    }

    /** The privacy unit column, with the L0 and L∞ bounds on its contributions. */
    public StatsSettings withUnit(String column, int maxGroups, int maxRows) {
        return new StatsSettings(epsilon, delta, column, maxGroups, maxRows, lower, upper, keys, level, randomness);
    }

    /** The clamping bounds [lo, hi] for sums and means: declared, never taken from the data. */
    public StatsSettings withBounds(double lo, double hi) {
        return new StatsSettings(epsilon, delta, unit, maxGroupsPerUnit, maxRowsPerGroup, lo, hi, keys, level, randomness);
    }

    /** Declares the group keys in advance (public): exactly these groups are released, rows with other keys left out. */
    public StatsSettings withKeys(List<String> publicKeys) {
        return new StatsSettings(epsilon, delta, unit, maxGroupsPerUnit, maxRowsPerGroup, lower, upper, publicKeys, level, randomness);
    }

    public StatsSettings withLevel(double l) {
        return new StatsSettings(epsilon, delta, unit, maxGroupsPerUnit, maxRowsPerGroup, lower, upper, keys, l, randomness);
    }

    public StatsSettings withRandomness(Randomness r) {
        return new StatsSettings(epsilon, delta, unit, maxGroupsPerUnit, maxRowsPerGroup, lower, upper, keys, level, r);
    }

    boolean hasBounds() {
        return !Double.isNaN(lower);
    }
}
