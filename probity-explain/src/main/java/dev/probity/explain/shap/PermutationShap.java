package dev.probity.explain.shap;

import dev.probity.core.InputException;
import dev.probity.core.stats.SplitMix64;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Permutation SHAP: the average, over seeded random orderings of the features, of each feature's marginal
 * contribution when it joins the features before it. Orderings come in antithetic pairs (an ordering and
 * its reverse), which makes the estimate exact for games with only pairwise interactions; the values
 * always sum to f(x) − base.
 */
public final class PermutationShap {
    private final int permutations;
    private final long seed;

    public PermutationShap(int permutations, long seed) {
        if (permutations < 1) {
            throw new InputException("permutation SHAP needs at least one permutation pair");
        }
        this.permutations = permutations;
        this.seed = seed;
    }

    public Explanation explain(Predictor f, Background bg, double[] x, int[][] groups, List<String> names, List<String> values) {
        int m = groups.length;
        Coalitions game = new Coalitions(f, bg, x, groups);
        SplitMix64 r = SplitMix64.stream(seed, 3);
        int orders = 2 * permutations;
        boolean[][] masks = new boolean[orders * (m + 1)][];
        int[][] order = new int[orders][];
        for (int p = 0; p < permutations; p++) {
            int[] perm = new int[m];
            for (int i = 0; i < m; i++) {
                perm[i] = i;
            }
            for (int i = m - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            int[] rev = new int[m];
            for (int i = 0; i < m; i++) {
                rev[i] = perm[m - 1 - i];
            }
            order[2 * p] = perm;
            order[2 * p + 1] = rev;
        }
        for (int o = 0; o < orders; o++) {
            boolean[] mask = new boolean[m];
            masks[o * (m + 1)] = mask.clone();
            for (int i = 0; i < m; i++) {
                mask[order[o][i]] = true;
                masks[o * (m + 1) + i + 1] = mask.clone();
            }
        }
        double[] v = game.values(masks, masks.length);
        double[] phi = new double[m];
        for (int o = 0; o < orders; o++) {
            for (int i = 0; i < m; i++) {
                phi[order[o][i]] += (v[o * (m + 1) + i + 1] - v[o * (m + 1) + i]) / orders;
            }
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("model_evaluations", game.evaluations);
        facts.put("permutations", orders);
        return new Explanation("permutation-shap", names, values, phi, v[0], v[m], facts);
    }
}
