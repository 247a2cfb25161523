package dev.probity.explain.shap;

import dev.probity.core.InputException;
import dev.probity.core.stats.SplitMix64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * KernelSHAP (Lundberg & Lee, NeurIPS 2017): Shapley values as the weighted least-squares fit of
 * v(z) ≈ φ₀ + Σ zⱼφⱼ over coalitions z with the Shapley kernel π(s) = (M−1) / (C(M,s)·s·(M−s)), the
 * efficiency constraint Σφ = f(x) − φ₀ imposed exactly by eliminating one coefficient. Coalition sizes are
 * taken from the smallest (and their complements) and enumerated completely while the sample budget
 * allows, as the shap package does; the remaining kernel mass is sampled in complementary pairs (z and
 * 1 − z) from the remaining sizes. When the budget covers all 2^M − 2 coalitions the result is exact. An
 * optional sparsity rule keeps the {@code topK} features of largest first-pass |φ| and refits with the
 * others at zero. Deterministic for a seed.
 */
public final class KernelShap {
    private final int samples;
    private final int topK;
    private final long seed;

    /**
     * @param samples coalitions to evaluate (0: 2M + 2048, as shap's "auto")
     * @param topK    keep only the k largest features (0: all)
     */
    public KernelShap(int samples, int topK, long seed) {
        if (samples < 0 || topK < 0) {
            throw new InputException("samples and top-k must be ≥ 0");
        }
        this.samples = samples;
        this.topK = topK;
        this.seed = seed;
    }

