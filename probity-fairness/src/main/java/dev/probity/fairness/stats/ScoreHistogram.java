package dev.probity.fairness.stats;

import java.util.Arrays;

/**
 * The exact joint distribution of scores, labels and predictions within a group: for each distinct score,
 * the weight and count of rows in each confusion cell ({@code label * 2 + prediction}: TN, FP, FN, TP).
 * Everything score-based — ROC AUC with ties, Brier score, log loss, calibration by bins, quantiles — is a
 * function of this table, so it merges exactly across chunks, files and engines, and a bootstrap can
 * resample it per (score, cell) category even when the prediction is not a threshold of the score. Memory
 * is proportional to the number of distinct scores.
 */
public final class ScoreHistogram {
    private double[] values;
    /** Per value, four cells: index {@code value * 4 + cell}. */
    private double[] weights;
    private long[] counts;
    private int size;
    private long[] keys;
    private int[] slots;
    private boolean sealed;
    private double[] pos;
    private double[] neg;
    private long[] posCount;
    private long[] negCount;

    public ScoreHistogram() {
        values = new double[8];
        weights = new double[32];
        counts = new long[32];
        keys = new long[16];
        slots = new int[16];
    }

    private ScoreHistogram(double[] values, double[] weights, long[] counts) {
        this.values = values;
        this.weights = weights;
        this.counts = counts;
        this.size = values.length;
        this.sealed = true;
        summarize();
    }

    /**
     * A sealed histogram from sorted distinct values and, per value, four cells (TN, FP, FN, TP) of weights
     * and counts, laid out {@code value * 4 + cell}.
     */
    public static ScoreHistogram of(double[] values, double[] weights, long[] counts) {
        for (int i = 1; i < values.length; i++) {
            if (!(values[i] > values[i - 1])) {
                throw new IllegalArgumentException("score values must be sorted and distinct");
            }
        }
        if (weights.length != values.length * 4 || counts.length != values.length * 4) {
            throw new IllegalArgumentException("four cells per value expected");
        }
        return new ScoreHistogram(values.clone(), weights.clone(), counts.clone());
    }

    /** Adds one row: its score (not NaN; -0.0 counts as 0.0), confusion cell and weight. */
    public void add(double score, int cell, double weight) {
        if (sealed) {
            throw new IllegalStateException("sealed");
        }
        if (score == 0) {
            score = 0.0;
        }
        long bits = Double.doubleToRawLongBits(score);
        int mask = keys.length - 1;
        int s = hash(bits) & mask;
        int index;
        while (true) {
            int slot = slots[s];
            if (slot == 0) {
                index = insert(score) - 1;
                slots[s] = index + 1;
                keys[s] = bits;
                if (size * 2 > keys.length) {
                    rehash();
                }
                break;
            }
            if (keys[s] == bits) {
                index = slot - 1;
                break;
            }
            s = (s + 1) & mask;
        }
        int i = index * 4 + cell;
        weights[i] += weight;
        counts[i]++;
    }

    private static int hash(long bits) {
        int h = (int) (bits ^ (bits >>> 29) ^ (bits >>> 43)) * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private int insert(double score) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
            weights = Arrays.copyOf(weights, size * 8);
            counts = Arrays.copyOf(counts, size * 8);
        }
        values[size] = score;
        return ++size;
    }

    private void rehash() {
        long[] k = new long[keys.length * 2];
        int[] sl = new int[keys.length * 2];
        int mask = k.length - 1;
        for (int i = 0; i < size; i++) {
            long bits = Double.doubleToRawLongBits(values[i]);
            int s = hash(bits) & mask;
            while (sl[s] != 0) {
                s = (s + 1) & mask;
            }
            sl[s] = i + 1;
            k[s] = bits;
        }
        keys = k;
        slots = sl;
    }

    /** Sorts by score and stops accepting rows. Idempotent. */
    public ScoreHistogram seal() {
        if (sealed) {
            return this;
        }
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] v = new double[size];
        double[] w = new double[size * 4];
        long[] c = new long[size * 4];
        for (int i = 0; i < size; i++) {
            int j = order[i];
            v[i] = values[j];
            System.arraycopy(weights, j * 4, w, i * 4, 4);
            System.arraycopy(counts, j * 4, c, i * 4, 4);
        }
        values = v;
        weights = w;
        counts = c;
        keys = null;
        slots = null;
        sealed = true;
        summarize();
        return this;
    }

    private void summarize() {
        pos = new double[size];
        neg = new double[size];
        posCount = new long[size];
        negCount = new long[size];
        for (int i = 0; i < size; i++) {
            neg[i] = weights[i * 4] + weights[i * 4 + 1];
            pos[i] = weights[i * 4 + 2] + weights[i * 4 + 3];
            negCount[i] = counts[i * 4] + counts[i * 4 + 1];
            posCount[i] = counts[i * 4 + 2] + counts[i * 4 + 3];
        }
    }

    /** The merge of two histograms (a new object). */
    public ScoreHistogram merge(ScoreHistogram other) {
        seal();
        other.seal();
        int n = size + other.size;
        double[] v = new double[n];
        double[] w = new double[n * 4];
        long[] c = new long[n * 4];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < size || j < other.size) {
            boolean takeThis = j >= other.size || (i < size && values[i] <= other.values[j]);
            boolean takeOther = i >= size || (j < other.size && other.values[j] <= values[i]);
            v[k] = takeThis ? values[i] : other.values[j];
            for (int cell = 0; cell < 4; cell++) {
                double ww = 0;
                long cc = 0;
                if (takeThis) {
                    ww += weights[i * 4 + cell];
                    cc += counts[i * 4 + cell];
                }
                if (takeOther) {
                    ww += other.weights[j * 4 + cell];
                    cc += other.counts[j * 4 + cell];
                }
                w[k * 4 + cell] = ww;
                c[k * 4 + cell] = cc;
            }
            if (takeThis) {
                i++;
            }
            if (takeOther) {
                j++;
            }
            k++;
        }
        return new ScoreHistogram(Arrays.copyOf(v, k), Arrays.copyOf(w, k * 4), Arrays.copyOf(c, k * 4));
    }

    public int distinct() {
        return size;
    }

    /** Sorted distinct scores; do not modify. */
    public double[] values() {
        seal();
        return values;
    }

    /** Per value, the weights of the four confusion cells, laid out {@code value * 4 + cell}; do not modify. */
    public double[] cellWeights() {
        seal();
        return weights;
    }

    /** Per value, the counts of the four confusion cells, laid out {@code value * 4 + cell}; do not modify. */
    public long[] cellCounts() {
        seal();
        return counts;
    }

    /** Weight of rows with a positive label, per value. */
    public double[] positiveWeights() {
        seal();
        return pos;
    }

    public double[] negativeWeights() {
        seal();
        return neg;
    }

    public long[] positiveCounts() {
        seal();
        return posCount;
    }

    public long[] negativeCounts() {
        seal();
        return negCount;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ScoreHistogram h)) {
            return false;
        }
        seal();
        h.seal();
        return Arrays.equals(values, h.values) && Arrays.equals(weights, h.weights) && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        seal();
        return Arrays.hashCode(values);
    }
}
