package dev.probity.privacy.stats;

import dev.probity.core.InputException;

import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The exact, noise-free aggregates of {@link PrivateStats} per group, after contribution bounding: what the noise is
 * added to. Computed from a frame, or a chunk of one ({@link PrivateStats#aggregate}), merged by group key
 * ({@link #merge}) and released once ({@link PrivateStats#fromAggregates}), so that a table cut in parts — the
 * partitions of a cluster — is aggregated where it lies and noised once.
 *
 * <p>Each group holds the number of bounded rows, the number of units among them, and, on the grids that the clamping
 * bounds alone fix ({@link PrivateStats}), the integer sum of the clamped values, of the clamped values centred on
 * the bounds' midpoint and of the squared centred values, and for quantiles the number of clamped values equal to
 * each of the {@value PrivateStats#QUANTILE_GRID_CELLS} + 1 quantile grid points and strictly between each two
 * neighbouring points. All are integers, so merging is exact and does not depend on the order of the parts.
 *
 * <p><b>Not private.</b> These are the exact statistics of the data: they must stay where the data are (an
 * executor, the driver) and never be published. Only a release adds noise.
 *
 * <p>Merging adds units per group, so a unit's rows must not be split between parts that are bounded separately:
 * either bound the whole table first (as the Spark face does, in Spark SQL) and aggregate its bounded parts
 * ({@link PrivateStats#aggregateBounded}), or give each part all the rows of its units.
 */
public final class StatsAggregates implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The slots of the quantile histogram: 2·cells + 1 (even: on a grid point; odd: strictly between two). */
    static final int SLOTS = 2 * PrivateStats.QUANTILE_GRID_CELLS + 1;

    /** One group's exact aggregates. */
    static final class Group implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        long rows;
        long units;
        long sum;
        long centred;
        long squares;
        long[] histogram;

        Group copy() {
            Group g = new Group();
            g.rows = rows;
            g.units = units;
            g.sum = sum;
            g.centred = centred;
            g.squares = squares;
            g.histogram = histogram == null ? null : histogram.clone();
            return g;
        }

        void add(Group o) {
            rows += o.rows;
            units += o.units;
            sum += o.sum;
            centred += o.centred;
            squares += o.squares;
            if (o.histogram != null) {
                if (histogram == null) {
                    histogram = new long[SLOTS];
                }
                for (int i = 0; i < SLOTS; i++) {
                    histogram[i] += o.histogram[i];
                }
            }
        }
    }

    private final String by;
    private final String value;
    private final String unit;
    private final int maxGroupsPerUnit;
    private final int maxRowsPerGroup;
    private final double lower;
    private final double upper;
    private final List<String> keys;
    private final boolean sums;
    private final boolean centredSums;
    private final boolean squares;
    private final boolean quantiles;
    private final TreeMap<String, Group> groups;

    StatsAggregates(String by, String value, String unit, int maxGroupsPerUnit, int maxRowsPerGroup, double lower,
                    double upper, List<String> keys, boolean sums, boolean centredSums, boolean squares, boolean quantiles,
                    TreeMap<String, Group> groups) {
        this.by = by;
        this.value = value;
        this.unit = unit;
        this.maxGroupsPerUnit = unit == null ? 1 : maxGroupsPerUnit;
        this.maxRowsPerGroup = unit == null ? 1 : maxRowsPerGroup;
        this.lower = lower;
        this.upper = upper;
        this.keys = keys == null ? null : List.copyOf(keys);
        this.sums = sums;
        this.centredSums = centredSums;
        this.squares = squares;
        this.quantiles = quantiles;
        this.groups = groups;
    }

    /** The grouping column. */
    public String by() {
        return by;
    }

    /** The value column, or null when none was read (counts only). */
    public String value() {
        return value;
    }

    /** The privacy unit column the rows were bounded by, or null when each row is a unit. */
    public String unit() {
        return unit;
    }

    /** The most groups a unit kept when the rows were bounded (1 when each row is a unit). */
    public int maxGroupsPerUnit() {
        return maxGroupsPerUnit;
    }

    /** The most rows a unit kept in a group when the rows were bounded (1 when each row is a unit). */
    public int maxRowsPerGroup() {
        return maxRowsPerGroup;
    }

    /** The declared group keys the rows were restricted to, or null when the keys are private. */
    public List<String> keys() {
        return keys;
    }

    /** The number of groups with at least one bounded row. */
    public int groupCount() {
        return groups.size();
    }

    /**
     * The exact number of bounded rows per group (not private: for checks and tests, never to publish), in key
     * order.
     */
    public SortedMap<String, Long> rows() {
        TreeMap<String, Long> out = new TreeMap<>();
        groups.forEach((k, g) -> out.put(k, g.rows));
        return Collections.unmodifiableSortedMap(out);
    }

    /**
     * The exact number of units among each group's bounded rows (not private: for checks and tests, never to
     * publish), in key order; equal to {@link #rows()} when each row is a unit.
     */
    public SortedMap<String, Long> units() {
        TreeMap<String, Long> out = new TreeMap<>();
        groups.forEach((k, g) -> out.put(k, g.units));
        return Collections.unmodifiableSortedMap(out);
    }

    /**
     * These aggregates and {@code other}'s, added group by group. Both must come from the same request: the same
     * grouping, value and unit columns, clamping bounds, declared keys and quantities.
     *
     * @throws InputException when they do not
     */
    public StatsAggregates merge(StatsAggregates other) {
        Objects.requireNonNull(other, "other");
        if (!by.equals(other.by) || !Objects.equals(value, other.value) || !Objects.equals(unit, other.unit)
                || maxGroupsPerUnit != other.maxGroupsPerUnit || maxRowsPerGroup != other.maxRowsPerGroup
                || Double.compare(lower, other.lower) != 0 || Double.compare(upper, other.upper) != 0
                || !Objects.equals(keys, other.keys) || sums != other.sums || centredSums != other.centredSums
                || squares != other.squares || quantiles != other.quantiles) {
            throw new InputException("these private statistics' aggregates come from different requests and do not merge: "
                    + describe() + " and " + other.describe());
        }
        TreeMap<String, Group> out = new TreeMap<>();
        groups.forEach((k, g) -> out.put(k, g.copy()));
        other.groups.forEach((k, g) -> out.computeIfAbsent(k, x -> new Group()).add(g));
        return new StatsAggregates(by, value, unit, maxGroupsPerUnit, maxRowsPerGroup, lower, upper, keys, sums, centredSums, squares, quantiles, out);
    }

    /** The same aggregates restricted to these keys, now declared (for quantiles released on selected groups). */
    StatsAggregates restrictedTo(List<String> declared) {
        TreeMap<String, Group> out = new TreeMap<>();
        for (String k : declared) {
            Group g = groups.get(k);
            if (g != null) {
                out.put(k, g);
            }
        }
        return new StatsAggregates(by, value, unit, maxGroupsPerUnit, maxRowsPerGroup, lower, upper, declared, sums, centredSums, squares, quantiles, out);
    }

    String describe() {
        return "by '" + by + "'" + (value == null ? "" : " of '" + value + "'") + (unit == null ? "" : ", unit '" + unit + "' (" + maxGroupsPerUnit + " groups, " + maxRowsPerGroup + " rows)")
                + (Double.isNaN(lower) ? "" : ", bounds [" + lower + ", " + upper + "]")
                + (keys == null ? ", private keys" : ", keys " + keys)
                + ", quantities " + Arrays.toString(new boolean[] {sums, centredSums, squares, quantiles});
    }

    double lower() {
        return lower;
    }

    double upper() {
        return upper;
    }

    boolean hasSums() {
        return sums;
    }

    boolean hasCentredSums() {
        return centredSums;
    }

    boolean hasSquares() {
        return squares;
    }

    boolean hasQuantiles() {
        return quantiles;
    }

    Map<String, Group> groups() {
        return groups;
    }

    /** The group with this key, or an empty one. */
    Group group(String key) {
        Group g = groups.get(key);
        if (g != null) {
            return g;
        }
        Group empty = new Group();
        if (quantiles) {
            empty.histogram = new long[SLOTS];
        }
        return empty;
    }
}
