package dev.probity.mitigation.ranking;

/**
 * Re-orders one ranked list for fairness. Given each item's group code and merit in the list's current order, returns
 * the new order as the items' current ranks (0-based): {@code result[r]} is the item now at rank r. Every item is kept.
 */
public interface Reranker {
    /** A short name, as the command line spells it. */
    String name();

    int[] rerank(int[] group, double[] merit);

    /** Lists re-ranked so far that could not meet the constraint (too few items of a group); 0 when the method has none. */
    default int infeasible() {
        return 0;
    }

    /** Items of each group by merit, best first (ties keep the current order). */
    static int[][] byGroup(int[] group, double[] merit, int groups) {
        int[] count = new int[groups];
        for (int g : group) {
            count[g]++;
        }
        int[][] out = new int[groups][];
        for (int g = 0; g < groups; g++) {
            out[g] = new int[count[g]];
        }
        int[] fill = new int[groups];
        for (int r = 0; r < group.length; r++) {
            out[group[r]][fill[group[r]]++] = r;
        }
        for (int g = 0; g < groups; g++) {
            Integer[] boxed = java.util.Arrays.stream(out[g]).boxed().toArray(Integer[]::new);
            java.util.Arrays.sort(boxed, (a, b) -> Double.compare(merit[b], merit[a]));
            for (int i = 0; i < boxed.length; i++) {
                out[g][i] = boxed[i];
            }
        }
        return out;
    }
}
