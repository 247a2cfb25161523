package dev.probity.fairness.data;

import dev.probity.core.InputException;
import dev.probity.core.frame.BooleanColumn;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.Numbers;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.Probabilities;
import dev.probity.core.model.TrainingSet;
import dev.probity.core.stats.Interval;
import dev.probity.core.stats.Normal;
import dev.probity.core.stats.RocAuc;
import dev.probity.core.stats.SplitMix64;
import dev.probity.fairness.data.DataAudit.Coded;
import dev.probity.fairness.data.DataAuditResult.JointModel;
import dev.probity.fairness.data.DataAuditResult.Proxies;
import dev.probity.fairness.data.DataAuditResult.Proxy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * How well each feature predicts a protected attribute. A feature's values (numbers in quantile bins) form a
 * table against the attribute's groups; mutual information and Cramér's V are read off it. The ROC AUC is that of
 * the one-feature model "each value's group shares", learnt on the other folds and scored on held-out rows, so that
 * an identifier-like column with a value per row does not look like a perfect proxy.
 */
final class ProxyMeasures {
    /** Features with more distinct values are not tested (an identifier has nothing to learn from). */
    static final int MAX_LEVELS = 100_000;
    /** Values sampled to find a numeric feature's bin edges. */
    static final int SAMPLE = 100_000;
    /** The weight of the prior in a value's held-out group share (an m-estimate with m = 1). */
    static final double PRIOR_WEIGHT = 1;

    private ProxyMeasures() {
    }

    /** A feature as level codes {@code 0..levels-1}. */
    record Encoded(int[] codes, int levels, String encoding) {}

    /** {@code fold}: each row's held-out fold, drawn once for every attribute of the report. */
    static Proxies of(Coded g, Frame frame, List<String> features, DataAuditSpec spec, byte[] fold, Consumer<String> warnings) {
        List<String> notes = new ArrayList<>();
        if (g.count() < 2) {
            notes.add("'" + g.attribute() + "' has one group: nothing to predict");
            return new Proxies(g.attribute(), List.of(), null, notes);
        }
        int n = g.codes().length;
        int folds = spec.folds();
        List<Proxy> out = new ArrayList<>();
        List<String> used = new ArrayList<>();
        for (String f : features) {
            Column c = frame.column(f);
            Encoded e = encode(frame, c, spec.bins(), spec.seed());
            if (e == null) {
                notes.add(f + ": more than " + MAX_LEVELS + " distinct values (an identifier?), not tested");
                continue;
            }
            used.add(f);
            out.add(measure(f, e, g, fold, folds, spec.confidence()));
        }
        out.sort(Comparator.comparingDouble((Proxy p) -> -p.auc()).thenComparingDouble(p -> -p.mutualInformation())
                .thenComparing(Proxy::feature));
        JointModel joint = null;
        if (spec.proxyModel() != null && !used.isEmpty()) {
            try {
                joint = joint(g, frame, used, spec);
            } catch (InputException | IllegalArgumentException | UnsupportedOperationException ex) {
                String why = "the model on all features could not be trained: " + ex.getMessage();
                notes.add(why);
                warnings.accept(why);
            }
        }
        return new Proxies(g.attribute(), out, joint, notes);
    }

    static byte[] folds(int n, int folds, long seed) {
        byte[] f = new byte[n];
        for (int i = 0; i < n; i++) {
            f[i] = (byte) (SplitMix64.uniform(seed, i) * folds);
        }
        return f;
    }

    static Encoded encode(Frame frame, Column c, int bins, long seed) {
        int n = c.size();
        switch (c) {
            case StringColumn s -> {
                int levels = s.cardinality() + (s.missing().any() ? 1 : 0);
                if (levels > MAX_LEVELS) {
                    return null;
                }
                int[] src = s.codes();
                int miss = s.cardinality();
                int[] codes = new int[n];
                for (int i = 0; i < n; i++) {
                    codes[i] = src[i] < 0 ? miss : src[i];
                }
                return new Encoded(codes, Math.max(levels, 1), "categorical, " + s.cardinality() + " values"
                        + (s.missing().any() ? " and missing" : ""));
            }
            case BooleanColumn b -> {
                int[] codes = new int[n];
                boolean[] v = b.values();
                for (int i = 0; i < n; i++) {
                    codes[i] = b.isMissing(i) ? 2 : v[i] ? 1 : 0;
                }
                return new Encoded(codes, 3, "boolean");
            }
            default -> {
                // an infinite value is refused as every workflow refuses it: it says nothing a bin could hold
                return numeric(Numbers.finite(frame, c, "feature"), bins, seed);
            }
        }
    }

