package dev.probity.privacy.stats;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import dev.probity.privacy.budget.Charge;
import dev.probity.privacy.budget.PrivacyBudget;
import dev.probity.privacy.mechanism.GeometricMechanism;
import dev.probity.privacy.mechanism.Randomness;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Differentially private counts, sums, means and variances of a frame grouped by one column.
 *
 * <p><b>Neighbours.</b> Two datasets are neighbours when one has all the rows of one privacy unit (a person, named by
 * the unit column; each row when there is none) that the other lacks.
 *
 * <p><b>Contribution bounding.</b> Each unit keeps at most {@code maxGroupsPerUnit} = Δ₀ of its groups (chosen
 * uniformly at random when it has more) and, in each, at most {@code maxRowsPerGroup} = Δ∞ of its rows (chosen
 * uniformly at random), independently of other units. Without a unit column each row is a unit and both bounds are 1.
 * So one unit changes the vector of group counts by at most Δ₀·Δ∞ in L1, and the vector of clamped sums by at most
 * Δ₀·Δ∞·max(|lo|, |hi|).
 *
 * <p><b>Clamping bounds are declared, never taken from the data.</b> Bounds computed from the data (its minimum and
 * maximum) would depend on one person's value — the richest person's income sets the maximum — so the noise scale
 * would itself reveal it, and the sensitivity the noise is calibrated to would not hold. Sums and means therefore
 * need {@link StatsSettings#withBounds} and values outside are clamped.
 *
 * <p><b>Noise.</b> Every quantity is an integer released with the geometric (discrete Laplace) mechanism, exactly
 * ({@link GeometricMechanism}): a count directly; a sum on a grid g = 2^k with the per-row bound 2^12 to 2^13 grid
 * units, each clamped value rounded to the grid <em>before</em> summing and the integers summed exactly, so the
 * sensitivity in grid units, Δ₀·Δ∞·max(|⌊lo/g⌉|, |⌊hi/g⌉|), holds whatever floating point would have done to a
 * sum of doubles (Casacuberta et al. 2022). The result is multiplied back by g.
 *
 * <p><b>Means</b> use the midpoint shift: with mid = (lo + hi)/2 on the grid, the sum of (x − mid) has a per-row bound
 * of (hi − lo)/2 instead of max(|lo|, |hi|), half or less of the plain sum's. The mean is mid + S̃/C̃ with S̃ the noisy
 * centred sum and C̃ the noisy count, clamped to [lo, hi]; where C̃ &lt; 1 the mean is reported as mid with the interval
 * [lo, hi]. Its interval is for the noise only, with the delta method's variance
 * Var ≈ Var(S̃)/C̃² + S̃²·Var(C̃)/C̃⁴ and the quantile of a Laplace distribution of that variance,
 * ±(sd/√2)·ln(1/(1 − level)), not a normal one: the centred sum's Laplace noise usually dominates, and a normal
 * interval of ±1.96 sd covers a Laplace variable only 93.7 % of the time (checked: 93–94 % in simulation). A sum of
 * independent Laplace terms has lighter tails than one Laplace of the same variance, so this errs towards covering.
 *
 * <p><b>Variances</b> (population: divided by the count) add a noisy sum of squared centred values Q̃ (on its own
 * grid, per-row bound ((hi − lo)/2)²): v = Q̃/C̃ − (S̃/C̃)², clamped to [0, (hi − lo)²/4], with the delta method's
 * variance and a Laplace quantile as for the mean.
 *
 * <p><b>Budget split.</b> ε is split evenly among the noisy quantities released per group: the count (when a count
 * or a mean is asked; a mean and a count share one noisy count), the sum (when asked), the centred sum (when a mean or a
 * variance is asked; shared), the centred sum of squares (when a variance is asked), and partition selection
 * (when the keys are private). By basic composition the release is (ε, δ)-DP.
 *
 * <p><b>Intervals.</b> For a count and a sum the interval is the exact central quantile of the discrete Laplace noise
 * actually drawn: the smallest q with P[|Z| &gt; q] ≤ 1 − level, where P[|Z| ≥ j] = 2e^(−j/b)/(1 + e^(−1/b)) for
 * j ≥ 1. It covers the exact statistic of the bounded, clamped rows with probability at least the level — for a sum,
 * of the values rounded to the grid, each of which moved by at most g/2 ≤ max(|lo|, |hi|)/8192.
 *
 * <p><b>Private partition selection</b> (keys not declared): the groups present in the data would reveal that someone
 * is in a group of one. Laplace thresholding (Korolova, Kenthapadi, Mishra and Ntoulas 2009; Google's
 * differential-privacy library, {@code LaplacePartitionSelection} in {@code cc/algorithms/partition-selection.h}):
 * each group's number of units gets noise of scale b = Δ₀/ε_sel, and the group is kept only if the noisy number
 * exceeds a threshold chosen so that a group with one unit is kept with probability at most
 * δ′ = 1 − (1 − δ)^(1/Δ₀) — a unit reaches at most Δ₀ groups, so a group that exists only because of it appears
 * with probability at most 1 − (1 − δ′)^Δ₀ = δ. Google's continuous threshold is τ = 1 − b·ln(2δ′) (for δ′ ≤ ½);
 * with the discrete Laplace used here the threshold is exact on the integers: the smallest k ≥ 1 with
 * P[Z ≥ k] = e^(−k/b)/(1 + e^(−1/b)) ≤ δ′, and the group is kept when units + Z ≥ 1 + k. Partition selection spends
 * (ε_sel, δ); the groups' statistics are then drawn with fresh noise.
 *
 * <p><b>Aggregation, then noise.</b> Every release is two steps: the exact aggregates of the bounded rows per group
 * ({@link #aggregate}: rows, units, the integer sums on the grids above and the quantile grid's counts), then
 * partition selection and noise ({@link #fromAggregates}). The aggregates are integers and merge exactly
 * ({@link StatsAggregates#merge}), so a table held in parts (a cluster's partitions) is aggregated where it lies,
 * bounded there or before ({@link #aggregateBounded}), and noised once; the in-memory methods here are
 * {@code aggregate} followed by {@code fromAggregates} on the same settings, drawing the same randomness in the same
 * order.
 *
 * <p><b>Not protected.</b> How many rows bounding dropped is not released. Rows with a missing key, or with a
 * missing value when a value column is read, are left out (a fact about the data, so the bounding decision is per
 * row and does not depend on others). Seeded randomness is not private.
 */
public final class PrivateStats {
    private PrivateStats() {
    }

    /** Noisy row counts per group. */
    public static PrivateStatsResult count(Frame frame, String by, StatsSettings settings) {
        return compute(frame, by, null, EnumSet.of(Statistic.COUNT), settings);
    }

    /** Noisy sums of {@code value} (clamped to the settings' bounds) per group. */
    public static PrivateStatsResult sum(Frame frame, String by, String value, StatsSettings settings) {
        return compute(frame, by, value, EnumSet.of(Statistic.SUM), settings);
    }

    /** Noisy means of {@code value} (clamped to the settings' bounds) per group. */
    public static PrivateStatsResult mean(Frame frame, String by, String value, StatsSettings settings) {
        return compute(frame, by, value, EnumSet.of(Statistic.MEAN), settings);
    }

    /** Noisy population variances of {@code value} (clamped to the settings' bounds) per group. */
    public static PrivateStatsResult variance(Frame frame, String by, String value, StatsSettings settings) {
        return compute(frame, by, value, EnumSet.of(Statistic.VARIANCE), settings);
    }

    /**
     * The number of grid cells between the clamping bounds on which quantiles are chosen (1,001 points: lo + (hi −
     * lo)·j/1000, so with whole-number bounds 1,000 apart or a divisor of that, whole values in the data are points).
     */
    public static final int QUANTILE_GRID_CELLS = 1000;
    private static final int PROBABILITY_BITS = 20;

    /**
     * Private quantiles of {@code value} per group: for each probability p, a point of the grid
     * lo, lo + (hi − lo)/{@value #QUANTILE_GRID_CELLS}, …, hi chosen by the exponential mechanism (McSherry and Talwar
     * 2007, the quantile form of Smith 2011), with the score
     * {@code −|(1 − p)·#{x < c} − p·#{x > c}|} of a candidate c over the group's bounded rows, values clamped to the
     * declared bounds (OpenDP's {@code make_quantile_score_candidates} uses the same score). At the exact quantile
     * the rows below and above balance as p : 1 − p and the score is 0; each row more on the wrong side costs
     * (1 − p) or p. Adding or removing a row changes one count by 1, so the score moves by at most max(p, 1 − p), and
     * a unit by at most Δ₀·Δ∞·max(p, 1 − p) summed over its groups: the sensitivity each group's mechanism is given.
     *
     * <p><b>Exactly.</b> p is rounded to a multiple of 2^-20 and the score scaled by 2^20, so scores and sensitivity
     * are integers held exactly in doubles, and the exponential mechanism draws with exact rational arithmetic
     * ({@link dev.probity.privacy.mechanism.ExponentialMechanism}); no floating-point weights are summed. The grid is
     * fixed by the bounds alone, never by the data.
     *
     * <p><b>Budget.</b> ε is split evenly among the probabilities (and partition selection, with private keys). The
     * released values of a group are then sorted to follow the probabilities (post-processing: quantiles of one
     * distribution do not decrease with p).
     *
     * <p><b>Accuracy.</b> Each {@link NoisyQuantile} carries the exponential mechanism's utility bound as a rank
     * error in rows: with probability at least the level, the score of the released point is within
     * (2Δ/ε)·ln(G/(1 − level)) of the best grid point's. Rank is what a quantile is about, so where values pile up on
     * one point that is not on the grid, every grid point between it and the next value has the same rank and the
     * same score: with bounds [0, 100] and whole values, the points are the whole values, and no such tie arises.
     *
     * @param probabilities each in [0, 1]
     */
    public static PrivateStatsResult quantiles(Frame frame, String by, String value, double[] probabilities,
                                               StatsSettings s) {
        long[] p20 = probabilityUnits(probabilities);
        StatsAggregates a = aggregate(frame, by, value, false, false, false, true, s, "quantiles", false, null);
        return releaseQuantiles(a, probabilities, p20, s);
    }

    /** The probabilities, checked, as multiples of 2^-20. */
    private static long[] probabilityUnits(double[] probabilities) {
        if (probabilities == null || probabilities.length == 0) {
            throw new InputException("no quantiles asked: give at least one probability in [0, 1]");
        }
        long[] p20 = new long[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            double p = probabilities[i];
            if (!(p >= 0 && p <= 1)) {
                throw new InputException("a quantile's probability is in [0, 1]; got " + p);
            }
            p20[i] = Math.round(Math.scalb(p, PROBABILITY_BITS));
        }
        return p20;
    }

    /**
     * The private quantiles of the aggregates: partition selection, then for each released group and probability the
     * exponential mechanism over the grid, the scores counted from the group's histogram of grid points and cells.
     */
    private static PrivateStatsResult releaseQuantiles(StatsAggregates a, double[] probabilities, long[] p20,
                                                       StatsSettings s) {
        Selection sel = select(a, probabilities.length, s);
        Randomness rnd = s.randomness();
        long one = 1L << PROBABILITY_BITS;
        double lo = s.lower();
        double hi = s.upper();
        double step = (hi - lo) / QUANTILE_GRID_CELLS;
        double[] grid = quantileGrid(lo, hi);
        long rowsBound = Math.multiplyExact(sel.d0, sel.dInf);
        double level = s.level();
        boolean isPrivate = rnd.isPrivate();
        List<GroupStatistics> out = new ArrayList<>();
        for (int g = 0; g < sel.names.size(); g++) {
            if (!sel.release[g]) {
                continue;
            }
            StatsAggregates.Group exact = a.group(sel.names.get(g));
            // below[j]: the clamped values under grid point j; above[j]: those over it
            long[] below = new long[grid.length];
            long[] above = new long[grid.length];
            long under = 0;
            for (int j = 0; j < grid.length; j++) {
                below[j] = under;
                under += exact.histogram[2 * j];
                above[j] = exact.rows - under;
                if (j + 1 < grid.length) {
                    under += exact.histogram[2 * j + 1];
                }
            }
            double[] released = new double[p20.length];
            double[] rankError = new double[p20.length];
            for (int k = 0; k < p20.length; k++) {
                long p = p20[k];
                long sensitivity = Math.multiplyExact(rowsBound, Math.max(p, one - p));
                double[] score = new double[grid.length];
                for (int j = 0; j < grid.length; j++) {
                    score[j] = -Math.abs(Math.subtractExact(Math.multiplyExact(one - p, below[j]),
                            Math.multiplyExact(p, above[j])));
                }
                var mech = dev.probity.privacy.mechanism.ExponentialMechanism.of(sel.eps, Math.max(1, sensitivity));
                released[k] = grid[mech.select(score, rnd).value()];
                // (2Δ/ε)·ln(G/(1 − level)), in rows: Δ in score units over 2^20
                rankError[k] = 2.0 * Math.max(1, sensitivity) / one / sel.eps * Math.log(grid.length / (1 - level));
            }
            // post-processing: quantiles do not decrease with p
            Integer[] order = new Integer[p20.length];
            for (int k = 0; k < order.length; k++) {
                order[k] = k;
            }
            java.util.Arrays.sort(order, (u, v) -> Long.compare(p20[u], p20[v]));
            double[] sortedValues = released.clone();
            java.util.Arrays.sort(sortedValues);
            List<NoisyQuantile> qs = new ArrayList<>(java.util.Collections.nCopies(p20.length, (NoisyQuantile) null));
            for (int r = 0; r < order.length; r++) {
                int k = order[r];
                qs.set(k, new NoisyQuantile(probabilities[k], sortedValues[r], rankError[k], level,
                        step, "exponential mechanism on a grid of " + grid.length + " points", sel.eps, isPrivate));
            }
            out.add(new GroupStatistics(sel.names.get(g), null, null, null, null, qs));
        }
        List<String> notes = new ArrayList<>(sel.notes);
        notes.add("values clamped to [" + lo + ", " + hi + "]; quantiles chosen among " + grid.length
                + " grid points (resolution " + step + ") and sorted to follow the probabilities");
        if (!isPrivate) {
            notes.add("not private: seeded noise, for tests");
        }
        return new PrivateStatsResult(out, s.epsilon(), sel.privateKeys ? s.delta() : 0, sel.eps, sel.privateKeys,
                sel.threshold, isPrivate, notes);
    }

    /**
     * Statistics and quantiles of one value column per group in one release of the settings' (ε, δ): what a
     * "describe" asks. With private keys the groups are chosen once, by the statistics' partition selection, and the
     * quantiles are released for exactly those groups (the selected keys are then public: post-processing). ε is split
     * evenly among every noisy quantity of both: each gets ε / (statistics' quantities + selection + probabilities).
     *
     * @param statistics    any of {@link Statistic}; may be empty when quantiles are asked
     * @param probabilities the quantiles' probabilities; may be empty when statistics are asked
     */
    public static PrivateStatsResult describe(Frame frame, String by, String value, Set<Statistic> statistics,
                                              double[] probabilities, StatsSettings s) {
        Set<Statistic> st = statistics == null ? EnumSet.noneOf(Statistic.class) : statistics;
        double[] ps = probabilities == null ? new double[0] : probabilities;
        validate(frame, by, value, st, ps, s);
        return describe(st, ps, s, x -> compute(frame, by, value, st, x), x -> quantiles(frame, by, value, ps, x));
    }

    /**
     * Statistics and quantiles in one release: the statistics (with partition selection, for private keys) with their
     * share of ε, then the quantiles of the selected groups, now declared keys, with the rest.
     */
    private static PrivateStatsResult describe(Set<Statistic> st, double[] ps, StatsSettings s,
                                               Function<StatsSettings, PrivateStatsResult> statistics,
                                               Function<StatsSettings, PrivateStatsResult> quantiles) {
        if (ps.length == 0) {
            return statistics.apply(s);
        }
        if (st.isEmpty()) {
            return quantiles.apply(s);
        }
        int a = quantities(st) + (s.keys() == null ? 1 : 0);
        int b = ps.length;
        double epsStats = s.epsilon() * a / (a + b);
        PrivateStatsResult first = statistics.apply(withEpsilon(s, epsStats));
        if (first.groups().isEmpty()) {
            List<String> notes = new ArrayList<>(first.notes());
            notes.add("no group was selected, so no quantile was released (its share of epsilon, " + (s.epsilon() - epsStats)
                    + ", was not spent on anything)");
            return new PrivateStatsResult(first.groups(), s.epsilon(), first.delta(), first.epsilonEach(), first.keysSelected(),
                    first.threshold(), first.privateNoise(), notes);
        }
        List<String> keys = first.groups().stream().map(GroupStatistics::key).toList();
        PrivateStatsResult second = quantiles.apply(withEpsilon(s, s.epsilon() - epsStats).withKeys(keys));
        List<GroupStatistics> merged = new ArrayList<>();
        for (GroupStatistics g : first.groups()) {
            merged.add(new GroupStatistics(g.key(), g.count(), g.sum(), g.mean(), g.variance(), second.group(g.key()).quantiles()));
        }
        List<String> notes = new ArrayList<>();
        notes.add("epsilon " + s.epsilon() + " split evenly among " + (a + b) + " noisy quantities (" + first.epsilonEach() + " each): "
                + (a - (first.keysSelected() ? 1 : 0)) + " for the statistics" + (first.keysSelected() ? ", 1 for the choice of groups" : "")
                + ", " + b + " for the quantile" + (b == 1 ? "" : "s"));
        first.notes().stream().filter(n -> !n.startsWith("epsilon ")).forEach(notes::add);
        for (String n : second.notes()) { // the quantiles' own notes, less their split and their (now public) keys
            if (!notes.contains(n) && !n.startsWith("epsilon ") && !n.startsWith("group keys declared")) {
                notes.add(n);
            }
        }
        return new PrivateStatsResult(merged, s.epsilon(), first.delta(), first.epsilonEach(), first.keysSelected(), first.threshold(),
                first.privateNoise(), notes);
    }

    /**
     * {@link #describe}, paid for from {@code budget}: the request is checked against the data (nothing is released),
     * the budget is debited (ε, and δ when the keys are private) — or refuses, and nothing is released — and only then
     * are the groups bounded, chosen and noised.
     *
     * @param who who asks, for the budget's record
     */
    public static PrivacyBudget.Released<PrivateStatsResult> describe(Frame frame, String by, String value, Set<Statistic> statistics,
                                                                     double[] probabilities, StatsSettings s, PrivacyBudget budget,
                                                                     String who) {
        Set<Statistic> st = statistics == null ? EnumSet.noneOf(Statistic.class) : statistics;
        double[] ps = probabilities == null ? new double[0] : probabilities;
        validate(frame, by, value, st, ps, s);
        Charge charge = charge(by, value, st, ps, s, who, frame.source());
        return budget.release(charge, () -> describe(frame, by, value, st, ps, s));
    }

    /** The budget's record of a release of private statistics. */
    private static Charge charge(String by, String value, Set<Statistic> st, double[] ps, StatsSettings s, String who,
                                 String source) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("by", by);
        if (value != null) {
            params.put("value", value);
        }
        params.put("statistics", st.toString());
        if (ps.length > 0) {
            params.put("quantiles", java.util.Arrays.toString(ps));
        }
        if (s.hasBounds()) {
            params.put("bounds", "[" + s.lower() + ", " + s.upper() + "]");
        }
        params.put("keys", s.keys() == null ? "private (partition selection)" : "declared: " + s.keys().size());
        if (s.unit() != null) {
            params.put("unit", s.unit() + " (at most " + s.maxGroupsPerUnit() + " groups, " + s.maxRowsPerGroup() + " rows in each)");
        }
        String what = "private statistics of " + source + " by '" + by + "'" + (value == null ? "" : " of '" + value + "'");
        String mechanism = ps.length == 0 ? "geometric (discrete Laplace)" : st.isEmpty() ? "exponential mechanism"
                : "geometric (discrete Laplace) and exponential mechanism";
        return Charge.of(who, what, mechanism, params, s.epsilon(), s.keys() == null ? s.delta() : 0);
    }

    /**
     * The exact aggregates of {@code frame} that a release of {@code statistics} (and of quantiles, when
     * {@code quantiles}) needs, after contribution bounding as the settings ask (the bounding's random choices drawn
     * from the settings' randomness): the first half of {@link #describe}, which is {@code aggregate} followed by
     * {@link #fromAggregates}. The value column is read only when a statistic or the quantiles need it (then rows
     * missing it are left out), and then the settings must declare the clamping bounds, which fix the grids the sums
     * are kept on. With a privacy unit the frame must hold every row of its units, since a unit is bounded here; to
     * aggregate parts of a table bounded elsewhere, use {@link #aggregateBounded}.
     *
     * <p>The result is exact and not private: it must not be published, only released through
     * {@link #fromAggregates}.
     *
     * @param value the value column, or null for counts only
     * @throws InputException for an unknown column, a value column that is not numeric, missing clamping bounds, a
     *                        missing unit, or private keys without δ — the messages of {@link #describe}
     */
    public static StatsAggregates aggregate(Frame frame, String by, String value, Set<Statistic> statistics,
                                            boolean quantiles, StatsSettings s) {
        return aggregate(frame, by, value, statistics, quantiles, s, false, null);
    }

    /**
     * The exact aggregates of rows already bounded by the settings' unit (each unit keeping at most
     * {@code maxGroupsPerUnit} groups and {@code maxRowsPerGroup} rows in each), as {@link #aggregate} computes them
     * after its own bounding; nothing is drawn. So a table bounded elsewhere (in Spark SQL, say) can be aggregated in
     * parts and merged ({@link StatsAggregates#merge}): rows are added, and units are counted by
     * {@code firstOfUnit}, a numeric column that is 1 on exactly one row of each unit in each of its groups (so that
     * a unit split between parts is counted once).
     *
     * <p>The bounding is what the privacy guarantee rests on: rows not bounded as the settings say make the release
     * claim a privacy it does not have.
     *
     * @param firstOfUnit the column marking each unit's first row in its group with 1, or null when there is no unit
     *                    (each row is one)
     */
    public static StatsAggregates aggregateBounded(Frame frame, String by, String value, Set<Statistic> statistics,
                                                   boolean quantiles, String firstOfUnit, StatsSettings s) {
        return aggregate(frame, by, value, statistics, quantiles, s, true, firstOfUnit);
    }

    private static StatsAggregates aggregate(Frame frame, String by, String value, Set<Statistic> statistics,
                                             boolean quantiles, StatsSettings s, boolean bounded, String firstOfUnit) {
        Set<Statistic> st = statistics == null ? EnumSet.noneOf(Statistic.class) : statistics;
        if (st.isEmpty() && !quantiles) {
            throw new InputException("nothing asked: give at least one statistic (count, sum, mean, variance) or a quantile");
        }
        boolean sums = st.contains(Statistic.SUM);
        boolean squares = st.contains(Statistic.VARIANCE);
        boolean centred = squares || st.contains(Statistic.MEAN);
        boolean needValues = sums || centred || quantiles;
        return aggregate(frame, by, needValues ? value : null, sums, centred, squares, quantiles, s,
                "sums, means, variances and quantiles", bounded, firstOfUnit);
    }

    /**
     * The release of {@link #describe} from exact aggregates ({@link #aggregate}, {@link #aggregateBounded}, merged):
     * partition selection (private keys), then the noise of each released group, exactly as {@link #describe} draws
     * them after its aggregation — so a frame's aggregates released with a seeded randomness give what
     * {@link #describe} gives on the frame with the same seed when nothing was drawn for bounding (no unit). With
     * both statistics and quantiles, the quantiles are released for the groups the statistics selected, from the same
     * aggregates ({@link #describe} bounds the frame a second time for them).
     *
     * @param statistics    any of {@link Statistic}; may be empty when quantiles are asked
     * @param probabilities the quantiles' probabilities; may be empty when statistics are asked
     * @throws InputException when the aggregates do not hold what is asked, or were made under other bounds, unit or
     *                        keys than the settings say
     */
    public static PrivateStatsResult fromAggregates(StatsAggregates aggregates, Set<Statistic> statistics,
                                                    double[] probabilities, StatsSettings s) {
        Set<Statistic> st = statistics == null ? EnumSet.noneOf(Statistic.class) : statistics;
        double[] ps = probabilities == null ? new double[0] : probabilities;
        validate(aggregates, st, ps, s);
        long[] p20 = ps.length == 0 ? null : probabilityUnits(ps);
        return describe(st, ps, s, x -> releaseStatistics(aggregates, st, x),
                x -> releaseQuantiles(java.util.Objects.equals(x.keys(), aggregates.keys()) ? aggregates
                        : aggregates.restrictedTo(x.keys()), ps, p20, x));
    }

    /**
     * {@link #fromAggregates(StatsAggregates, Set, double[], StatsSettings)}, paid for from {@code budget}: the
     * request is checked against the aggregates, the budget debited (ε, and δ when the keys are private) — or it
     * refuses with a {@link dev.probity.privacy.budget.BudgetExceededException}, and nothing is released — and only
     * then is the noise drawn.
     *
     * @param who    who asks, for the budget's record
     * @param source what the rows are (a table, a path), for the budget's record
     */
    public static PrivacyBudget.Released<PrivateStatsResult> fromAggregates(StatsAggregates aggregates, Set<Statistic> statistics,
                                                                           double[] probabilities, StatsSettings s,
                                                                           PrivacyBudget budget, String who, String source) {
        Set<Statistic> st = statistics == null ? EnumSet.noneOf(Statistic.class) : statistics;
        double[] ps = probabilities == null ? new double[0] : probabilities;
        validate(aggregates, st, ps, s);
        Charge charge = charge(aggregates.by(), aggregates.value(), st, ps, s, who, source);
        return budget.release(charge, () -> fromAggregates(aggregates, st, ps, s));
    }

    /** What {@link #fromAggregates} refuses, checked before anything is drawn. */
    private static void validate(StatsAggregates a, Set<Statistic> statistics, double[] probabilities, StatsSettings s) {
        java.util.Objects.requireNonNull(a, "aggregates");
        if (statistics.isEmpty() && probabilities.length == 0) {
            throw new InputException("nothing asked: give at least one statistic (count, sum, mean, variance) or a quantile");
        }
        if (probabilities.length > 0) {
            probabilityUnits(probabilities);
        }
        List<String> missing = new ArrayList<>();
        if (statistics.contains(Statistic.SUM) && !a.hasSums()) {
            missing.add("sums");
        }
        if ((statistics.contains(Statistic.MEAN) || statistics.contains(Statistic.VARIANCE)) && !a.hasCentredSums()) {
            missing.add("centred sums (for means and variances)");
        }
        if (statistics.contains(Statistic.VARIANCE) && !a.hasSquares()) {
            missing.add("sums of squares (for variances)");
        }
        if (probabilities.length > 0 && !a.hasQuantiles()) {
            missing.add("the quantile grid's counts");
        }
        if (!missing.isEmpty()) {
            throw new InputException("the aggregates hold no " + String.join(", ", missing)
                    + ": aggregate with the statistics (and quantiles) to be released");
        }
        boolean valuesRead = a.hasSums() || a.hasCentredSums() || a.hasQuantiles();
        if (valuesRead && (Double.compare(a.lower(), s.lower()) != 0 || Double.compare(a.upper(), s.upper()) != 0)) {
            throw new InputException("the aggregates were made with the clamping bounds [" + a.lower() + ", " + a.upper()
                    + "], the release asks for [" + s.lower() + ", " + s.upper() + "]");
        }
        if ((a.unit() == null) != (s.unit() == null) || (a.unit() != null && !a.unit().equalsIgnoreCase(s.unit()))) {
            throw new InputException("the aggregates were bounded " + (a.unit() == null ? "with each row a unit" : "by the unit '" + a.unit() + "'")
                    + ", the release says " + (s.unit() == null ? "each row is a unit" : "the unit is '" + s.unit() + "'"));
        }
        if (a.unit() != null && (a.maxGroupsPerUnit() != s.maxGroupsPerUnit() || a.maxRowsPerGroup() != s.maxRowsPerGroup())) {
            throw new InputException("the aggregates' rows were bounded to " + a.maxGroupsPerUnit() + " groups per unit and "
                    + a.maxRowsPerGroup() + " rows in each, the release says " + s.maxGroupsPerUnit() + " and "
                    + s.maxRowsPerGroup() + ": the noise must be calibrated to the bounding the rows had");
        }
        if (!java.util.Objects.equals(a.keys(), s.keys())) {
            throw new InputException("the aggregates were made with " + (a.keys() == null ? "private keys" : "the declared keys " + a.keys())
                    + ", the release has " + (s.keys() == null ? "private keys" : "the declared keys " + s.keys()));
        }
        if (s.keys() == null && !(s.delta() > 0)) {
            throw new InputException("delta = " + s.delta() + ": the group keys are private (none declared), and "
                    + "selecting them privately needs delta > 0; give {{delta}} or declare the keys ({{keys}})");
        }
    }

    /** What {@link #describe} refuses, checked before anything is drawn. */
    private static void validate(Frame frame, String by, String value, Set<Statistic> statistics, double[] probabilities, StatsSettings s) {
        if (statistics.isEmpty() && probabilities.length == 0) {
            throw new InputException("nothing asked: give at least one statistic (count, sum, mean, variance) or a quantile");
        }
        frame.column(by);
        for (double p : probabilities) {
            if (!(p >= 0 && p <= 1)) {
                throw new InputException("a quantile's probability is in [0, 1]; got " + p);
            }
        }
        boolean needValues = probabilities.length > 0 || statistics.contains(Statistic.SUM) || statistics.contains(Statistic.MEAN)
                || statistics.contains(Statistic.VARIANCE);
        if (needValues) {
            if (value == null) {
                throw new InputException("sums, means, variances and quantiles need a value column; got none");
            }
            numbers(frame.column(value));
            if (!s.hasBounds()) {
                throw new InputException("sums, means, variances and quantiles need clamping bounds ({{bounds}}): they are "
                        + "declared, never inferred from the data");
            }
        }
        if (s.keys() == null && !(s.delta() > 0)) {
            throw new InputException("delta = " + s.delta() + ": the group keys are private (none declared), and "
                    + "selecting them privately needs delta > 0; give {{delta}} or declare the keys ({{keys}})");
        }
        if (s.unit() != null) {
            frame.column(s.unit());
        }
    }

    private static int quantities(Set<Statistic> st) {
        boolean centred = st.contains(Statistic.MEAN) || st.contains(Statistic.VARIANCE);
        return (st.contains(Statistic.COUNT) || centred ? 1 : 0) + (st.contains(Statistic.SUM) ? 1 : 0) + (centred ? 1 : 0)
                + (st.contains(Statistic.VARIANCE) ? 1 : 0);
    }

    private static StatsSettings withEpsilon(StatsSettings s, double e) {
        return new StatsSettings(e, s.delta(), s.unit(), s.maxGroupsPerUnit(), s.maxRowsPerGroup(), s.lower(), s.upper(), s.keys(),
                s.level(), s.randomness());
    }


    /**
     * A histogram of a numeric column over declared bin edges: the noisy count of rows in each bin
     * [e₀, e₁), [e₁, e₂), …, [e_{k−1}, e_k] (the last closed), keyed by the bin's label as "[e0, e1)". The bins are
     * public (the edges are declared), so every bin is released, empty ones included, and no δ is needed; rows outside
     * the edges or missing are left out. The settings' unit and bounds apply as for {@link #count}; their declared keys
     * are replaced by the bins.
     */
    public static PrivateStatsResult histogram(Frame frame, String column, double[] edges, StatsSettings settings) {
        if (edges == null || edges.length < 2) {
            throw new InputException("a histogram needs at least two bin edges; got "
                    + (edges == null ? "none" : java.util.Arrays.toString(edges)));
        }
        for (int i = 0; i < edges.length; i++) {
            if (!Double.isFinite(edges[i]) || (i > 0 && !(edges[i] > edges[i - 1]))) {
                throw new InputException("the histogram's bin edges are finite and increasing; got "
                        + java.util.Arrays.toString(edges));
            }
        }
        double[] x = numbers(frame.column(column));
        List<String> labels = new ArrayList<>();
        for (int i = 0; i + 1 < edges.length; i++) {
            labels.add("[" + edges[i] + ", " + edges[i + 1] + (i + 2 == edges.length ? "]" : ")"));
        }
        String[] bin = new String[x.length];
        for (int r = 0; r < x.length; r++) {
            double v = x[r];
            if (Double.isNaN(v) || v < edges[0] || v > edges[edges.length - 1]) {
                continue;
            }
            int i = java.util.Arrays.binarySearch(edges, v);
            int b = i >= 0 ? Math.min(i, edges.length - 2) : -i - 2;
            bin[r] = labels.get(b);
        }
        String name = "probity_histogram_bin";
        while (frame.has(name)) {
            name = name + "_";
        }
        return compute(frame.withColumn(StringColumn.of(name, bin)), name, null, EnumSet.of(Statistic.COUNT),
                settings.withKeys(labels));
    }

    /** The separator of a contingency table's cell key. */
    public static final String CELL_SEPARATOR = " × ";

    /**
     * A contingency table: noisy counts of rows in each combination of the values of {@code columns}, keyed by the
     * values joined with {@value #CELL_SEPARATOR} (e.g. "Female × 40-49"). With {@code declared} values for every
     * column (public), every combination is released, empty cells included, and no δ is needed; otherwise the cells
     * are chosen by partition selection (δ > 0) and {@code declared} is ignored. A row with a missing value in any
     * of the columns is left out, as are rows outside the declared values. The settings' unit and its bounds apply
     * as for {@link #count} (a unit's cells are its groups).
     */
    public static PrivateStatsResult table(Frame frame, List<String> columns, Map<String, List<String>> declared,
                                           StatsSettings settings) {
        if (columns == null || columns.size() < 2) {
            throw new InputException("a contingency table needs at least two columns; got " + columns);
        }
        List<Column> cols = new ArrayList<>();
        for (String c : columns) {
            cols.add(frame.column(c));
        }
        int n = frame.rowCount();
        String[] cell = new String[n];
        for (int r = 0; r < n; r++) {
            StringBuilder sb = new StringBuilder();
            boolean missing = false;
            for (Column c : cols) {
                if (c.isMissing(r)) {
                    missing = true;
                    break;
                }
                String v = c.format(r);
                if (v.contains(CELL_SEPARATOR)) {
                    throw new InputException("a value of '" + c.name() + "' contains the cell separator '"
                            + CELL_SEPARATOR + "': " + v);
                }
                if (sb.length() > 0) {
                    sb.append(CELL_SEPARATOR);
                }
                sb.append(v);
            }
            cell[r] = missing ? null : sb.toString();
        }
        StatsSettings s = settings;
        boolean allDeclared = declared != null && columns.stream().allMatch(c -> declared.get(c) != null);
        if (allDeclared) {
            List<String> keys = List.of("");
            for (String c : columns) {
                List<String> next = new ArrayList<>();
                for (String k : keys) {
                    for (String v : declared.get(c)) {
                        next.add(k.isEmpty() ? v : k + CELL_SEPARATOR + v);
                    }
                }
                keys = next;
            }
            s = settings.withKeys(keys);
        } else if (settings.keys() != null) {
            s = settings.withKeys(null);
        }
        String name = "probity_table_cell";
        while (frame.has(name)) {
            name = name + "_";
        }
        return compute(frame.withColumn(StringColumn.of(name, cell)), name, null, EnumSet.of(Statistic.COUNT), s);
    }

    /** Any of count, sum, mean and variance per group, in one release of the settings' (ε, δ). */
    public static PrivateStatsResult compute(Frame frame, String by, String value, Set<Statistic> statistics,
                                             StatsSettings s) {
        if (statistics == null || statistics.isEmpty()) {
            throw new InputException("no statistics asked: give at least one of COUNT, SUM, MEAN");
        }
        boolean wantSum = statistics.contains(Statistic.SUM);
        boolean wantVar = statistics.contains(Statistic.VARIANCE);
        boolean needCentred = statistics.contains(Statistic.MEAN) || wantVar;
        boolean needValues = wantSum || needCentred;
        StatsAggregates a = aggregate(frame, by, needValues ? value : null, wantSum, needCentred, wantVar, false, s,
                "sums and means", false, null);
        return releaseStatistics(a, statistics, s);
    }

    /** The noisy statistics of the aggregates: partition selection, then each released group's noise, in key order. */
    private static PrivateStatsResult releaseStatistics(StatsAggregates a, Set<Statistic> statistics, StatsSettings s) {
        boolean wantCount = statistics.contains(Statistic.COUNT);
        boolean wantSum = statistics.contains(Statistic.SUM);
        boolean wantMean = statistics.contains(Statistic.MEAN);
        boolean wantVar = statistics.contains(Statistic.VARIANCE);
        boolean needCentred = wantMean || wantVar;
        Selection sel = select(a, quantities(statistics), s);
        double eps = sel.eps;
        List<String> notes = sel.notes;
        Randomness rnd = s.randomness();

        long rowsBound = Math.multiplyExact(sel.d0, sel.dInf);
        GeometricMechanism countMech = GeometricMechanism.of(eps, rowsBound);
        double level = s.level();
        Grid sumGrid = null;
        Grid meanGrid = null;
        Grid squareGrid = null;
        if (wantSum) {
            sumGrid = Grid.of(Math.max(Math.abs(s.lower()), Math.abs(s.upper())), s.lower(), s.upper(), 0, rowsBound, eps);
        }
        if (needCentred) {
            double mid = s.lower() / 2 + s.upper() / 2;
            double half = s.upper() / 2 - s.lower() / 2;
            meanGrid = Grid.of(half, s.lower(), s.upper(), mid, rowsBound, eps);
        }
        if (wantVar) {
            squareGrid = Grid.squares(meanGrid, s.lower(), s.upper(), rowsBound, eps);
        }

        List<GroupStatistics> out = new ArrayList<>();
        boolean isPrivate = rnd.isPrivate();
        for (int g = 0; g < sel.names.size(); g++) {
            if (!sel.release[g]) {
                continue;
            }
            StatsAggregates.Group exact = a.group(sel.names.get(g));
            NoisyValue c = null;
            NoisyValue sm = null;
            NoisyValue mn = null;
            NoisyValue vr = null;
            long noisyCount = 0;
            if (wantCount || needCentred) {
                noisyCount = countMech.release(exact.rows, rnd).value();
                double q = halfWidth(countMech.scale().doubleValue(), level);
                c = new NoisyValue(noisyCount, noisyCount - q, noisyCount + q, level, "geometric (discrete Laplace)",
                        eps, isPrivate);
            }
            if (wantSum) {
                long noisy = sumGrid.mechanism.release(exact.sum, rnd).value();
                double q = halfWidth(sumGrid.mechanism.scale().doubleValue(), level);
                double v = noisy * sumGrid.step;
                sm = new NoisyValue(v, v - q * sumGrid.step, v + q * sumGrid.step, level,
                        "geometric (discrete Laplace) on a grid of " + sumGrid.step, eps, isPrivate);
            }
            long noisyCentred = needCentred ? meanGrid.mechanism.release(exact.centred, rnd).value() : 0;
            if (wantVar) {
                vr = variance(noisyCount, noisyCentred, squareGrid.mechanism.release(exact.squares, rnd).value(),
                        countMech, meanGrid, squareGrid, s, level, 3 * eps, isPrivate);
            }
            if (wantMean) {
                double mid = meanGrid.shift * meanGrid.step;
                if (noisyCount < 1) {
                    mn = new NoisyValue(mid, s.lower(), s.upper(), level,
                            "geometric (discrete Laplace): count and centred sum (noisy count below 1)", 2 * eps, isPrivate);
                } else {
                    double sTilde = noisyCentred * meanGrid.step;
                    double cTilde = noisyCount;
                    double m = Math.min(s.upper(), Math.max(s.lower(), mid + sTilde / cTilde));
                    double varS = variance(meanGrid.mechanism.scale().doubleValue()) * meanGrid.step * meanGrid.step;
                    double varC = variance(countMech.scale().doubleValue());
                    double sd = Math.sqrt(varS / (cTilde * cTilde) + sTilde * sTilde * varC / Math.pow(cTilde, 4));
                    double half = sd / Math.sqrt(2) * Math.log(1 / (1 - level));
                    mn = new NoisyValue(m, Math.max(s.lower(), m - half), Math.min(s.upper(), m + half), level,
                            "geometric (discrete Laplace): count and centred sum", 2 * eps, isPrivate);
                }
            }
            if (!wantCount) {
                c = null;
            }
            out.add(new GroupStatistics(sel.names.get(g), c, sm, mn, vr));
        }
        if (!isPrivate) {
            notes.add("not private: seeded noise, for tests");
        }
        return new PrivateStatsResult(out, s.epsilon(), sel.privateKeys ? s.delta() : 0, eps, sel.privateKeys,
                sel.threshold, isPrivate, notes);
    }


    /** The groups of one release, in release order, and which of them partition selection kept. */
    private static final class Selection {
        List<String> names;
        boolean[] release;
        long d0;
        long dInf;
        double eps;
        boolean privateKeys;
        double threshold;
        List<String> notes;
    }

    /**
     * The exact aggregates of a frame, bounded as the settings ask; the checks and the bounding draws of every
     * in-memory release here.
     *
     * @param value       the value column, or null when none is read
     * @param what        what needs the bounds, for the message
     * @param firstOfUnit with {@code bounded}: the column marking each unit's first row in its group, or null
     * @param bounded     whether the rows were bounded already (then nothing is drawn here)
     */
    private static StatsAggregates aggregate(Frame frame, String by, String value, boolean sums, boolean centred,
                                             boolean squares, boolean quantiles, StatsSettings s, String what,
                                             boolean bounded, String firstOfUnit) {
        Column key = frame.column(by);
        boolean needBounds = sums || centred || squares || quantiles;
        double[] values = null;
        String valueName = null;
        if (needBounds) {
            if (value == null) {
                throw new InputException(what + " need a value column; got none");
            }
            if (!s.hasBounds()) {
                throw new InputException(what + " need clamping bounds ({{bounds}}): they are "
                        + "declared, never inferred from the data; got lower = " + s.lower() + ", upper = " + s.upper());
            }
            Column vc = frame.column(value);
            values = numbers(vc);
            valueName = vc.name();
        }
        boolean privateKeys = s.keys() == null;
        if (privateKeys && !(s.delta() > 0)) {
            throw new InputException("delta = " + s.delta() + ": the group keys are private (none declared), and "
                    + "selecting them privately needs delta > 0; give {{delta}} or declare the keys ({{keys}})");
        }
        int n = frame.rowCount();

        // keys: declared, or as they appear (the aggregates keep them sorted, so order reveals nothing)
        Map<String, Integer> keyIndex = new HashMap<>();
        if (!privateKeys) {
            for (String k : s.keys()) {
                keyIndex.put(k, keyIndex.size());
            }
        }
        List<String> names = new ArrayList<>();
        if (!privateKeys) {
            names.addAll(s.keys());
        }
        int[] rowKey = new int[n];
        for (int i = 0; i < n; i++) {
            if (key.isMissing(i) || (values != null && Double.isNaN(values[i]))) {
                rowKey[i] = -1;
                continue;
            }
            String k = key.format(i);
            Integer g = keyIndex.get(k);
            if (g == null && privateKeys) {
                g = keyIndex.size();
                keyIndex.put(k, g);
                names.add(k);
            }
            rowKey[i] = g == null ? -1 : g;
        }
        int groups = names.size();

        // units: bounded here, or already
        String unitName;
        boolean[] kept;
        long[] units;
        long[] count = new long[groups];
        if (!bounded) {
            Column unitColumn = s.unit() == null ? null : frame.column(s.unit());
            if (unitColumn != null && unitColumn.missing().any()) {
                throw new InputException("the privacy unit '" + unitColumn.name() + "' is missing on "
                        + unitColumn.missing().count() + " rows: every row must name its unit");
            }
            long d0 = unitColumn == null ? 1 : s.maxGroupsPerUnit();
            long dInf = unitColumn == null ? 1 : s.maxRowsPerGroup();
            kept = bound(unitColumn, rowKey, d0, dInf, s.randomness());
            for (int i = 0; i < n; i++) {
                if (kept[i]) {
                    count[rowKey[i]]++;
                }
            }
            units = unitColumn == null ? count : unitsPerGroup(unitColumn, rowKey, kept, groups);
            unitName = unitColumn == null ? null : unitColumn.name();
        } else {
            if ((s.unit() == null) != (firstOfUnit == null)) {
                throw new InputException(s.unit() == null
                        ? "rows bounded without a privacy unit need no first-row column; got '" + firstOfUnit + "'"
                        : "rows bounded by the privacy unit '" + s.unit() + "' need the column marking each unit's "
                        + "first row in its group, to count the units per group; got none");
            }
            kept = new boolean[n];
            for (int i = 0; i < n; i++) {
                kept[i] = rowKey[i] >= 0;
                if (kept[i]) {
                    count[rowKey[i]]++;
                }
            }
            if (firstOfUnit == null) {
                units = count;
            } else {
                double[] first = numbers(frame.column(firstOfUnit));
                units = new long[groups];
                for (int i = 0; i < n; i++) {
                    if (kept[i] && first[i] == 1) {
                        units[rowKey[i]]++;
                    }
                }
            }
            unitName = s.unit();
        }

        // the exact sums on the grids the bounds fix, and the quantile grid's histogram
        double lo = s.lower();
        double hi = s.upper();
        Grid sumGrid = sums ? Grid.of(Math.max(Math.abs(lo), Math.abs(hi)), lo, hi, 0, 1, 1) : null;
        Grid meanGrid = centred || squares ? Grid.of(hi / 2 - lo / 2, lo, hi, lo / 2 + hi / 2, 1, 1) : null;
        Grid squareGrid = squares ? Grid.squares(meanGrid, lo, hi, 1, 1) : null;
        double[] grid = quantiles ? quantileGrid(lo, hi) : null;
        StatsAggregates.Group[] out = new StatsAggregates.Group[groups];
        for (int g = 0; g < groups; g++) {
            out[g] = new StatsAggregates.Group();
            out[g].rows = count[g];
            out[g].units = units[g];
            if (quantiles) {
                out[g].histogram = new long[StatsAggregates.SLOTS];
            }
        }
        for (int i = 0; i < n; i++) {
            if (!kept[i] || values == null) {
                continue;
            }
            StatsAggregates.Group a = out[rowKey[i]];
            double x = Math.min(hi, Math.max(lo, values[i]));
            if (sumGrid != null) {
                a.sum += sumGrid.units(x);
            }
            if (meanGrid != null) {
                long k = meanGrid.units(x) - meanGrid.shift;
                a.centred += k;
                if (squareGrid != null) {
                    double d = k * meanGrid.step;
                    a.squares += squareGrid.units(d * d);
                }
            }
            if (grid != null) {
                int j = java.util.Arrays.binarySearch(grid, x);
                a.histogram[j >= 0 ? 2 * j : 2 * (-j - 1) - 1]++;
            }
        }
        TreeMap<String, StatsAggregates.Group> byKey = new TreeMap<>();
        for (int g = 0; g < groups; g++) {
            if (out[g].rows > 0) {
                byKey.put(names.get(g), out[g]);
            }
        }
        return new StatsAggregates(key.name(), valueName, unitName, s.maxGroupsPerUnit(), s.maxRowsPerGroup(),
                needBounds ? lo : Double.NaN,
                needBounds ? hi : Double.NaN, s.keys(), sums, centred || squares, squares, quantiles, byKey);
    }

    /** The quantile grid: lo + (hi − lo)·j/cells, the last point hi exactly. */
    private static double[] quantileGrid(double lo, double hi) {
        int cells = QUANTILE_GRID_CELLS;
        double[] grid = new double[cells + 1];
        for (int j = 0; j <= cells; j++) {
            grid[j] = j == cells ? hi : lo + (hi - lo) * j / cells;
        }
        return grid;
    }

    /**
     * The groups of a release and (for private keys) partition selection: the first draws of every release.
     *
     * @param noisy the number of noisy quantities released per group (partition selection comes on top)
     */
    private static Selection select(StatsAggregates a, int noisy, StatsSettings s) {
        boolean privateKeys = s.keys() == null;
        if (privateKeys && !(s.delta() > 0)) {
            throw new InputException("delta = " + s.delta() + ": the group keys are private (none declared), and "
                    + "selecting them privately needs delta > 0; give {{delta}} or declare the keys ({{keys}})");
        }
        Randomness rnd = s.randomness();
        List<String> names = privateKeys ? new ArrayList<>(a.groups().keySet()) : new ArrayList<>(s.keys());
        int groups = names.size();
        long d0 = a.unit() == null ? 1 : s.maxGroupsPerUnit();
        long dInf = a.unit() == null ? 1 : s.maxRowsPerGroup();

        int quantities = noisy + (privateKeys ? 1 : 0);
        double eps = s.epsilon() / quantities;
        List<String> notes = new ArrayList<>();
        notes.add("epsilon " + s.epsilon() + " split evenly among " + quantities + " noisy quantities (" + eps + " each)");
        notes.add(a.unit() == null ? "each row is a privacy unit" : "privacy unit '" + a.unit()
                + "': at most " + d0 + " groups per unit and " + dInf + " rows per unit in a group");

        boolean[] release = new boolean[groups];
        double threshold = Double.NaN;
        if (privateKeys) {
            GeometricMechanism select = GeometricMechanism.of(eps, d0);
            double b = select.scale().doubleValue();
            double adjustedDelta = -Math.expm1(Math.log1p(-s.delta()) / d0);
            long k = selectionTail(b, adjustedDelta);
            threshold = k + 1;
            for (int g = 0; g < groups; g++) {
                // only groups with a kept unit are candidates: a key seen only on rows that bounding dropped (or with a
                // missing value) must not be publishable, or a unit could reach more than Δ₀ groups
                long units = a.group(names.get(g)).units;
                release[g] = units > 0 && select.release(units, rnd).value() >= k + 1;
            }
            notes.add("group keys are private: a group is released when its noisy number of units is at least "
                    + (k + 1) + " (Laplace thresholding; a group of one unit is kept with probability at most "
                    + adjustedDelta + ")");
        } else {
            java.util.Arrays.fill(release, true);
            notes.add("group keys declared (public): every declared key is released, rows with other keys left out");
        }

        Selection p = new Selection();
        p.names = names;
        p.release = release;
        p.d0 = d0;
        p.dInf = dInf;
        p.eps = eps;
        p.privateKeys = privateKeys;
        p.threshold = threshold;
        p.notes = notes;
        return p;
    }

    /** A grid g = 2^k for one clamped value, 2^12 to 2^13 steps per {@code perRow}, and its mechanism. */
    private static final class Grid {
        final double step;
        final long shift;
        final GeometricMechanism mechanism;

        private Grid(double step, long shift, GeometricMechanism mechanism) {
            this.step = step;
            this.shift = shift;
            this.mechanism = mechanism;
        }

        static Grid of(double perRow, double lo, double hi, double centre, long rows, double eps) {
            double step = Math.scalb(1.0, Math.getExponent(perRow) - 12);
            long shift = Math.round(centre / step);
            long a = Math.abs(Math.round(lo / step) - shift);
            long b = Math.abs(Math.round(hi / step) - shift);
            long perRowUnits = Math.max(1, Math.max(a, b));
            long sensitivity;
            try {
                sensitivity = Math.multiplyExact(rows, perRowUnits);
            } catch (ArithmeticException e) {
                throw new InputException("maxGroupsPerUnit × maxRowsPerGroup = " + rows + " is too large");
            }
            return new Grid(step, shift, GeometricMechanism.of(eps, sensitivity));
        }

        /** The grid for squared centred values ((k·step)², k ≤ the centred grid's per-row bound). */
        static Grid squares(Grid centred, double lo, double hi, long rows, double eps) {
            long a = Math.abs(Math.round(lo / centred.step) - centred.shift);
            long b = Math.abs(Math.round(hi / centred.step) - centred.shift);
            double d = Math.max(a, b) * centred.step;
            double maxSquare = Math.max(d * d, Double.MIN_NORMAL);
            double step = Math.scalb(1.0, Math.getExponent(maxSquare) - 12);
            long perRowUnits = Math.max(1, Math.round(maxSquare / step));
            try {
                return new Grid(step, 0, GeometricMechanism.of(eps, Math.multiplyExact(rows, perRowUnits)));
            } catch (ArithmeticException e) {
                throw new InputException("maxGroupsPerUnit × maxRowsPerGroup = " + rows + " is too large");
            }
        }

        long units(double x) {
            return Math.round(x / step);
        }
    }

    /**
     * The variance v = Q̃/C̃ − (S̃/C̃)² from the noisy count C̃, centred sum S̃ and centred sum of squares Q̃, clamped to
     * [0, (hi − lo)²/4]; its noise interval by the delta method (gradient (1/C, −2S/C², −Q/C² + 2S²/C³)) with a Laplace
     * quantile, as the mean's.
     */
    private static NoisyValue variance(long noisyCount, long noisyCentred, long noisySquares, GeometricMechanism countMech,
                                       Grid centredGrid, Grid squareGrid, StatsSettings s, double level, double eps,
                                       boolean isPrivate) {
        double max = (s.upper() - s.lower()) * (s.upper() - s.lower()) / 4;
        String mech = "geometric (discrete Laplace): count, centred sum and centred sum of squares";
        if (noisyCount < 1) {
            return new NoisyValue(max / 2, 0, max, level, mech + " (noisy count below 1)", eps, isPrivate);
        }
        double c = noisyCount;
        double sum = noisyCentred * centredGrid.step;
        double sq = noisySquares * squareGrid.step;
        double v = Math.min(max, Math.max(0, sq / c - (sum / c) * (sum / c)));
        double varC = variance(countMech.scale().doubleValue());
        double varS = variance(centredGrid.mechanism.scale().doubleValue()) * centredGrid.step * centredGrid.step;
        double varQ = variance(squareGrid.mechanism.scale().doubleValue()) * squareGrid.step * squareGrid.step;
        double dC = -sq / (c * c) + 2 * sum * sum / (c * c * c);
        double dS = -2 * sum / (c * c);
        double sd = Math.sqrt(varQ / (c * c) + dS * dS * varS + dC * dC * varC);
        double half = sd / Math.sqrt(2) * Math.log(1 / (1 - level));
        return new NoisyValue(v, Math.max(0, v - half), Math.min(max, v + half), level, mech, eps, isPrivate);
    }

    /** Contribution bounding: which rows are kept. */
    private static boolean[] bound(Column unitColumn, int[] rowKey, long d0, long dInf, Randomness rnd) {
        int n = rowKey.length;
        boolean[] kept = new boolean[n];
        if (unitColumn == null) {
            for (int i = 0; i < n; i++) {
                kept[i] = rowKey[i] >= 0;
            }
            return kept;
        }
        // unit -> (key -> rows), in row order
        Map<Object, LinkedHashMap<Integer, List<Integer>>> byUnit = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            if (rowKey[i] < 0) {
                continue;
            }
            byUnit.computeIfAbsent(unitColumn.get(i), u -> new LinkedHashMap<>())
                    .computeIfAbsent(rowKey[i], k -> new ArrayList<>()).add(i);
        }
        for (LinkedHashMap<Integer, List<Integer>> unit : byUnit.values()) {
            List<List<Integer>> groups = new ArrayList<>(unit.values());
            for (List<Integer> rows : choose(groups, d0, rnd)) {
                for (int r : choose(rows, dInf, rnd)) {
                    kept[r] = true;
                }
            }
        }
        return kept;
    }

    /** At most {@code k} of {@code items}, uniformly at random (a partial Fisher–Yates shuffle with exact draws). */
    private static <T> List<T> choose(List<T> items, long k, Randomness rnd) {
        if (items.size() <= k) {
            return items;
        }
        List<T> a = new ArrayList<>(items);
        for (int i = 0; i < k; i++) {
            int j = i + (int) rnd.uniform(a.size() - i);
            T t = a.get(i);
            a.set(i, a.get(j));
            a.set(j, t);
        }
        return a.subList(0, (int) k);
    }

    private static long[] unitsPerGroup(Column unitColumn, int[] rowKey, boolean[] kept, int groups) {
        long[] units = new long[groups];
        Map<Integer, java.util.HashSet<Object>> seen = new HashMap<>();
        for (int i = 0; i < rowKey.length; i++) {
            if (kept[i] && seen.computeIfAbsent(rowKey[i], k -> new java.util.HashSet<>()).add(unitColumn.get(i))) {
                units[rowKey[i]]++;
            }
        }
        return units;
    }

    private static double[] numbers(Column c) {
        double[] v = new double[c.size()];
        if (c instanceof DoubleColumn d) {
            System.arraycopy(d.values(), 0, v, 0, v.length);
        } else if (c instanceof LongColumn l) {
            long[] x = l.values();
            for (int i = 0; i < v.length; i++) {
                v[i] = x[i];
            }
        } else {
            throw new InputException("the value column '" + c.name() + "' is not numeric (" + c.type() + ")");
        }
        for (int i = 0; i < v.length; i++) {
            if (c.isMissing(i)) {
                v[i] = Double.NaN;
            }
        }
        return v;
    }

    /** P[|Z| ≥ j] for the discrete Laplace of scale b, j ≥ 1. */
    static double twoSidedTail(double b, long j) {
        return 2 * Math.exp(-j / b) / (1 + Math.exp(-1 / b));
    }

    /** The smallest q ≥ 0 with P[|Z| > q] ≤ 1 − level for the discrete Laplace of scale b. */
    static long halfWidth(double b, double level) {
        double alpha = 1 - level;
        long q = Math.max(0, (long) Math.ceil(-b * Math.log(alpha * (1 + Math.exp(-1 / b)) / 2)) - 1);
        while (twoSidedTail(b, q + 1) > alpha) {
            q++;
        }
        while (q > 0 && twoSidedTail(b, q) <= alpha) {
            q--;
        }
        return q;
    }

    /** The smallest k ≥ 1 with P[Z ≥ k] = e^(−k/b)/(1 + e^(−1/b)) ≤ δ′. */
    static long selectionTail(double b, double adjustedDelta) {
        long k = Math.max(1, (long) Math.ceil(-b * Math.log(adjustedDelta * (1 + Math.exp(-1 / b)))));
        while (twoSidedTail(b, k) / 2 > adjustedDelta) {
            k++;
        }
        while (k > 1 && twoSidedTail(b, k - 1) / 2 <= adjustedDelta) {
            k--;
        }
        return k;
    }

    /** The variance of the discrete Laplace of scale b: 2e^(−1/b)/(1 − e^(−1/b))². */
    static double variance(double b) {
        double d = -Math.expm1(-1 / b);
        return 2 * Math.exp(-1 / b) / (d * d);
    }
}
