package dev.probity.models.tree;

import dev.probity.core.InputException;
import dev.probity.core.model.Labels;
import dev.probity.models.encode.EncodingSpec;
import dev.probity.models.encode.Matrix;
import dev.probity.models.pipeline.Estimator;
import dev.probity.models.pipeline.MatrixTrainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CART (Breiman et al., 1984): greedy binary splits that most reduce weighted Gini impurity or entropy
 * (classification) or squared error (regression). Every feature and every threshold between distinct
 * values is tried; rows with a missing value go to whichever side gives the larger reduction (the
 * direction is stored in the tree). Ties keep the first candidate in feature order, then threshold order,
 * so the tree is deterministic. Each feature's rows are sorted once; a node scans them under a membership
 * mask, so a node costs O(rows × features).
 */
public final class TreeTrainer implements MatrixTrainer {
    public enum Criterion { GINI, ENTROPY, SQUARED_ERROR }

    private final int maxDepth;
    private final int minSamplesLeaf;
    private final int minSamplesSplit;
    private final double minImpurityDecrease;
    private final Criterion criterion;

    public TreeTrainer(int maxDepth, int minSamplesLeaf, int minSamplesSplit, double minImpurityDecrease, Criterion criterion) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("max depth must be at least 1, got " + maxDepth);
        }
        if (minSamplesLeaf < 1 || minSamplesSplit < 2) {
            throw new IllegalArgumentException("min samples per leaf must be ≥ 1 and per split ≥ 2");
        }
        this.maxDepth = maxDepth;
        this.minSamplesLeaf = minSamplesLeaf;
        this.minSamplesSplit = minSamplesSplit;
        this.minImpurityDecrease = minImpurityDecrease;
        this.criterion = criterion;
    }

    /** Depth 6, at least 5 rows per leaf, Gini: a tree a person can still read. */
    public static TreeTrainer defaults() {
        return new TreeTrainer(6, 5, 10, 0, Criterion.GINI);
    }

    public TreeTrainer maxDepth(int d) {
        return new TreeTrainer(d, minSamplesLeaf, minSamplesSplit, minImpurityDecrease, criterion);
    }

    public TreeTrainer minSamplesLeaf(int m) {
        return new TreeTrainer(maxDepth, m, Math.max(minSamplesSplit, 2 * m), minImpurityDecrease, criterion);
    }

    public TreeTrainer criterion(Criterion c) {
        return new TreeTrainer(maxDepth, minSamplesLeaf, minSamplesSplit, minImpurityDecrease, c);
    }

    @Override
    public String algorithm() {
        return "tree";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("max_depth", maxDepth);
        p.put("min_samples_leaf", minSamplesLeaf);
        p.put("min_samples_split", minSamplesSplit);
        p.put("min_impurity_decrease", minImpurityDecrease);
        p.put("criterion", criterion.name().toLowerCase(Locale.ROOT));
        return p;
    }

    @Override
    public EncodingSpec defaultEncoding() {
        return EncodingSpec.trees();
    }

    @Override
    public boolean supportsRegression() {
        return true;
    }

    @Override
    public Estimator fit(Matrix m, Labels y, double[] weights, long seed) {
        boolean regression = !y.isClassification();
        Criterion crit = regression ? Criterion.SQUARED_ERROR : criterion == Criterion.SQUARED_ERROR ? Criterion.GINI : criterion;
        if (!regression && criterion == Criterion.SQUARED_ERROR) {
            throw new InputException("squared-error splits need a numeric label; '" + y.name() + "' has classes");
        }
        return new Builder(m, y, weights, crit).build();
    }

    /** The state of one fit. */
    private final class Builder {
        final int n;
        final int p;
        final double[][] x;
        final double[] w;
        final int[] cls;
        final double[] target;
        final int k;          // statistics per node: classes, or (w, wy, wy²)
        final int outputs;
        final Criterion crit;
        final int[][] sorted; // per feature: the rows with a value, sorted by value

        // growing tree
        final List<Integer> feature = new ArrayList<>();
        final List<Double> threshold = new ArrayList<>();
        final List<Integer> left = new ArrayList<>();
        final List<Integer> right = new ArrayList<>();
        final List<Boolean> missingLeft = new ArrayList<>();
        final List<double[]> value = new ArrayList<>();
        final List<Double> cover = new ArrayList<>();

        Builder(Matrix m, Labels y, double[] weights, Criterion crit) {
            this.n = m.rows();
            this.p = m.columns();
            this.x = m.denseColumns();
            this.w = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = weights == null ? 1 : weights[i];
            }
            this.crit = crit;
            if (y.isClassification()) {
                cls = y.codes();
                target = null;
                k = y.classes().size();
                outputs = k;
            } else {
                cls = null;
                target = y.values();
                k = 3;
                outputs = 1;
            }
            sorted = new int[p][];
            Integer[] boxed = new Integer[n];
            for (int j = 0; j < p; j++) {
                int count = 0;
                for (int i = 0; i < n; i++) {
                    if (!Double.isNaN(x[j][i])) {
                        boxed[count++] = i;
                    }
                }
                final double[] col = x[j];
                Arrays.sort(boxed, 0, count, (a, b) -> Double.compare(col[a], col[b]));
                int[] s = new int[count];
                for (int i = 0; i < count; i++) {
                    s[i] = boxed[i];
                }
                sorted[j] = s;
            }
        }

        void addStats(double[] stats, int i, double sign) {
            double wi = w[i] * sign;
            if (cls != null) {
                stats[cls[i]] += wi;
            } else {
                double t = target[i];
                stats[0] += wi;
                stats[1] += wi * t;
                stats[2] += wi * t * t;
            }
        }

        double weight(double[] s) {
            if (cls == null) {
                return s[0];
            }
            double t = 0;
            for (double v : s) {
                t += v;
            }
            return t;
        }

        /** Weighted impurity times weight: W · impurity. */
        double cost(double[] s) {
            double tw = weight(s);
            if (tw <= 0) {
                return 0;
            }
            switch (crit) {
                case GINI -> {
                    double sq = 0;
                    for (double v : s) {
                        sq += v * v;
                    }
                    return tw - sq / tw;
                }
                case ENTROPY -> {
                    double e = 0;
                    for (double v : s) {
                        if (v > 0) {
                            e -= v * Math.log(v / tw);
                        }
                    }
                    return e / Math.log(2);
                }
                default -> {
                    double var = s[2] - s[1] * s[1] / s[0];
                    return Math.max(var, 0);
                }
            }
        }

        TreeEstimator build() {
            // node-grouped sorted lists start as the single root group
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) {
                rows[i] = i;
            }
            grow(rows, 0);
            int size = feature.size();
            int[] f = new int[size];
            double[] th = new double[size];
            int[] l = new int[size];
            int[] r = new int[size];
            boolean[] ml = new boolean[size];
            double[] v = new double[size * outputs];
            double[] cv = new double[size];
            for (int i = 0; i < size; i++) {
                f[i] = feature.get(i);
                th[i] = threshold.get(i);
                l[i] = left.get(i);
                r[i] = right.get(i);
                ml[i] = missingLeft.get(i);
                System.arraycopy(value.get(i), 0, v, i * outputs, outputs);
                cv[i] = cover.get(i);
            }
            return new TreeEstimator(outputs, f, th, l, r, ml, v, cv, cls == null);
        }

        /** Grows the subtree over {@code rows} and returns its node index. */
        int grow(int[] rows, int depth) {
            double[] stats = new double[k];
            for (int i : rows) {
                addStats(stats, i, 1);
            }
            int node = feature.size();
            feature.add(-1);
            threshold.add(Double.NaN);
            left.add(-1);
            right.add(-1);
            missingLeft.add(false);
            cover.add(weight(stats));
            value.add(leafValue(stats));
            if (depth >= maxDepth || rows.length < minSamplesSplit || weight(stats) <= 0) {
                return node;
            }
            Split best = bestSplit(rows, stats);
            if (best == null || best.gain <= minImpurityDecrease * sumAll() || best.gain <= 1e-12 * Math.max(1, cost(stats))) {
                return node;
            }
            boolean[] goLeft = new boolean[n];
            int nLeft = 0;
            double[] col = x[best.feature];
            for (int i : rows) {
                double v = col[i];
                boolean gl = Double.isNaN(v) ? best.missingLeft : v <= best.threshold;
                goLeft[i] = gl;
                if (gl) {
                    nLeft++;
                }
            }
            int[] lr = new int[nLeft];
            int[] rr = new int[rows.length - nLeft];
            int a = 0;
            int b = 0;
            for (int i : rows) {
                if (goLeft[i]) {
                    lr[a++] = i;
                } else {
                    rr[b++] = i;
                }
            }
            feature.set(node, best.feature);
            threshold.set(node, best.threshold);
            missingLeft.set(node, best.missingLeft);
            int l = grow(lr, depth + 1);
            int r = grow(rr, depth + 1);
            left.set(node, l);
            right.set(node, r);
            return node;
        }

        private double totalWeight = Double.NaN;

        double sumAll() {
            if (Double.isNaN(totalWeight)) {
                double t = 0;
                for (double v : w) {
                    t += v;
                }
                totalWeight = t;
            }
            return totalWeight;
        }

        double[] leafValue(double[] stats) {
            if (cls == null) {
                return new double[] {stats[0] > 0 ? stats[1] / stats[0] : 0};
            }
            double tw = weight(stats);
            double[] v = new double[k];
            for (int c = 0; c < k; c++) {
                v[c] = tw > 0 ? stats[c] / tw : 1.0 / k;
            }
            return v;
        }

        record Split(int feature, double threshold, boolean missingLeft, double gain) {
        }

        Split bestSplit(int[] rows, double[] nodeStats) {
            boolean[] inNode = membership(rows);
            double parent = cost(nodeStats);
            Split best = null;
            double[] leftS = new double[k];
            double[] present = new double[k];
            double[] missing = new double[k];
            double[] rightS = new double[k];
            double[] lm = new double[k];
            double[] rm = new double[k];
            for (int j = 0; j < p; j++) {
                int[] s = sorted[j];
                double[] col = x[j];
                Arrays.fill(present, 0);
                int presentCount = 0;
                for (int idx : s) {
                    if (inNode[idx]) {
                        addStats(present, idx, 1);
                        presentCount++;
                    }
                }
                if (presentCount < 2 * minSamplesLeaf) {
                    continue;
                }
                int missingCount = rows.length - presentCount;
                for (int c = 0; c < k; c++) {
                    missing[c] = nodeStats[c] - present[c];
                }
                Arrays.fill(leftS, 0);
                int leftCount = 0;
                double prev = Double.NaN;
                for (int idx : s) {
                    if (!inNode[idx]) {
                        continue;
                    }
                    double v = col[idx];
                    if (leftCount > 0 && v > prev) {
                        // candidate split between prev and v
                        for (int c = 0; c < k; c++) {
                            rightS[c] = present[c] - leftS[c];
                        }
                        int rightCount = presentCount - leftCount;
                        double thr = prev + (v - prev) / 2;
                        if (thr == v) {
                            thr = prev;
                        }
                        // missing rows left
                        if (leftCount + missingCount >= minSamplesLeaf && rightCount >= minSamplesLeaf) {
                            for (int c = 0; c < k; c++) {
                                lm[c] = leftS[c] + missing[c];
                            }
                            double gain = parent - cost(lm) - cost(rightS);
                            if (best == null || gain > best.gain + 1e-12) {
                                best = new Split(j, thr, true, gain);
                            }
                        }
                        if (missingCount > 0 && leftCount >= minSamplesLeaf && rightCount + missingCount >= minSamplesLeaf) {
                            for (int c = 0; c < k; c++) {
                                rm[c] = rightS[c] + missing[c];
                            }
                            double gain = parent - cost(leftS) - cost(rm);
                            if (best == null || gain > best.gain + 1e-12) {
                                best = new Split(j, thr, false, gain);
                            }
                        }
                    }
                    addStats(leftS, idx, 1);
                    leftCount++;
                    prev = v;
                }
            }
            return best;
        }

        private boolean[] mark;

        boolean[] membership(int[] rows) {
            if (mark == null) {
                mark = new boolean[n];
            } else {
                Arrays.fill(mark, false);
            }
            for (int i : rows) {
                mark[i] = true;
            }
            return mark;
        }
    }
}
