package dev.probity.monitor.drift;

import dev.probity.core.InputException;
import dev.probity.core.stats.SplitMix64;

import java.util.stream.IntStream;

/**
 * Maximum mean discrepancy (Gretton, Borgwardt, Rasch, Schölkopf &amp; Smola, "A kernel two-sample test", JMLR 13,
 * 2012) between two sets of vectors — rows of a table encoded by {@link Multivariate}, or embeddings — with a
 * permutation test.
 *
 * <ul>
 *   <li><b>Statistic</b>: the unbiased estimate MMD²ᵤ (their eq. 3) with the Gaussian kernel
 *   k(x, y) = exp(−‖x − y‖² / 2σ²): the mean kernel within the reference (pairs i ≠ j) plus the mean within the
 *   current data, minus twice the mean across. It can be slightly negative when the two agree.</li>
 *   <li><b>Bandwidth</b>: σ is the median Euclidean distance between pairs of points of the pooled sample (the
 *   "median heuristic" of Gretton et al., §8), over the pairs at a non-zero distance — the plain median is 0 as soon
 *   as more than half of the pairs coincide, as they do with a few categories — unless given.</li>
 *   <li><b>p-value</b>: the share of relabellings of the pooled sample whose statistic is at least the observed one,
 *   counting the observed labelling: (1 + #{T* ≥ T}) / (1 + B) for B random relabellings, which is a valid p-value
 *   for any B. When the number of distinct splits C(m + n, m) is at most B, every split is enumerated and the
 *   p-value is exact.</li>
 *   <li><b>Size</b>: the kernel matrix of the pooled sample is held in memory and each relabelling reads it once, so
 *   time grows with (m + n)² · B; each side is first reduced to at most {@link Settings#maxRows} rows drawn at random
 *   (the result says how many were used).</li>
 * </ul>
 */
public final class Mmd {
    private Mmd() {
    }

    /**
     * @param permutations relabellings B (at least 19, so that p can reach 0.05)
     * @param maxRows      rows kept from each side (drawn without replacement when a side has more)
     * @param sigma        the kernel's bandwidth; NaN: the median heuristic
     * @param threshold    drift when p &lt; threshold (0.05)
     * @param seed         the seed of the row draw and of the relabellings
     */
    public record Settings(int permutations, int maxRows, double sigma, double threshold, long seed) {
        /** The most rows a side: the kernel matrix of 10,000 points is 400 MB. */
        public static final int MAX_ROWS = 5000;

        public Settings {
            if (permutations < 19) {
                throw new InputException("an MMD permutation test needs at least 19 permutations (so that p can reach 0.05); got "
                        + permutations);
            }
            if (maxRows < 2) {
                throw new InputException("an MMD test needs at least 2 rows a side; got " + maxRows);
            }
            if (maxRows > MAX_ROWS) {
                throw new InputException("an MMD test keeps the kernel of both sides in memory, (2 × rows)² / 2 numbers: at most "
                        + MAX_ROWS + " rows a side (about 400 MB); got " + maxRows);
            }
            if (permutations > 100_000) {
                throw new InputException("an MMD test takes at most 100,000 permutations (p is then resolved to 1e-5); got " + permutations);
            }
            if (!Double.isNaN(sigma) && !(sigma > 0 && Double.isFinite(sigma))) {
                throw new InputException("an MMD kernel bandwidth is a positive number; got " + sigma);
            }
            if (!(threshold > 0 && threshold < 1)) {
                throw new InputException("an MMD threshold is a p-value in (0, 1); got " + threshold);
            }
        }

        /** 500 permutations, 1,000 rows a side, the median heuristic, p &lt; 0.05, seed 0. */
        public static Settings defaults() {
            return new Settings(500, 1000, Double.NaN, 0.05, 0);
        }

        public Settings withSeed(long s) {
            return new Settings(permutations, maxRows, sigma, threshold, s);
        }
    }

