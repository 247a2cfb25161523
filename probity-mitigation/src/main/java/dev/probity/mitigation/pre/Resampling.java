package dev.probity.mitigation.pre;

import dev.probity.core.InputException;
import dev.probity.core.stats.SplitMix64;
import dev.probity.mitigation.Groups;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Uniform and preferential resampling (Kamiran & Calders, KAIS 2012, §4.2–4.3). Each (group, label) cell
 * is brought to its expected size under independence, n(a)·n(y)/n, rounded:
 * <ul>
 *   <li><b>uniform</b>: cells that must shrink keep a seeded random subset; cells that must grow keep every
 *       row and add seeded random duplicates;</li>
 *   <li><b>preferential</b>: rows are ranked by a score (the probability of the positive class from a ranker);
 *       shrinking cells drop, and growing cells duplicate, the rows closest to the decision boundary —
 *       positives with the lowest scores, negatives with the highest.</li>
 * </ul>
 * The result is a list of row indices (with repeats) of the resampled training set, in a fixed order.
 */
public final class Resampling {
    private Resampling() {
    }

    public static int[] uniform(Groups groups, int[] y, long seed) {
        return resample(groups, y, null, seed);
    }

    public static int[] preferential(Groups groups, int[] y, double[] score) {
        if (score == null || score.length != y.length) {
            throw new IllegalArgumentException("preferential resampling needs a score per row");
        }
        return resample(groups, y, score, 0);
    }

    private static int[] resample(Groups groups, int[] y, double[] score, long seed) {
        int n = y.length;
        int g = groups.count();
        List<List<Integer>> cells = new ArrayList<>();
        for (int k = 0; k < 2 * g; k++) {
            cells.add(new ArrayList<>());
        }
        int[] byGroup = new int[g];
        int[] byLabel = new int[2];
        for (int i = 0; i < n; i++) {
            if (y[i] != 0 && y[i] != 1) {
                throw new InputException("resampling needs binary 0/1 labels; row " + (i + 1) + " has " + y[i]);
            }
            cells.get(groups.of()[i] * 2 + y[i]).add(i);
            byGroup[groups.of()[i]]++;
            byLabel[y[i]]++;
        }
        List<Integer> out = new ArrayList<>();
        SplitMix64 rng = SplitMix64.stream(seed, 0);
        for (int a = 0; a < g; a++) {
            for (int c = 0; c < 2; c++) {
                List<Integer> cell = cells.get(a * 2 + c);
                int target = (int) Math.round((double) byGroup[a] * byLabel[c] / n);
                if (cell.isEmpty()) {
                    continue;
                }
                List<Integer> ordered = new ArrayList<>(cell);
                if (score != null) {
                    // closest to the boundary first: positives by ascending score, negatives by descending score
                    Comparator<Integer> bySc = Comparator.comparingDouble(i -> score[i]);
                    ordered.sort(c == 1 ? bySc.thenComparingInt(i -> i) : bySc.reversed().thenComparingInt(i -> i));
                } else {
                    shuffle(ordered, rng);
                }
                if (target <= cell.size()) {
                    // keep `target` rows: preferential drops the borderline ones (the first in order)
                    List<Integer> kept = score != null ? ordered.subList(cell.size() - target, cell.size()) : ordered.subList(0, target);
                    List<Integer> sorted = new ArrayList<>(kept);
                    sorted.sort(Integer::compare);
                    out.addAll(sorted);
                } else {
                    out.addAll(cell);
                    int extra = target - cell.size();
                    for (int e = 0; e < extra; e++) {
                        out.add(score != null ? ordered.get(e % ordered.size()) : cell.get(rng.nextInt(cell.size())));
                    }
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void shuffle(List<Integer> l, SplitMix64 rng) {
        for (int i = l.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Integer t = l.get(i);
            l.set(i, l.get(j));
            l.set(j, t);
        }
    }

    /** Rows per (group, label) cell of a row list, for reports and tests: {@code [group][label]}. */
    public static int[][] cellCounts(Groups groups, int[] y, int[] rows) {
        int[][] c = new int[groups.count()][2];
        for (int r : rows) {
            c[groups.of()[r]][y[r]]++;
        }
        return c;
    }
}
