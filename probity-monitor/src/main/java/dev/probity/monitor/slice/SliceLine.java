package dev.probity.monitor.slice;

import dev.probity.core.InputException;
import dev.probity.core.Parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SliceLine (Sagadeeva &amp; Boehm, SIGMOD 2021): the slices of the data — conjunctions of feature values such as
 * "sex = Female and age in [60, 90]" — where a model's error is high relative to their size, found by an exact search
 * of the lattice of conjunctions with pruning, as Apache SystemDS's {@code sliceLine} builtin does.
 *
 * <p>A slice with {@code ss} rows and total error {@code se}, in data of {@code m} rows with mean error {@code ē}, scores
 * <pre>  sc = α · ((se / ss) / ē − 1) − (1 − α) · (m / ss − 1)</pre>
 * so a positive score means its mean error exceeds the overall mean by enough to outweigh its smallness. The search
 * starts from single predicates with at least {@code minSupport} rows and some error, and at each level joins the
 * surviving slices into conjunctions one predicate longer, keeping a candidate only when every one of its parents
 * survived, its size bound (the smallest parent's size) reaches {@code minSupport}, and the upper bound of its score
 * (from the parents' smallest size {@code ssUB}, error {@code seUB} and largest row error {@code smUB}, evaluated at sizes
 * {@code minSupport}, {@code max(seUB/smUB, minSupport)} and {@code ssUB}) is positive and could beat the top-K.
 *
 * <p>Two bounds are offered. {@link Bound#EXACT} (the default) bounds with the row count {@code m} and prunes against
 * the K-th score only once K slices are known: it returns the true top-K (checked against brute force). {@link
 * Bound#SYSTEMDS} reproduces SystemDS's builtin, which puts the number of one-hot columns in place of {@code m} in the
 * bound and prunes against the last slice found even before K are known; on small data it can miss a true top slice.
 *
 * <p>Ties at equal score are ordered by fewer predicates, then by predicate order. Errors must be non-negative (0/1
 * misclassification for classifiers, squared error for regressors): the pruning relies on a slice's error never growing
 * as predicates are added.
 */
public final class SliceLine {
    private SliceLine() {
    }

    /** How candidate scores are bounded. */
    public enum Bound { EXACT, SYSTEMDS }

    /**
     * @param k          the number of slices returned
     * @param maxLevel   the most predicates in a slice (0: no limit)
     * @param minSupport the fewest rows a slice may have
     * @param alpha      the weight of error against size, in (0, 1]
     * @param bound      how candidates are bounded
     * @param threads    threads that evaluate candidates
     */
    public record Settings(int k, int maxLevel, int minSupport, double alpha, Bound bound, int threads) {
        public Settings {
            if (k < 1) {
                throw new InputException("SliceLine returns at least one slice (k ≥ 1); got " + k);
            }
            if (maxLevel < 0) {
                throw new InputException("the most predicates in a slice is 0 (no limit) or more; got " + maxLevel);
            }
            if (minSupport < 1) {
                throw new InputException("a slice's minimum support is at least 1 row; got " + minSupport);
            }
            if (!(alpha > 0 && alpha <= 1)) {
                throw new InputException("SliceLine's alpha weighs error against size and lies in (0, 1]; got " + alpha);
            }
            if (threads < 1) {
                throw new InputException("threads must be at least 1; got " + threads);
            }
        }

        /**
         * The paper's experimental settings for {@code rows} rows: the top 10 slices, α = 0.95, at least 1% of the rows (and
         * at least 32, SystemDS's default), at most 3 predicates so each slice reads as one sentence.
         */
        public static Settings forRows(int rows) {
            return new Settings(10, 3, Math.max(32, (int) Math.ceil(0.01 * rows)), 0.95, Bound.EXACT, Parallel.defaultThreads());
        }
    }

    /** A predicate: feature {@code feature} takes value number {@code value} (its label in {@link Encoded#labels()}). */
    public record Predicate(int feature, int value) {
    }

    /**
     * One slice.
     *
     * @param predicates the conjunction, in feature order
     * @param score      SliceLine's score
     * @param error      the total error {@code se}
     * @param maxError   the largest error of one row
     * @param size       rows in the slice
     */
    public record Slice(List<Predicate> predicates, double score, double error, double maxError, int size) {
        public Slice {
            predicates = List.copyOf(predicates);
        }

        /** The mean error over the slice's rows. */
        public double meanError() {
            return error / size;
        }
    }

    /**
     * The search's result.
     *
     * @param top       the top slices, best first (fewer than k when fewer have a positive score)
     * @param rows      rows searched
     * @param meanError the mean error over all rows
     * @param levels    candidates evaluated at each level (level 1: the single predicates)
     */
    public record Result(Settings settings, List<Slice> top, int rows, double meanError, List<Integer> levels) {
        public Result {
            top = List.copyOf(top);
            levels = List.copyOf(levels);
        }
    }

    /**
     * Data ready for the search: each feature's values as codes {@code 0..labels-1} (every row has one; a missing value is
     * a code of its own), and each row's error.
     */
    public record Encoded(List<String> features, List<String[]> labels, int[][] codes, double[] errors) {
        public Encoded {
            features = List.copyOf(features);
            labels = List.copyOf(labels);
            if (codes.length != features.size() || labels.size() != features.size()) {
                throw new IllegalArgumentException("one code column and one label list per feature");
            }
            for (int f = 0; f < codes.length; f++) {
                if (codes[f].length != errors.length) {
                    throw new IllegalArgumentException("feature '" + features.get(f) + "' has " + codes[f].length + " rows, errors "
                            + errors.length);
                }
                for (int c : codes[f]) {
                    if (c < 0 || c >= labels.get(f).length) {
                        throw new IllegalArgumentException("feature '" + features.get(f) + "' has code " + c + " outside its "
                                + labels.get(f).length + " values");
                    }
                }
            }
            for (int i = 0; i < errors.length; i++) {
                if (!(errors[i] >= 0) || Double.isInfinite(errors[i])) {
                    throw new InputException("row " + (i + 1) + ": a SliceLine error is a non-negative number; got " + errors[i]);
                }
            }
        }

        public int rows() {
            return errors.length;
        }

        /** The slice in words: {@code sex = Female and age in [60, 90]}. */
        public String describe(Slice s) {
            StringBuilder b = new StringBuilder();
            for (Predicate p : s.predicates()) {
                if (!b.isEmpty()) {
                    b.append(" and ");
                }
                String label = labels.get(p.feature())[p.value()];
                b.append(features.get(p.feature())).append(label.startsWith("in [") || label.startsWith("in (") ? " " : " = ").append(label);
            }
            return b.toString();
        }

        /** Whether row {@code i} lies in the slice. */
        public boolean contains(Slice s, int i) {
            for (Predicate p : s.predicates()) {
                if (codes[p.feature()][i] != p.value()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Runs the search. */
    public static Result find(Encoded data, Settings s) {
        return new Search(data, s).run();
    }

    private static final class Search {
        final Encoded data;
        final Settings s;
        final int m;
        final int nFeatures;
        final int[] offset;
        final int n2;
        final double[] e;
        double eAvg;
        final List<Slice> top = new ArrayList<>();
        final List<Integer> levels = new ArrayList<>();
        long[][] bits;     // per one-hot column, its rows
        int[] featureOf;   // per one-hot column

        Search(Encoded data, Settings s) {
            this.data = data;
            this.s = s;
            this.m = data.rows();
            this.nFeatures = data.features().size();
            this.offset = new int[nFeatures + 1];
            for (int f = 0; f < nFeatures; f++) {
                offset[f + 1] = offset[f] + data.labels().get(f).length;
            }
            this.n2 = offset[nFeatures];
            this.e = data.errors();
        }

        Result run() {
            double total = 0;
            for (double v : e) {
                total += v;
            }
            eAvg = m == 0 ? 0 : total / m;
            if (m == 0 || total == 0) {
                return new Result(s, List.of(), m, eAvg, List.of());
            }
            featureOf = new int[n2];
            for (int f = 0; f < nFeatures; f++) {
                for (int c = offset[f]; c < offset[f + 1]; c++) {
                    featureOf[c] = f;
                }
            }
            int words = (m + 63) >>> 6;
            bits = new long[n2][];
            int[] count = new int[n2];
            double[] err = new double[n2];
            double[] max = new double[n2];
            for (int f = 0; f < nFeatures; f++) {
                int[] codes = data.codes()[f];
                for (int i = 0; i < m; i++) {
                    int c = offset[f] + codes[i];
                    count[c]++;
                    err[c] += e[i];
                    max[c] = Math.max(max[c], e[i]);
                }
            }
            List<Node> level = new ArrayList<>();
            for (int c = 0; c < n2; c++) {
                if (count[c] >= s.minSupport() && err[c] > 0) {
                    level.add(new Node(new int[] {c}, err[c], max[c], count[c], score(err[c], count[c])));
                }
            }
            for (Node nd : level) {
                int c = nd.cols[0];
                long[] b = new long[words];
                int f = featureOf[c];
                int code = c - offset[f];
                int[] codes = data.codes()[f];
                for (int i = 0; i < m; i++) {
                    if (codes[i] == code) {
                        b[i >>> 6] |= 1L << i;
                    }
                }
                bits[c] = b;
            }
            levels.add(n2);
            keepTop(level);
            int maxLevel = s.maxLevel() == 0 ? nFeatures : Math.min(s.maxLevel(), nFeatures);
            int depth = 1;
            while (!level.isEmpty() && depth < maxLevel) {
                depth++;
                List<Node> parents = new ArrayList<>();
                for (Node nd : level) {
                    if (nd.size >= s.minSupport() && nd.error > 0) {
                        parents.add(nd);
                    }
                }
                List<Node> candidates = candidates(parents, depth);
                levels.add(candidates.size());
                evaluate(candidates);
                level = candidates;
                keepTop(level);
            }
            List<Slice> out = new ArrayList<>();
            for (Slice sl : top) {
                out.add(sl);
            }
            return new Result(s, out, m, eAvg, levels);
        }

        double score(double se, double ss) {
            if (ss == 0) {
                return Double.NEGATIVE_INFINITY;
            }
            double a = s.alpha();
            return a * ((se / ss) / eAvg - 1) - (1 - a) * ((double) m / ss - 1);
        }

        double upperBound(double ssUB, double seUB, double smUB) {
            double n = s.bound() == Bound.EXACT ? m : n2;
            double a = s.alpha();
            double best = Double.NEGATIVE_INFINITY;
            double[] probe = {s.minSupport(), Math.max(seUB / smUB, s.minSupport()), ssUB};
            for (double size : probe) {
                double v = a * ((Math.min(size * smUB, seUB) / size) / eAvg - 1) - (1 - a) * (n / size - 1);
                if (!Double.isNaN(v)) {
                    best = Math.max(best, v);
                }
            }
            return best;
        }

        double threshold() {
            if (s.bound() == Bound.EXACT) {
                return top.size() < s.k() ? 0 : Math.max(0, top.get(top.size() - 1).score());
            }
            return top.isEmpty() ? 0 : Math.max(0, top.get(top.size() - 1).score());
        }

        List<Node> candidates(List<Node> parents, int depth) {
            Map<Key, Node> byKey = new HashMap<>();
            for (Node p : parents) {
                byKey.put(new Key(p.cols), p);
            }
            int[] basic = parents.stream().flatMapToInt(p -> Arrays.stream(p.cols)).distinct().sorted().toArray();
            double bar = threshold();
            List<Node> out = new ArrayList<>();
            for (Node p : parents) {
                int last = p.cols[p.cols.length - 1];
                int lastFeature = featureOf[last];
                int from = Arrays.binarySearch(basic, last) + 1;
                for (int q = from; q < basic.length; q++) {
                    int c = basic[q];
                    if (featureOf[c] <= lastFeature) {
                        continue; // a second value of a feature the slice already fixes, or out of feature order
                    }
                    int[] cols = Arrays.copyOf(p.cols, depth);
                    cols[depth - 1] = c;
                    double ssUB = Double.POSITIVE_INFINITY;
                    double seUB = Double.POSITIVE_INFINITY;
                    double smUB = Double.POSITIVE_INFINITY;
                    boolean allParents = true;
                    int[] sub = new int[depth - 1];
                    for (int drop = 0; drop < depth && allParents; drop++) {
                        for (int a = 0, b = 0; a < depth; a++) {
                            if (a != drop) {
                                sub[b++] = cols[a];
                            }
                        }
                        Node par = byKey.get(new Key(sub));
                        if (par == null) {
                            allParents = false;
                        } else {
                            ssUB = Math.min(ssUB, par.size);
                            seUB = Math.min(seUB, par.error);
                            smUB = Math.min(smUB, par.maxError);
                        }
                    }
                    if (!allParents || ssUB < s.minSupport()) {
                        continue;
                    }
                    double ub = upperBound(ssUB, seUB, smUB);
                    if (ub > bar && ub > 0) {
                        out.add(new Node(cols, 0, 0, 0, 0));
                    }
                }
            }
            return out;
        }

        void evaluate(List<Node> nodes) {
            int words = (m + 63) >>> 6;
            Parallel.forEach(nodes.size(), s.threads(), t -> {
                Node nd = nodes.get(t);
                long[] acc = bits[nd.cols[0]].clone();
                for (int k = 1; k < nd.cols.length; k++) {
                    long[] b = bits[nd.cols[k]];
                    for (int w = 0; w < words; w++) {
                        acc[w] &= b[w];
                    }
                }
                int size = 0;
                double se = 0;
                double sm = 0;
                for (int w = 0; w < words; w++) {
                    long word = acc[w];
                    while (word != 0) {
                        int i = (w << 6) + Long.numberOfTrailingZeros(word);
                        word &= word - 1;
                        size++;
                        se += e[i];
                        sm = Math.max(sm, e[i]);
                    }
                }
                nd.size = size;
                nd.error = se;
                nd.maxError = sm;
                nd.score = score(se, size);
            });
        }

        void keepTop(List<Node> level) {
            for (Node nd : level) {
                if (nd.score > 0 && nd.size >= s.minSupport()) {
                    top.add(toSlice(nd));
                }
            }
            top.sort(ORDER);
            while (top.size() > s.k()) {
                top.remove(top.size() - 1);
            }
        }

        Slice toSlice(Node nd) {
            List<Predicate> ps = new ArrayList<>();
            for (int c : nd.cols) {
                int f = featureOf[c];
                ps.add(new Predicate(f, c - offset[f]));
            }
            return new Slice(ps, nd.score, nd.error, nd.maxError, nd.size);
        }
    }

    static final Comparator<Slice> ORDER = Comparator.comparingDouble(Slice::score).reversed()
            .thenComparingInt(sl -> sl.predicates().size())
            .thenComparing((a, b) -> {
                for (int i = 0; i < a.predicates().size(); i++) {
                    int c = Integer.compare(a.predicates().get(i).feature(), b.predicates().get(i).feature());
                    if (c == 0) {
                        c = Integer.compare(a.predicates().get(i).value(), b.predicates().get(i).value());
                    }
                    if (c != 0) {
                        return c;
                    }
                }
                return 0;
            });

    private static final class Node {
        final int[] cols;
        double error;
        double maxError;
        int size;
        double score;

        Node(int[] cols, double error, double maxError, int size, double score) {
            this.cols = cols;
            this.error = error;
            this.maxError = maxError;
            this.size = size;
            this.score = score;
        }
    }

    private record Key(int[] cols) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(cols, k.cols);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(cols);
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
