package dev.probity.privacy.anonymize;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Comparator;

/** The order of a sensitive attribute's values for the ordered distance: numeric when all parse as numbers, else text. */
final class Ordering {
    private Ordering() {
    }

    /** rank[v]: the position of value v in the order (0-based). */
    static int[] ranks(String[] values) {
        Integer[] idx = new Integer[values.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        BigDecimal[] nums = new BigDecimal[values.length];
        boolean numeric = true;
        for (int i = 0; i < values.length && numeric; i++) {
            try {
                nums[i] = new BigDecimal(values[i].trim());
            } catch (NumberFormatException e) {
                numeric = false;
            }
        }
        Comparator<Integer> cmp = numeric
                ? Comparator.comparing((Integer i) -> nums[i])
                : Comparator.comparing((Integer i) -> values[i]);
        Arrays.sort(idx, cmp);
        int[] rank = new int[values.length];
        for (int r = 0; r < idx.length; r++) {
            rank[idx[r]] = r;
        }
        return rank;
    }
}
