package dev.probity.mitigation.pre;

import dev.probity.core.InputException;
import dev.probity.mitigation.Groups;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Massaging (Kamiran & Calders, KAIS 2012, §4.1): flip the fewest training labels, chosen by a ranker, so
 * that every group's positive rate equals the overall rate. Each group below the overall rate has its
 * negatives with the highest scores promoted; each group above it has its positives with the lowest
 * scores demoted. With two groups this flips M = disc·n(d)·n(f)/n labels on each side, as in the paper.
 * Counts are rounded to whole rows; ties in score are broken by row order.
 */
public final class Massaging {
    private Massaging() {
    }

    /** The massaged labels (a new array). */
    public static int[] labels(Groups groups, int[] y, double[] score) {
        int n = y.length;
        if (score.length != n) {
            throw new IllegalArgumentException("a score per row is needed");
        }
        int g = groups.count();
        int[] size = new int[g];
        int[] positives = new int[g];
        int totalPos = 0;
        for (int i = 0; i < n; i++) {
            if (y[i] != 0 && y[i] != 1) {
                throw new InputException("massaging needs binary 0/1 labels; row " + (i + 1) + " has " + y[i]);
            }
            size[groups.of()[i]]++;
            positives[groups.of()[i]] += y[i];
            totalPos += y[i];
        }
        double rate = (double) totalPos / n;
        int[] out = y.clone();
        for (int a = 0; a < g; a++) {
            int target = (int) Math.round(size[a] * rate);
            int change = target - positives[a];
            if (change == 0) {
                continue;
            }
            List<Integer> candidates = new ArrayList<>();
            int want = change > 0 ? 0 : 1;
            for (int i = 0; i < n; i++) {
                if (groups.of()[i] == a && y[i] == want) {
                    candidates.add(i);
                }
            }
            Comparator<Integer> byScore = Comparator.comparingDouble(i -> score[i]);
            candidates.sort(change > 0 ? byScore.reversed().thenComparingInt(i -> i) : byScore.thenComparingInt(i -> i));
            for (int k = 0; k < Math.min(Math.abs(change), candidates.size()); k++) {
                out[candidates.get(k)] = change > 0 ? 1 : 0;
            }
        }
        return out;
    }
}