    private static Encoded numeric(double[] x, int bins, long seed) {
        int n = x.length;
        int present = 0;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                present++;
            }
        }
        double[] sample;
        if (present <= SAMPLE) {
            sample = new double[present];
            int j = 0;
            for (double v : x) {
                if (!Double.isNaN(v)) {
                    sample[j++] = v;
                }
            }
        } else {
            sample = new double[SAMPLE];
            SplitMix64 rng = SplitMix64.stream(seed, 1);
            int j = 0;
            while (j < SAMPLE) {
                double v = x[rng.nextInt(n)];
                if (!Double.isNaN(v)) {
                    sample[j++] = v;
                }
            }
        }
        Arrays.sort(sample);
        double[] distinct = distinct(sample);
        int missing = present < n ? 1 : 0;
        if (distinct.length <= bins) {
            // few values: each is a level, if the whole column agrees with the sample
            int[] codes = new int[n];
            boolean all = true;
            for (int i = 0; i < n && all; i++) {
                double v = x[i];
                if (Double.isNaN(v)) {
                    codes[i] = distinct.length;
                } else {
                    int k = Arrays.binarySearch(distinct, v);
                    if (k < 0) {
                        all = false;
                    } else {
                        codes[i] = k;
                    }
                }
            }
            if (all) {
                return new Encoded(codes, Math.max(distinct.length + missing, 1), "numeric, " + distinct.length + " values"
                        + (missing > 0 ? " and missing" : ""));
            }
        }
        // quantile bins: edges at the sample's j/bins quantiles, repeated edges merged
        double[] edges = new double[bins - 1];
        int m = 0;
        for (int j = 1; j < bins; j++) {
            double e = sample[(int) ((long) j * sample.length / bins)];
            if (m == 0 || e > edges[m - 1]) {
                edges[m++] = e;
            }
        }
        edges = Arrays.copyOf(edges, m);
        int[] codes = new int[n];
        for (int i = 0; i < n; i++) {
            double v = x[i];
            codes[i] = Double.isNaN(v) ? m + 1 : upper(edges, v);
        }
        return new Encoded(codes, m + 1 + missing, "numeric, " + (m + 1) + " quantile bins" + (missing > 0 ? " and missing" : ""));
    }

    /** The number of edges at or below v. */
    private static int upper(double[] edges, double v) {
        int lo = 0;
        int hi = edges.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double[] distinct(double[] sorted) {
        double[] d = new double[sorted.length];
        int m = 0;
        for (double v : sorted) {
            if (m == 0 || v != d[m - 1]) {
                d[m++] = v;
            }
        }
        return Arrays.copyOf(d, m);
    }

    static Proxy measure(String name, Encoded e, Coded g, byte[] fold, int folds, double level) {
        int k = g.count();
        int levels = e.levels();
        int[] y = g.codes();
        int[] x = e.codes();
        int n = y.length;
        // counts per fold, level and group
        int[][] cnt = new int[folds][levels * k];
        for (int i = 0; i < n; i++) {
            cnt[fold[i]][x[i] * k + y[i]]++;
        }
        long[] total = new long[levels * k];
        long[][] foldGroup = new long[folds][k];
        for (int f = 0; f < folds; f++) {
            int[] c = cnt[f];
            for (int l = 0; l < levels; l++) {
                for (int t = 0; t < k; t++) {
                    int v = c[l * k + t];
                    total[l * k + t] += v;
                    foldGroup[f][t] += v;
                }
            }
        }
        long[] rowTotal = new long[levels];
        long[] groupTotal = new long[k];
        for (int l = 0; l < levels; l++) {
            for (int t = 0; t < k; t++) {
                rowTotal[l] += total[l * k + t];
                groupTotal[t] += total[l * k + t];
            }
        }
        // mutual information (bits) and Pearson's chi-square for Cramér's V
        double mi = 0;
        double chi = 0;
        int rowsUsed = 0;
        for (int l = 0; l < levels; l++) {
            if (rowTotal[l] > 0) {
                rowsUsed++;
            }
        }
        int colsUsed = 0;
        double hy = 0;
        for (int t = 0; t < k; t++) {
            if (groupTotal[t] > 0) {
                colsUsed++;
                double p = (double) groupTotal[t] / n;
                hy -= p * log2(p);
            }
        }
        for (int l = 0; l < levels; l++) {
            if (rowTotal[l] == 0) {
                continue;
            }
            for (int t = 0; t < k; t++) {
                double o = total[l * k + t];
                double ex = (double) rowTotal[l] * groupTotal[t] / n;
                if (ex > 0) {
                    chi += (o - ex) * (o - ex) / ex;
                }
                if (o > 0) {
                    mi += o / n * log2(o * n / ((double) rowTotal[l] * groupTotal[t]));
                }
            }
        }
        mi = Math.max(0, mi);
        int dmin = Math.min(rowsUsed, colsUsed) - 1;
        double v = dmin <= 0 ? 0 : Math.sqrt(chi / ((double) n * dmin));
        double u = hy > 0 ? mi / hy : 0;
        // cross-fitted one-against-the-rest AUCs
        double auc = 0;
        double var = 0;
        double weight = 0;
        int targets = k == 2 ? 1 : k;
        for (int t = 0; t < targets; t++) {
            long pos = groupTotal[t];
            long neg = n - pos;
            if (pos == 0 || neg == 0) {
                continue;
            }
            // the AUC within each held-out fold, averaged with weights positives × negatives: a fold's own prevalence,
            // which its training folds' prior mirrors, then cannot push a feature without information below 0.5
            double aucSum = 0;
            double pairs = 0;
            for (int f = 0; f < folds; f++) {
                double[] score = new double[levels];
                double[] wp = new double[levels];
                double[] wn = new double[levels];
                int m = 0;
                long foldRows = 0;
                for (int s2 = 0; s2 < k; s2++) {
                    foldRows += foldGroup[f][s2];
                }
                long trainRows = n - foldRows;
                double prior = trainRows == 0 ? (double) pos / n : (double) (pos - foldGroup[f][t]) / trainRows;
                int[] c = cnt[f];
                double fp = 0;
                double fn = 0;
                for (int l = 0; l < levels; l++) {
                    long held = 0;
                    for (int s2 = 0; s2 < k; s2++) {
                        held += c[l * k + s2];
                    }
                    if (held == 0) {
                        continue;
                    }
                    long trainLevel = rowTotal[l] - held;
                    long trainPos = total[l * k + t] - c[l * k + t];
                    score[m] = (trainPos + PRIOR_WEIGHT * prior) / (trainLevel + PRIOR_WEIGHT);
                    wp[m] = c[l * k + t];
                    wn[m] = held - c[l * k + t];
                    fp += wp[m];
                    fn += wn[m];
                    m++;
                }
                if (fp == 0 || fn == 0) {
                    continue;
                }
                aucSum += fp * fn * aucOf(score, wp, wn, m);
                pairs += fp * fn;
            }
            if (pairs == 0) {
                continue;
            }
            double a = aucSum / pairs;
            double w = k == 2 ? 1 : (double) pos / n;
            auc += w * a;
            var += w * w * hanleyMcNeilVariance(a, pos, neg);
            weight += w;
        }
        auc /= weight;
        double se = Math.sqrt(var) / weight;
        return new Proxy(name, e.encoding(), e.levels(), mi, u, v, auc, interval(auc, se, level), strength(auc));
    }

    /** AUC from weighted (score, positives, negatives) entries in any order. */
    static double aucOf(double[] score, double[] wp, double[] wn, int m) {
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
        double[] p = new double[m];
        double[] q = new double[m];
        int d = -1;
        for (int j = 0; j < m; j++) {
            int i = order[j];
            if (j == 0 || Double.compare(score[i], score[order[j - 1]]) != 0) {
                d++;
            }
            p[d] += wp[i];
            q[d] += wn[i];
        }
        return RocAuc.fromTies(Arrays.copyOf(p, d + 1), Arrays.copyOf(q, d + 1));
    }

    /** Hanley and McNeil (Radiology 143:29, 1982), the variance of an AUC from its value and the two sample sizes. */
    static double hanleyMcNeilVariance(double a, double pos, double neg) {
        double q1 = a / (2 - a);
        double q2 = 2 * a * a / (1 + a);
        return (a * (1 - a) + (pos - 1) * (q1 - a * a) + (neg - 1) * (q2 - a * a)) / (pos * neg);
    }

    static Interval interval(double auc, double se, double level) {
        double z = Normal.quantile(0.5 + level / 2);
        return new Interval(Math.max(0, auc - z * se), Math.min(1, auc + z * se), level, "hanley-mcneil");
    }

    static String strength(double auc) {
        if (auc >= 0.8) {
            return "strong";
        }
        if (auc >= 0.7) {
            return "moderate";
        }
        if (auc >= 0.6) {
            return "weak";
        }
        return "negligible";
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    /** A model on all features, cross-validated on a seeded sample of rows: one group against the rest, averaged. */
    private static JointModel joint(Coded g, Frame frame, List<String> features, DataAuditSpec spec) {
        int n = g.codes().length;
        int[] rows = sample(n, spec.proxyModelRows(), spec.seed());
        Frame data = frame.select(rows);
        int k = g.count();
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            y[i] = g.codes()[rows[i]];
        }
        int folds = spec.folds();
        byte[] fold = folds(rows.length, folds, spec.seed() ^ 0x5DEECE66DL);
        double[][] held = new double[rows.length][];
        for (int f = 0; f < folds; f++) {
            List<Integer> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < rows.length; i++) {
                (fold[i] == f ? test : train).add(i);
            }
            if (test.isEmpty() || train.isEmpty()) {
                continue;
            }
            int[] tr = train.stream().mapToInt(Integer::intValue).toArray();
            int[] te = test.stream().mapToInt(Integer::intValue).toArray();
            int[] ytr = new int[tr.length];
            for (int i = 0; i < tr.length; i++) {
                ytr[i] = y[tr[i]];
            }
            Labels labels = Labels.classes(g.attribute(), Arrays.asList(g.names()), ytr);
            Model model = spec.proxyModel().fit(new TrainingSet(data.select(tr), features, labels, null, spec.seed()));
            Probabilities p = model.predictProba(data.select(te));
            for (int i = 0; i < te.length; i++) {
                double[] row = new double[k];
                for (int t = 0; t < Math.min(k, p.classes()); t++) {
                    row[t] = p.get(i, t);
                }
                held[te[i]] = row;
            }
        }
        double auc = 0;
        double var = 0;
        double weight = 0;
        int targets = k == 2 ? 1 : k;
        for (int t = 0; t < targets; t++) {
            int m = 0;
            long pos = 0;
            for (double[] h : held) {
                if (h != null) {
                    m++;
                }
            }
            for (int i = 0; i < rows.length; i++) {
                if (held[i] != null && y[i] == t) {
                    pos++;
                }
            }
            if (pos == 0 || pos == m) {
                continue;
            }
            // within each held-out fold, averaged with weights positives × negatives (as for one feature)
            double aucSum = 0;
            double pairs = 0;
            for (int f = 0; f < folds; f++) {
                List<Double> sc = new ArrayList<>();
                List<Boolean> ps = new ArrayList<>();
                for (int i = 0; i < rows.length; i++) {
                    if (held[i] != null && fold[i] == f) {
                        sc.add(held[i][t]);
                        ps.add(y[i] == t);
                    }
                }
                long fp = ps.stream().filter(b -> b).count();
                long fn = ps.size() - fp;
                if (fp == 0 || fn == 0) {
                    continue;
                }
                double[] score = sc.stream().mapToDouble(Double::doubleValue).toArray();
                boolean[] isPos = new boolean[ps.size()];
                for (int i = 0; i < isPos.length; i++) {
                    isPos[i] = ps.get(i);
                }
                aucSum += (double) fp * fn * RocAuc.of(score, isPos);
                pairs += (double) fp * fn;
            }
            if (pairs == 0) {
                continue;
            }
            double a = aucSum / pairs;
            double w = k == 2 ? 1 : (double) g.sizes()[t] / n;
            auc += w * a;
            var += w * w * hanleyMcNeilVariance(a, pos, m - pos);
            weight += w;
        }
        if (weight == 0) {
            return null;
        }
        auc /= weight;
        double se = Math.sqrt(var) / weight;
        return new JointModel(spec.proxyModel().algorithm(), rows.length, folds, auc, interval(auc, se, spec.confidence()),
                strength(auc));
    }

    /** A seeded sample of {@code m} row indices out of {@code n}, ascending (all rows when n ≤ m). */
    static int[] sample(int n, int m, long seed) {
        if (n <= m) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        // Floyd's algorithm: m distinct indices without an n-sized array
        java.util.BitSet chosen = new java.util.BitSet(n);
        SplitMix64 rng = SplitMix64.stream(seed, 2);
        for (int j = n - m; j < n; j++) {
            int t = rng.nextInt(j + 1);
            chosen.set(chosen.get(t) ? j : t);
        }
        int[] out = new int[m];
        int i = 0;
        for (int r = chosen.nextSetBit(0); r >= 0; r = chosen.nextSetBit(r + 1)) {
            out[i++] = r;
        }
        return out;
    }
}