    /**
     * @param statistic     MMD²ᵤ
     * @param pValue        the permutation p-value
     * @param exact         whether every split was enumerated
     * @param permutations  relabellings counted (B, or the number of distinct splits when exact)
     * @param sigma         the bandwidth used
     * @param referenceRows rows of the reference used (after the draw)
     * @param currentRows   rows of the current data used
     * @param drifted       p &lt; threshold
     */
    public record Result(double statistic, double pValue, boolean exact, int permutations, double sigma, int referenceRows,
                         int currentRows, double threshold, boolean drifted) {
        /** The smallest p-value this test could have given: 1 / splits when exact, 1 / (B + 1) otherwise. */
        public double smallestPossibleP() {
            return exact ? 1.0 / Math.max(1, permutations) : 1.0 / (permutations + 1.0);
        }

        /** Whether the test could have said drift at all: its smallest possible p-value is below the threshold. */
        public boolean canDetect() {
            return smallestPossibleP() < threshold;
        }
    }

    public static Result test(double[][] reference, double[][] current, Settings settings) {
        if (reference.length < 2 || current.length < 2) {
            throw new InputException("an MMD test needs at least 2 rows on each side; got " + reference.length + " and " + current.length);
        }
        int d = reference[0].length;
        for (double[][] side : new double[][][] {reference, current}) {
            for (double[] row : side) {
                if (row.length != d) {
                    throw new InputException("an MMD test needs vectors of one length; got " + d + " and " + row.length);
                }
                for (double v : row) {
                    if (!Double.isFinite(v)) {
                        throw new InputException("an MMD test needs finite values; got " + v);
                    }
                }
            }
        }
        double[][] x = draw(reference, settings.maxRows(), settings.seed());
        double[][] y = draw(current, settings.maxRows(), settings.seed() + 1);
        int m = x.length;
        int n = y.length;
        int total = m + n;
        double[][] pooled = new double[total][];
        System.arraycopy(x, 0, pooled, 0, m);
        System.arraycopy(y, 0, pooled, m, n);
        // squared distances, lower triangle, row by row
        double[][] d2 = new double[total][];
        IntStream.range(0, total).parallel().forEach(i -> {
            double[] r = new double[i];
            for (int j = 0; j < i; j++) {
                double s = 0;
                for (int t = 0; t < d; t++) {
                    double z = pooled[i][t] - pooled[j][t];
                    s += z * z;
                }
                r[j] = s;
            }
            d2[i] = r;
        });
        double sigma = Double.isNaN(settings.sigma()) ? medianDistance(d2) : settings.sigma();
        if (!(sigma > 0)) {
            // every point is the same: no kernel can tell the samples apart
            return new Result(0, 1, false, 0, 0, m, n, settings.threshold(), false);
        }
        double g = 1 / (2 * sigma * sigma);
        double[][] k = d2;
        IntStream.range(0, total).parallel().forEach(i -> {
            double[] r = k[i];
            for (int j = 0; j < r.length; j++) {
                r[j] = Math.exp(-g * r[j]);
            }
        });
        boolean[] inX = new boolean[total];
        for (int i = 0; i < m; i++) {
            inX[i] = true;
        }
        double observed = statistic(k, inX, m, n);
        double splits = splits(total, m);
        if (splits <= settings.permutations()) {
            int[] count = {0, 0};
            enumerate(k, m, n, observed, count);
            return new Result(observed, (double) count[0] / count[1], true, count[1], sigma, m, n, settings.threshold(),
                    (double) count[0] / count[1] < settings.threshold());
        }
        int b = settings.permutations();
        long seed = settings.seed();
        long atLeast = IntStream.range(0, b).parallel().filter(p -> {
            SplitMix64 r = SplitMix64.stream(seed ^ 0x6D6D64L, p);
            boolean[] lab = shuffled(total, m, r);
            return statistic(k, lab, m, n) >= observed - 1e-12 * Math.abs(observed);
        }).count();
        double pv = (1.0 + atLeast) / (1.0 + b);
        return new Result(observed, pv, false, b, sigma, m, n, settings.threshold(), pv < settings.threshold());
    }

