package dev.probity.explain.counterfactual;

import dev.probity.core.InputException;
import dev.probity.explain.shap.FeatureSpace;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a counterfactual may change: immutable features (never changed), permitted ranges of numbers,
 * permitted categories of text, and monotone directions (a feature may only increase, or only decrease —
 * age, say). Parsed from the command line's {@code --immutable}, {@code --range COL=LO:HI},
 * {@code --allow COL=a|b} and {@code --monotone COL=increase|decrease}.
 */
public final class Constraints {
    public enum Direction { ANY, INCREASE, DECREASE }

    private final Set<Integer> immutable = new HashSet<>();
    private final Map<Integer, double[]> ranges = new HashMap<>();
    private final Map<Integer, Set<String>> allowed = new HashMap<>();
    private final Map<Integer, Direction> directions = new HashMap<>();
    private final FeatureSpace space;

    public Constraints(FeatureSpace space) {
        this.space = space;
    }

    private int index(String name) {
        for (int j = 0; j < space.size(); j++) {
            if (space.names().get(j).equalsIgnoreCase(name.trim())) {
                return j;
            }
        }
        throw new InputException("no feature '" + name.trim() + "' in the model; features: " + space.names());
    }

    public Constraints immutable(String name) {
        immutable.add(index(name));
        return this;
    }

    public Constraints range(String name, double lo, double hi) {
        int j = index(name);
        if (space.type(j) == dev.probity.core.frame.ColumnType.STRING) {
            throw new InputException("a range needs a numeric feature; '" + name + "' is text (give allowed values, {{allow}})");
        }
        if (!(lo <= hi)) {
            throw new InputException("range of '" + name + "' is empty: " + lo + " > " + hi);
        }
        ranges.put(j, new double[] {lo, hi});
        return this;
    }

    public Constraints allow(String name, Set<String> values) {
        int j = index(name);
        if (space.type(j) != dev.probity.core.frame.ColumnType.STRING) {
            throw new InputException("allowed values need a text feature; '" + name + "' is numeric (give a range, {{range}})");
        }
        for (String v : values) {
            if (!space.dictionary(j).contains(v)) {
                throw new InputException("'" + v + "' is not a value of '" + name + "'; values: " + space.dictionary(j));
            }
        }
        allowed.put(j, Set.copyOf(values));
        return this;
    }

    public Constraints monotone(String name, String direction) {
        Direction d = switch (direction.trim().toLowerCase(Locale.ROOT)) {
            case "increase", "up", "+" -> Direction.INCREASE;
            case "decrease", "down", "-" -> Direction.DECREASE;
            default -> throw new InputException("monotone direction must be increase or decrease, got '" + direction + "'");
        };
        directions.put(index(name), d);
        return this;
    }

    public boolean isImmutable(int j) {
        return immutable.contains(j);
    }

    /** Whether feature {@code j} may move from {@code from} to {@code to}. */
    public boolean permits(int j, double from, double to) {
        if (immutable.contains(j)) {
            return false;
        }
        if (Double.isNaN(to)) {
            return false;
        }
        double[] r = ranges.get(j);
        if (r != null && (to < r[0] || to > r[1])) {
            return false;
        }
        Set<String> a = allowed.get(j);
        if (a != null && !a.contains(space.dictionary(j).get((int) to))) {
            return false;
        }
        Direction d = directions.getOrDefault(j, Direction.ANY);
        if (!Double.isNaN(from) && space.type(j) != dev.probity.core.frame.ColumnType.STRING) {
            if (d == Direction.INCREASE && to < from) {
                return false;
            }
            if (d == Direction.DECREASE && to > from) {
                return false;
            }
        }
        return true;
    }
}
