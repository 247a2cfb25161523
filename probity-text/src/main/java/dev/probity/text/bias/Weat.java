package dev.probity.text.bias;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The Word Embedding Association Test (Caliskan, Bryson and Narayanan, Science 2017), and with sentence embeddings the
 * Sentence Encoder Association Test (May et al., NAACL 2019), which is the same test on embeddings of sentences.
 *
 * <p>For target sets X, Y and attribute sets A, B of vectors: s(w, A, B) = mean over a of cos(w, a) − mean over b of
 * cos(w, b); the statistic S = Σ over X of s − Σ over Y of s; the effect size d = (mean over X of s − mean over Y of s)
 * / standard deviation of s over X ∪ Y (sample standard deviation, n − 1, as May et al.'s code computes it); the
 * one-sided p-value is the share of the equal-size partitions (Xi, Yi) of X ∪ Y whose statistic is at least S, the
 * observed partition included. It is exact (every partition) when there are at most {@code exactLimit} of them and
 * otherwise estimated from {@code samples} random partitions drawn with the seed, as (count + 1) / (samples + 1).
 * X and Y must have the same size, as the test's permutation argument assumes.
 *
 * @param statistic   S
 * @param effectSize  d
 * @param pValue      one-sided permutation p-value
 * @param exact       whether every partition was counted
 * @param partitions  the partitions counted (all, or the samples)
 */
public record Weat(double statistic, double effectSize, double pValue, boolean exact, long partitions) {
    public static final long DEFAULT_EXACT_LIMIT = 1_000_000;
    public static final int DEFAULT_SAMPLES = 100_000;

    public static Weat test(List<float[]> x, List<float[]> y, List<float[]> a, List<float[]> b, long seed) {
        return test(x, y, a, b, DEFAULT_EXACT_LIMIT, DEFAULT_SAMPLES, seed);
    }

    public static Weat test(List<float[]> x, List<float[]> y, List<float[]> a, List<float[]> b, long exactLimit,
                            int samples, long seed) {
        if (x.isEmpty() || x.size() != y.size()) {
            throw new IllegalArgumentException("the target sets must be non-empty and of equal size, got " + x.size()
                    + " and " + y.size());
        }
        if (a.isEmpty() || b.isEmpty()) {
            throw new IllegalArgumentException("the attribute sets must be non-empty");
        }
        int n = x.size();
        double[] s = new double[2 * n];
        for (int i = 0; i < n; i++) {
            s[i] = association(x.get(i), a, b);
            s[n + i] = association(y.get(i), a, b);
        }
        double total = Arrays.stream(s).sum();
        double sx = 0;
        for (int i = 0; i < n; i++) {
            sx += s[i];
        }
        double statistic = 2 * sx - total;
        double mean = total / (2 * n);
        double ss = 0;
        for (double v : s) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (2 * n - 1));
        double effect = (sx / n - (total - sx) / n) / sd;
        // S_i ≥ S  ⟺  Σ_{Xi} s ≥ Σ_X s (S_i = 2 Σ_{Xi} s − total); a small tolerance keeps ties of equal sums ties
        double threshold = sx - 1e-12 * Math.max(1, Math.abs(sx));
        long count = 0;
        long partitions = binomial(2 * n, n);
        boolean exact = partitions > 0 && partitions <= exactLimit;
        if (exact) {
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            while (true) {
                double sum = 0;
                for (int i : idx) {
                    sum += s[i];
                }
                if (sum >= threshold) {
                    count++;
                }
                int i = n - 1;
                while (i >= 0 && idx[i] == 2 * n - n + i) {
                    i--;
                }
                if (i < 0) {
                    break;
                }
                idx[i]++;
                for (int j = i + 1; j < n; j++) {
                    idx[j] = idx[j - 1] + 1;
                }
            }
            return new Weat(statistic, effect, (double) count / partitions, true, partitions);
        }
        Random r = new Random(seed);
        int[] perm = new int[2 * n];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        for (int k = 0; k < samples; k++) {
            // a partial Fisher–Yates shuffle: the first n of a uniform permutation are a uniform n-subset
            double sum = 0;
            for (int i = 0; i < n; i++) {
                int j = i + r.nextInt(2 * n - i);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
                sum += s[perm[i]];
            }
            if (sum >= threshold) {
                count++;
            }
        }
        return new Weat(statistic, effect, (count + 1.0) / (samples + 1.0), false, samples);
    }

    /** s(w, A, B): the mean cosine with A less the mean cosine with B. */
    public static double association(float[] w, List<float[]> a, List<float[]> b) {
        return meanCosine(w, a) - meanCosine(w, b);
    }

    private static double meanCosine(float[] w, List<float[]> set) {
        double sum = 0;
        for (float[] v : set) {
            sum += cosine(w, v);
        }
        return sum / set.size();
    }

    public static double cosine(float[] u, float[] v) {
        if (u.length != v.length) {
            throw new IllegalArgumentException("vectors of lengths " + u.length + " and " + v.length);
        }
        double dot = 0;
        double nu = 0;
        double nv = 0;
        for (int i = 0; i < u.length; i++) {
            dot += (double) u[i] * v[i];
            nu += (double) u[i] * u[i];
            nv += (double) v[i] * v[i];
        }
        return dot / Math.sqrt(nu * nv);
    }

    /** C(n, k), or −1 when it exceeds a long. */
    static long binomial(int n, int k) {
        long c = 1;
        for (int i = 1; i <= k; i++) {
            if (c > Long.MAX_VALUE / (n - k + i)) {
                return -1;
            }
            c = c * (n - k + i) / i;
        }
        return c;
    }

    /** Sentences for SEAT: each term placed in semantically bleached templates of our own (May et al.'s method). */
    public static List<String> bleached(List<String> terms) {
        List<String> out = new ArrayList<>();
        for (String t : terms) {
            for (String template : SEAT_TEMPLATES) {
                out.add(template.replace("{}", t));
            }
        }
        return out;
    }

    public static final List<String> SEAT_TEMPLATES = List.of("This is {}.", "That is {}.", "There is {}.", "Here is {}.",
            "{} is here.", "{} is there.", "It is {}.", "The word is {}.");
}
