package dev.probity.mitigation.ranking;

import dev.probity.core.InputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The deterministic re-rankers of Geyik, Ambler and Kenthapadi (KDD 2019, "Fairness-Aware Ranking in Search &amp;
 * Recommendation Systems with Application to LinkedIn Talent Search"), which keep each group's share of every prefix
 * of length k between ⌊k·p_a⌋ and ⌈k·p_a⌉ for target shares p_a:
 * <ul>
 *   <li>{@code det-greedy}: a group below its minimum goes first (the one whose next item has the highest merit);
 *       otherwise the best next item among groups below their maximum;</li>
 *   <li>{@code det-cons}: as greedy, but among groups below their maximum the one that would fall below its minimum
 *       soonest (the smallest ⌈k·p_a⌉ / p_a);</li>
 *   <li>{@code det-relaxed}: among those groups with the smallest ⌈⌈k·p_a⌉ / p_a⌉, the best next item;</li>
 *   <li>{@code det-const-sort}: items enter when their group's minimum rises, each bubbling up past worse items while
 *       those may still move down (their maximum index allows it): feasible for any number of groups.</li>
 * </ul>
 * Items within a group keep their merit order; ties go to the lower group code. Items beyond the re-ranked prefix
 * ({@code kmax}, the whole list by default) follow by merit.
 */
public final class DetRanker implements Reranker {
    public enum Variant {
        GREEDY, CONS, RELAXED, CONST_SORT;

        public static Variant parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "det-greedy", "greedy" -> GREEDY;
                case "det-cons", "cons" -> CONS;
                case "det-relaxed", "relaxed" -> RELAXED;
                case "det-const-sort", "const-sort" -> CONST_SORT;
                default -> throw new InputException("unknown Geyik re-ranker '" + s + "'");
            };
        }
    }

    private final Variant variant;
    private final double[] target;
    private final int kmax;
    private final java.util.concurrent.atomic.AtomicInteger infeasible = new java.util.concurrent.atomic.AtomicInteger();

    /** @param target each group's target share (summing to 1); @param kmax the prefix re-ranked, 0 for the whole list */
    public DetRanker(Variant variant, double[] target, int kmax) {
        double sum = 0;
        for (double t : target) {
            if (!(t >= 0) || Double.isInfinite(t)) {
                throw new InputException("target shares must be finite numbers of at least 0");
            }
            sum += t;
        }
        if (Math.abs(sum - 1) > 1e-9) {
            throw new InputException("target shares must add up to 1; they add up to " + sum);
        }
        this.variant = variant;
        this.target = target.clone();
        this.kmax = kmax;
    }

    @Override
    public String name() {
        return "det-" + variant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public int[] rerank(int[] group, double[] merit) {
        int n = group.length;
        int groups = target.length;
        int[][] by = Reranker.byGroup(group, merit, groups);
        int limit = kmax <= 0 ? n : Math.min(kmax, n);
        List<Integer> top = variant == Variant.CONST_SORT ? constSort(by, merit, limit) : greedy(by, merit, limit);
        boolean[] used = new boolean[n];
        int[] out = new int[n];
        int i = 0;
        for (int r : top) {
            out[i++] = r;
            used[r] = true;
        }
        // the rest by merit, ties by the current order
        Integer[] rest = new Integer[n - i];
        int j = 0;
        for (int r = 0; r < n; r++) {
            if (!used[r]) {
                rest[j++] = r;
            }
        }
        java.util.Arrays.sort(rest, (a, b) -> Double.compare(merit[b], merit[a]));
        for (Integer r : rest) {
            out[i++] = r;
        }
        // a list where some prefix holds fewer than ⌊k·p⌋ of a group (it ran out of items) could not meet the constraint
        int[] c = new int[groups];
        outer:
        for (int k = 1; k <= limit; k++) {
            c[group[out[k - 1]]]++;
            for (int a = 0; a < groups; a++) {
                if (c[a] < Math.floor(k * target[a])) {
                    infeasible.incrementAndGet();
                    break outer;
                }
            }
        }
        return out;
    }

    @Override
    public int infeasible() {
        return infeasible.get();
    }

    private List<Integer> greedy(int[][] by, double[] merit, int limit) {
        int groups = target.length;
        int[] counts = new int[groups];
        List<Integer> out = new ArrayList<>();
        for (int k = 1; k <= limit; k++) {
            List<Integer> belowMin = new ArrayList<>();
            List<Integer> belowMax = new ArrayList<>();
            for (int a = 0; a < groups; a++) {
                if (counts[a] >= by[a].length) {
                    continue; // no item left
                }
                double lo = Math.floor(k * target[a]);
                double hi = Math.ceil(k * target[a]);
                if (counts[a] < lo) {
                    belowMin.add(a);
                } else if (counts[a] < hi) {
                    belowMax.add(a);
                }
            }
            int next;
            if (!belowMin.isEmpty()) {
                next = best(belowMin, by, counts, merit);
            } else if (!belowMax.isEmpty()) {
                next = switch (variant) {
                    case CONS -> {
                        int pick = -1;
                        double key = Double.POSITIVE_INFINITY;
                        for (int a : belowMax) {
                            double v = Math.ceil(k * target[a]) / target[a];
                            if (v < key) {
                                key = v;
                                pick = a;
                            }
                        }
                        yield pick;
                    }
                    case RELAXED -> {
                        double key = Double.POSITIVE_INFINITY;
                        for (int a : belowMax) {
                            key = Math.min(key, Math.ceil(Math.ceil(k * target[a]) / target[a]));
                        }
                        List<Integer> s = new ArrayList<>();
                        for (int a : belowMax) {
                            if (Math.ceil(Math.ceil(k * target[a]) / target[a]) == key) {
                                s.add(a);
                            }
                        }
                        yield best(s, by, counts, merit);
                    }
                    default -> best(belowMax, by, counts, merit);
                };
            } else {
                // every group with items left is at its maximum (a group ran out): the best remaining item
                List<Integer> any = new ArrayList<>();
                for (int a = 0; a < groups; a++) {
                    if (counts[a] < by[a].length) {
                        any.add(a);
                    }
                }
                if (any.isEmpty()) {
                    break;
                }
                next = best(any, by, counts, merit);
            }
            out.add(by[next][counts[next]++]);
        }
        return out;
    }

    private static int best(List<Integer> candidates, int[][] by, int[] counts, double[] merit) {
        int pick = -1;
        double bestMerit = Double.NEGATIVE_INFINITY;
        for (int a : candidates) {
            double m = merit[by[a][counts[a]]];
            if (m > bestMerit) {
                bestMerit = m;
                pick = a;
            }
        }
        return pick;
    }

    private List<Integer> constSort(int[][] by, double[] merit, int limit) {
        int groups = target.length;
        int[] counts = new int[groups];
        int[] minCounts = new int[groups];
        List<Integer> items = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        List<Integer> maxIdx = new ArrayList<>();
        int k = 0;
        int total = 0;
        for (int[] g : by) {
            total += g.length;
        }
        while (items.size() < limit && items.size() < total) {
            k++;
            int[] temp = new int[groups];
            List<Integer> changed = new ArrayList<>();
            for (int a = 0; a < groups; a++) {
                temp[a] = (int) Math.floor(k * target[a]);
                if (minCounts[a] < temp[a] && counts[a] < by[a].length) {
                    changed.add(a);
                }
            }
            changed.sort((x, y) -> Double.compare(merit[by[y][counts[y]]], merit[by[x][counts[x]]]));
            for (int a : changed) {
                int item = by[a][counts[a]];
                items.add(item);
                scores.add(merit[item]);
                maxIdx.add(k);
                // bubble up (1-based positions): the item at j-1 moves down to j only if its maximum index allows it
                int j = items.size();
                while (j > 1 && maxIdx.get(j - 2) >= j && scores.get(j - 2) < scores.get(j - 1)) {
                    swap(items, j - 2, j - 1);
                    swap(scores, j - 2, j - 1);
                    swap(maxIdx, j - 2, j - 1);
                    j--;
                }
                counts[a]++;
            }
            minCounts = temp;
            if (k > 4L * total + 16) {
                break; // every group ran out of items
            }
        }
        return items.size() > limit ? new ArrayList<>(items.subList(0, limit)) : items;
    }

    private static <T> void swap(List<T> l, int i, int j) {
        T t = l.get(i);
        l.set(i, l.get(j));
        l.set(j, t);
    }
}