    /** MMD²ᵤ for the labelling {@code inX} over the lower-triangular kernel matrix. */
    static double statistic(double[][] k, boolean[] inX, int m, int n) {
        double xx = 0;
        double yy = 0;
        double xy = 0;
        for (int i = 1; i < k.length; i++) {
            double[] r = k[i];
            boolean a = inX[i];
            double sx = 0;
            double sy = 0;
            for (int j = 0; j < i; j++) {
                if (inX[j]) {
                    sx += r[j];
                } else {
                    sy += r[j];
                }
            }
            if (a) {
                xx += sx;
                xy += sy;
            } else {
                yy += sy;
                xy += sx;
            }
        }
        // each unordered pair once: the ordered sums are twice these
        return 2 * xx / ((double) m * (m - 1)) + 2 * yy / ((double) n * (n - 1)) - 2 * xy / ((double) m * n);
    }

    private static boolean[] shuffled(int total, int m, SplitMix64 r) {
        int[] idx = new int[total];
        for (int i = 0; i < total; i++) {
            idx[i] = i;
        }
        boolean[] lab = new boolean[total];
        for (int i = 0; i < m; i++) {
            int j = i + r.nextInt(total - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
            lab[idx[i]] = true;
        }
        return lab;
    }

    /** Every choice of m of the pooled points as the reference: count[0] those at least the observed, count[1] all. */
    private static void enumerate(double[][] k, int m, int n, double observed, int[] count) {
        int total = m + n;
        int[] c = new int[m];
        for (int i = 0; i < m; i++) {
            c[i] = i;
        }
        while (true) {
            boolean[] lab = new boolean[total];
            for (int i : c) {
                lab[i] = true;
            }
            if (statistic(k, lab, m, n) >= observed - 1e-12 * Math.abs(observed)) {
                count[0]++;
            }
            count[1]++;
            int i = m - 1;
            while (i >= 0 && c[i] == total - m + i) {
                i--;
            }
            if (i < 0) {
                return;
            }
            c[i]++;
            for (int j = i + 1; j < m; j++) {
                c[j] = c[j - 1] + 1;
            }
        }
    }

    /** C(total, m) as a double (large values need not be exact: only compared with B). */
    static double splits(int total, int m) {
        double c = 1;
        for (int i = 1; i <= m; i++) {
            c = c * (total - m + i) / i;
            if (c > 1e9) {
                return c;
            }
        }
        return Math.rint(c);
    }

    /** The median of the non-zero Euclidean distances between pairs of the pooled sample; 0 when every point is the same. */
    static double medianDistance(double[][] d2) {
        int pairs = 0;
        for (double[] r : d2) {
            for (double v : r) {
                if (v > 0) {
                    pairs++;
                }
            }
        }
        if (pairs == 0) {
            return 0;
        }
        double[] all = new double[pairs];
        int t = 0;
        for (double[] r : d2) {
            for (double v : r) {
                if (v > 0) {
                    all[t++] = v;
                }
            }
        }
        java.util.Arrays.sort(all);
        // the median of the distances (numpy's: the mean of the two middle ones for an even count)
        return pairs % 2 == 1 ? Math.sqrt(all[pairs / 2]) : (Math.sqrt(all[pairs / 2 - 1]) + Math.sqrt(all[pairs / 2])) / 2;
    }

    /** At most {@code max} rows, drawn without replacement (a partial Fisher–Yates shuffle), in their original order. */
    static double[][] draw(double[][] rows, int max, long seed) {
        if (rows.length <= max) {
            return rows;
        }
        SplitMix64 r = new SplitMix64(seed);
        int[] idx = new int[rows.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < max; i++) {
            int j = i + r.nextInt(idx.length - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] keep = java.util.Arrays.copyOf(idx, max);
        java.util.Arrays.sort(keep);
        double[][] out = new double[max][];
        for (int i = 0; i < max; i++) {
            out[i] = rows[keep[i]];
        }
        return out;
    }
}