    public Explanation explain(Predictor f, Background bg, double[] x, int[][] groups, List<String> names, List<String> values) {
        int m = groups.length;
        Coalitions game = new Coalitions(f, bg, x, groups);
        double[] ends = game.ends();
        double fx = ends[1];
        double base = ends[0];
        double[] phi;
        if (m == 1) {
            phi = new double[] {fx - base};
        } else {
            phi = solve(game, m, fx, base);
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("model_evaluations", game.evaluations);
        facts.put("background_rows", bg.n());
        return new Explanation("kernel-shap", names, values, phi, base, fx, facts);
    }

    private double[] solve(Coalitions game, int m, double fx, double base) {
        int budget = samples > 0 ? samples : 2 * m + 2048;
        List<boolean[]> masks = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        double[] kernel = new double[m];
        double kernelTotal = 0;
        for (int s = 1; s < m; s++) {
            kernel[s] = (m - 1.0) / (s * (m - s)); // total weight of size s: C(M,s)·π(s)
            kernelTotal += kernel[s];
        }
        double full = Math.pow(2, m) - 2;
        if (full <= budget) {
            for (long z = 1; z < (1L << m) - 1; z++) {
                boolean[] mask = new boolean[m];
                int size = 0;
                for (int j = 0; j < m; j++) {
                    mask[j] = (z >> j & 1) == 1;
                    size += mask[j] ? 1 : 0;
                }
                masks.add(mask);
                weights.add(kernel[size] / binomial(m, size));
            }
        } else {
            int remaining = budget;
            double remainingWeight = kernelTotal;
            int sizeDone = 0;
            for (int s = 1; s <= (m) / 2; s++) {
                boolean paired = s != m - s;
                double count = binomial(m, s) * (paired ? 2 : 1);
                if (count > remaining) {
                    break;
                }
                for (boolean[] mask : subsets(m, s)) {
                    masks.add(mask);
                    weights.add(kernel[s] / binomial(m, s));
                    if (paired) {
                        masks.add(complement(mask));
                        weights.add(kernel[m - s] / binomial(m, m - s));
                    }
                }
                remaining -= (int) count;
                remainingWeight -= kernel[s] + (paired ? kernel[m - s] : 0);
                sizeDone = s;
            }
            if (remaining >= 2 && remainingWeight > 1e-12) {
                // sample the rest in complementary pairs from the remaining sizes
                List<Integer> sizes = new ArrayList<>();
                List<Double> sizeWeight = new ArrayList<>();
                for (int s = sizeDone + 1; s <= m / 2; s++) {
                    sizes.add(s);
                    sizeWeight.add(kernel[s] + (s != m - s ? kernel[m - s] : 0));
                }
                SplitMix64 r = SplitMix64.stream(seed, 7);
                Map<String, Integer> seen = new LinkedHashMap<>();
                int draws = remaining / 2;
                double each = remainingWeight / (2.0 * draws);
                for (int d = 0; d < draws; d++) {
                    double u = r.nextDouble() * remainingWeight;
                    int size = sizes.get(sizes.size() - 1);
                    for (int i = 0; i < sizes.size(); i++) {
                        u -= sizeWeight.get(i);
                        if (u <= 0) {
                            size = sizes.get(i);
                            break;
                        }
                    }
                    boolean[] mask = randomSubset(m, size, r);
                    for (boolean[] mm : new boolean[][] {mask, complement(mask)}) {
                        // a coalition drawn again adds its share of the kernel mass to the first draw's weight
                        String key = Arrays.toString(mm);
                        Integer at = seen.get(key);
                        if (at == null) {
                            seen.put(key, masks.size());
                            masks.add(mm);
                            weights.add(each);
                        } else {
                            weights.set(at, weights.get(at) + each);
                        }
                    }
                }
            }
            if (masks.isEmpty()) {
                throw new InputException("a sample budget of " + budget + " is too small for " + m + " features; give at least " + (2 * m));
            }
        }
        boolean[][] arr = masks.toArray(new boolean[0][]);
        double[] v = game.values(arr, arr.length);
        double[] w = new double[arr.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = weights.get(i);
        }
        boolean[] active = new boolean[m];
        Arrays.fill(active, true);
        double[] phi = wls(arr, v, w, active, fx, base);
        if (topK > 0 && topK < m) {
            Integer[] order = new Integer[m];
            for (int j = 0; j < m; j++) {
                order[j] = j;
            }
            final double[] first = phi;
            Arrays.sort(order, (a, b) -> Double.compare(Math.abs(first[b]), Math.abs(first[a])));
            Arrays.fill(active, false);
            for (int k = 0; k < topK; k++) {
                active[order[k]] = true;
            }
            phi = wls(arr, v, w, active, fx, base);
        }
        return phi;
    }

    /** Weighted least squares with Σφ = fx − base, over the active features (the others are 0). */
    static double[] wls(boolean[][] z, double[] v, double[] w, boolean[] active, double fx, double base) {
        int m = active.length;
        int[] idx = new int[m];
        int k = 0;
        for (int j = 0; j < m; j++) {
            if (active[j]) {
                idx[k++] = j;
            }
        }
        double[] phi = new double[m];
        if (k == 1) {
            phi[idx[0]] = fx - base;
            return phi;
        }
        int last = idx[k - 1];
        int p = k - 1;
        double[][] a = new double[p][p];
        double[] rhs = new double[p];
        double total = fx - base;
        double[] row = new double[p];
        for (int c = 0; c < z.length; c++) {
            double zl = z[c][last] ? 1 : 0;
            double y = v[c] - base - zl * total;
            for (int i = 0; i < p; i++) {
                row[i] = (z[c][idx[i]] ? 1 : 0) - zl;
            }
            for (int i = 0; i < p; i++) {
                if (row[i] == 0) {
                    continue;
                }
                double wr = w[c] * row[i];
                rhs[i] += wr * y;
                for (int j = 0; j < p; j++) {
                    a[i][j] += wr * row[j];
                }
            }
        }
        for (int i = 0; i < p; i++) {
            a[i][i] += 1e-12;
        }
        double[] sol = dev.probity.core.stats.LinearAlgebra.solve(a, rhs);
        double sum = 0;
        for (int i = 0; i < p; i++) {
            phi[idx[i]] = sol[i];
            sum += sol[i];
        }
        phi[last] = total - sum;
        return phi;
    }

    static double binomial(int n, int k) {
        return Math.exp(ExactShap.logFactorial(n) - ExactShap.logFactorial(k) - ExactShap.logFactorial(n - k));
    }

    private static boolean[] complement(boolean[] m) {
        boolean[] c = new boolean[m.length];
        for (int j = 0; j < m.length; j++) {
            c[j] = !m[j];
        }
        return c;
    }

    private static List<boolean[]> subsets(int m, int s) {
        List<boolean[]> out = new ArrayList<>();
        int[] idx = new int[s];
        for (int i = 0; i < s; i++) {
            idx[i] = i;
        }
        while (true) {
            boolean[] mask = new boolean[m];
            for (int i : idx) {
                mask[i] = true;
            }
            out.add(mask);
            int i = s - 1;
            while (i >= 0 && idx[i] == m - s + i) {
                i--;
            }
            if (i < 0) {
                return out;
            }
            idx[i]++;
            for (int j = i + 1; j < s; j++) {
                idx[j] = idx[j - 1] + 1;
            }
        }
    }

    private static boolean[] randomSubset(int m, int s, SplitMix64 r) {
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) {
            idx[i] = i;
        }
        boolean[] mask = new boolean[m];
        for (int i = 0; i < s; i++) {
            int j = i + r.nextInt(m - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
            mask[idx[i]] = true;
        }
        return mask;
    }
}
