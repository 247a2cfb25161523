package dev.probity.mitigation.pre;

import dev.probity.core.InputException;
import dev.probity.core.stats.SplitMix64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Balanced sampling: resample rows so that each group's share equals a target share (a reference population's, or
 * equal shares), the remedy a data bias report can apply to under-representation.
 * <ul>
 *   <li><b>under</b>: keep every row of the scarcest group (relative to its target) and a seeded random subset of the
 *       others — no duplicates, fewer rows;</li>
 *   <li><b>over</b>: keep every row and add seeded random duplicates of the groups below their target — more rows,
 *       and duplicated people (a model sees them more than once; cross-validation must keep duplicates together);</li>
 *   <li><b>stratified</b>: draw a sample of a given size with each group's target count — without replacement where
 *       the group has enough rows, with replacement (duplicates) where it does not.</li>
 * </ul>
 * With labels, each group's sample keeps the group's own label mix (largest-remainder rounding), so that sampling fixes
 * representation without moving base rates. The result is a list of row indices, ascending, repeats adjacent.
 */
public final class Rebalancing {
    private Rebalancing() {
    }

    public enum Mode {
        UNDER, OVER, STRATIFIED;

        public static Mode parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InputException("unknown rebalancing '" + InputException.shown(s) + "' ({{rebalance}}); use under, over or stratified");
            }
        }
    }

    /**
     * The rows chosen and what changed: counts per group before and after, and whether rows were duplicated.
     *
     * @param rows    row indices into the input, ascending (repeats are duplicates)
     * @param before  group → rows in the input
     * @param after   group → rows in the output
     * @param targets group → the target share used
     */
    public record Result(Mode mode, int[] rows, Map<String, Long> before, Map<String, Long> after, Map<String, Double> targets,
                         long duplicates, long seed) {
        public Result {
            before = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(before));
            after = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(after));
            targets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(targets));
        }
    }

    /**
     * Rebalances a frame's rows by one attribute: to {@code targets} (group → share), or to equal shares when null;
     * with a label column, each group keeps its label mix.
     */
    public static Result rebalance(dev.probity.core.frame.Frame frame, String attribute, Map<String, Double> targets, Mode mode,
                                   String label, int size, long seed) {
        if (!frame.has(attribute)) {
            throw new InputException("the attribute to rebalance '" + attribute + "': " + frame.unknownColumnMessage(attribute));
        }
        dev.probity.core.frame.Grouping g = frame.groupBy(List.of(attribute));
        String[] names = new String[g.groupCount()];
        long[] sizes = new long[names.length];
        for (int r : g.rowGroups()) {
            sizes[r]++;
        }
        Map<String, Double> t = targets;
        if (t == null) {
            t = new LinkedHashMap<>();
        }
        for (int k = 0; k < names.length; k++) {
            names[k] = String.join(" & ", g.labels(k));
            if (targets == null && sizes[k] > 0) {
                t.put(names[k], 1.0);
            }
        }
        byte[] labels = null;
        if (label != null) {
            if (!frame.has(label)) {
                throw new InputException("the label '" + label + "': " + frame.unknownColumnMessage(label));
            }
            dev.probity.core.frame.Grouping lg = frame.groupBy(List.of(label));
            if (lg.groupCount() > 127) {
                throw new InputException("the label '" + label + "' has more than 127 values; rebalancing keeps each group's label mix"
                        + " and needs fewer");
            }
            labels = new byte[frame.rowCount()];
            int[] codes = lg.rowGroups();
            for (int i = 0; i < labels.length; i++) {
                labels[i] = (byte) codes[i];
            }
        }
        return rebalance(g.rowGroups(), names, t, mode, labels, size, seed);
    }

    /**
     * @param groups  each row's group code, {@code 0..names.length-1}
     * @param names   the groups' names
     * @param targets group name → target share (normalized here); every group with rows needs one; a share of 0 drops the group
     * @param labels  each row's label class (any small integers), or null
     * @param size    the sample size for {@link Mode#STRATIFIED} (0: as many rows as the input)
     */
    public static Result rebalance(int[] groups, String[] names, Map<String, Double> targets, Mode mode, byte[] labels, int size, long seed) {
        int k = names.length;
        long[] n = new long[k];
        for (int g : groups) {
            n[g]++;
        }
        double[] t = new double[k];
        double sum = 0;
        for (int g = 0; g < k; g++) {
            Double share = targets.get(names[g]);
            if (share == null) {
                if (n[g] == 0) {
                    continue;
                }
                throw new InputException("group '" + InputException.shown(names[g]) + "' has no target share; give its population share,"
                        + " or leave its rows out with a filter ({{where}})");
            }
            if (!(share >= 0) || Double.isInfinite(share)) {
                throw new InputException("the target share of '" + InputException.shown(names[g]) + "' must be a finite number of at least 0");
            }
            t[g] = share;
            sum += share;
        }
        for (String name : targets.keySet()) {
            if (!Arrays.asList(names).contains(name) && targets.get(name) > 0) {
                throw new InputException("group '" + InputException.shown(name) + "' has a target share but no row to sample from");
            }
        }
        if (!(sum > 0)) {
            throw new InputException("the target shares add up to 0");
        }
        for (int g = 0; g < k; g++) {
            t[g] /= sum;
            if (t[g] > 0 && n[g] == 0) {
                throw new InputException("group '" + InputException.shown(names[g]) + "' has a target share but no row to sample from");
            }
        }
        // the output's size
        double total = switch (mode) {
            case UNDER -> {
                double m = Double.POSITIVE_INFINITY;
                for (int g = 0; g < k; g++) {
                    if (t[g] > 0) {
                        m = Math.min(m, n[g] / t[g]);
                    }
                }
                yield m;
            }
            case OVER -> {
                double m = 0;
                for (int g = 0; g < k; g++) {
                    if (t[g] > 0) {
                        m = Math.max(m, n[g] / t[g]);
                    }
                }
                yield m;
            }
            case STRATIFIED -> size > 0 ? size : groups.length;
        };
        long[] want = largestRemainder(t, Math.round(total));
        if (mode == Mode.UNDER) {
            for (int g = 0; g < k; g++) {
                want[g] = Math.min(want[g], n[g]);
            }
        } else if (mode == Mode.OVER) {
            for (int g = 0; g < k; g++) {
                if (t[g] > 0) {
                    want[g] = Math.max(want[g], n[g]);
                }
            }
        }
        if (want.length > 0 && Arrays.stream(want).sum() > Integer.MAX_VALUE - 8) {
            throw new InputException("the rebalanced data would have more than 2^31 rows");
        }
        // rows per group (and label)
        List<List<Integer>> byGroup = new ArrayList<>();
        for (int g = 0; g < k; g++) {
            byGroup.add(new ArrayList<>());
        }
        for (int i = 0; i < groups.length; i++) {
            byGroup.get(groups[i]).add(i);
        }
        SplitMix64 rng = SplitMix64.stream(seed, 7);
        List<Integer> out = new ArrayList<>();
        long duplicates = 0;
        Map<String, Long> before = new LinkedHashMap<>();
        Map<String, Long> after = new LinkedHashMap<>();
        Map<String, Double> used = new LinkedHashMap<>();
        for (int g = 0; g < k; g++) {
            before.put(names[g], n[g]);
            after.put(names[g], want[g]);
            used.put(names[g], t[g]);
            List<Integer> rows = byGroup.get(g);
            if (want[g] == 0 || rows.isEmpty()) {
                continue;
            }
            if (labels == null) {
                duplicates += draw(rows, want[g], rng, out);
            } else {
                Map<Integer, List<Integer>> cells = new java.util.TreeMap<>();
                for (int r : rows) {
                    cells.computeIfAbsent((int) labels[r], c -> new ArrayList<>()).add(r);
                }
                double[] mix = new double[cells.size()];
                int j = 0;
                for (List<Integer> c : cells.values()) {
                    mix[j++] = (double) c.size() / rows.size();
                }
                long[] perCell = largestRemainder(mix, want[g]);
                j = 0;
                for (List<Integer> c : cells.values()) {
                    duplicates += draw(c, perCell[j++], rng, out);
                }
            }
        }
        int[] result = out.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(result);
        return new Result(mode, result, before, after, used, duplicates, seed);
    }

    /** Draws {@code m} rows: a seeded subset when there are enough, else every row and seeded duplicates. Returns the duplicates. */
    private static long draw(List<Integer> rows, long m, SplitMix64 rng, List<Integer> out) {
        int size = rows.size();
        if (m <= size) {
            List<Integer> copy = new ArrayList<>(rows);
            for (int i = 0; i < m; i++) {
                int j = i + rng.nextInt(size - i);
                Integer x = copy.get(i);
                copy.set(i, copy.get(j));
                copy.set(j, x);
                out.add(copy.get(i));
            }
            return 0;
        }
        out.addAll(rows);
        for (long e = size; e < m; e++) {
            out.add(rows.get(rng.nextInt(size)));
        }
        return m - size;
    }

    /** Integer counts summing to {@code total}, proportional to {@code shares} (Hamilton's largest-remainder method). */
    static long[] largestRemainder(double[] shares, long total) {
        int k = shares.length;
        double sum = 0;
        for (double s : shares) {
            sum += s;
        }
        long[] out = new long[k];
        double[] rem = new double[k];
        long given = 0;
        for (int g = 0; g < k; g++) {
            double exact = sum == 0 ? 0 : total * shares[g] / sum;
            out[g] = (long) Math.floor(exact);
            rem[g] = exact - out[g];
            given += out[g];
        }
        Integer[] order = new Integer[k];
        for (int g = 0; g < k; g++) {
            order[g] = g;
        }
        Arrays.sort(order, (a, b) -> rem[b] != rem[a] ? Double.compare(rem[b], rem[a]) : Integer.compare(a, b));
        for (int i = 0; given < total && i < k; i++) {
            if (shares[order[i]] > 0) {
                out[order[i]]++;
                given++;
            }
        }
        return out;
    }
}
