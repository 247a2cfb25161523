package dev.probity.monitor.perf;

import dev.probity.core.InputException;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A binary classifier's scores, decisions and labels counted in equal-width score bins — mergeable (windows, threads,
 * partitions) and kept without rows — from which performance is estimated before labels arrive, CBPE's way (see
 * {@link Cbpe}): a calibrated score p is the chance the row is positive, so a positive decision is a true positive with
 * probability p, a negative one a false negative with probability p, and summing over the rows gives the expected
 * confusion matrix.
 *
 * <p>Calibration is histogram binning (Zadrozny and Elkan 2001) on the labelled predictions counted: in each bin the
 * share of positive labels, shrunk towards the bin's middle score by {@value #PRIOR} pseudo-rows so that a bin with
 * few labels is not taken at its word. Row-based {@link Cbpe} calibrates with isotonic regression instead; this sketch
 * trades that for merging without rows. Both assume P(label | score) has not changed since the labelled rows (no
 * concept drift).
 */
public final class ScoreSketch {
    /** Bins of the score's [0, 1] range. */
    public static final int BINS = 50;
    /** Pseudo-rows at the bin's middle score that each bin's calibration starts from. */
    public static final double PRIOR = 5;
    private static final int MAGIC = 0x50525353; // "PRSS"

    private final long[] rows = new long[BINS];
    private final long[] decidedPositive = new long[BINS];
    private final long[] labelled = new long[BINS];
    private final long[] labelledPositive = new long[BINS];
    private long unscored;

    /** Counts one prediction: its score (a probability of the positive class; NaN: none), its decision and, if known, its label. */
    public void add(double score, boolean decidedPositive, Boolean labelPositive) {
        if (Double.isNaN(score)) {
            unscored++;
            return;
        }
        int b = bin(score);
        rows[b]++;
        if (decidedPositive) {
            this.decidedPositive[b]++;
        }
        if (labelPositive != null) {
            label(b, labelPositive);
        }
    }

    /** Counts the label of a prediction counted earlier without one. */
    public void addLabel(double score, boolean labelPositive) {
        if (!Double.isNaN(score)) {
            label(bin(score), labelPositive);
        }
    }

    private void label(int b, boolean positive) {
        labelled[b]++;
        if (positive) {
            labelledPositive[b]++;
        }
    }

    static int bin(double score) {
        if (!(score >= 0 && score <= 1)) {
            throw new InputException("a score is a probability in [0, 1]; got " + score);
        }
        return Math.min(BINS - 1, (int) (score * BINS));
    }

    /** This sketch with {@code other}'s counts added; neither is changed. */
    public ScoreSketch merge(ScoreSketch other) {
        ScoreSketch out = new ScoreSketch();
        for (int b = 0; b < BINS; b++) {
            out.rows[b] = rows[b] + other.rows[b];
            out.decidedPositive[b] = decidedPositive[b] + other.decidedPositive[b];
            out.labelled[b] = labelled[b] + other.labelled[b];
            out.labelledPositive[b] = labelledPositive[b] + other.labelledPositive[b];
        }
        out.unscored = unscored + other.unscored;
        return out;
    }

    /** Predictions with a score. */
    public long rows() {
        return Arrays.stream(rows).sum();
    }

    /** Predictions counted without a score (left out of every estimate). */
    public long unscored() {
        return unscored;
    }

    /** Predictions whose label is counted. */
    public long labelled() {
        return Arrays.stream(labelled).sum();
    }

    /**
     * The calibration learnt from this sketch's labelled predictions: per bin, the chance a row is positive. Fails when
     * there are no labels to learn from.
     */
    public double[] calibration() {
        if (labelled() == 0) {
            throw new InputException("no labelled predictions to calibrate the scores on");
        }
        double[] p = new double[BINS];
        for (int b = 0; b < BINS; b++) {
            double middle = (b + 0.5) / BINS;
            p[b] = (labelledPositive[b] + PRIOR * middle) / (labelled[b] + PRIOR);
        }
        return p;
    }

    /**
     * The expected confusion matrix of this sketch's scored predictions under {@code calibration}, and from it the
     * estimated accuracy (with its sampling band: ± 1.96 standard deviations of the number of correct decisions, the
     * calibration taken as exact), true and false positive rates and selection rate.
     */
    public Estimate estimate(double[] calibration) {
        if (calibration.length != BINS) {
            throw new IllegalArgumentException("a calibration has " + BINS + " bins");
        }
        double tp = 0;
        double fp = 0;
        double fn = 0;
        double tn = 0;
        double var = 0;
        long n = 0;
        for (int b = 0; b < BINS; b++) {
            double p = calibration[b];
            long pos = decidedPositive[b];
            long neg = rows[b] - pos;
            tp += pos * p;
            fp += pos * (1 - p);
            fn += neg * p;
            tn += neg * (1 - p);
            // each row is correct with probability p (decided positive) or 1 − p (negative): a Bernoulli of variance p(1 − p)
            var += rows[b] * p * (1 - p);
            n += rows[b];
        }
        if (n == 0) {
            return new Estimate(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, 0);
        }
        double acc = (tp + tn) / n;
        double half = 1.96 * Math.sqrt(var) / n;
        return new Estimate(n, acc, Math.max(0, acc - half), Math.min(1, acc + half), tp / (tp + fn), fp / (fp + tn), (tp + fp) / n, tp, fp, fn,
                tn);
    }

    /**
     * An estimate.
     *
     * @param rows     scored predictions it is computed from
     * @param accuracy expected accuracy; {@code low}, {@code high}: its sampling band
     * @param tpr      expected true positive rate (recall)
     * @param fpr      expected false positive rate
     * @param selection the share decided positive (observed, not estimated)
     */
    public record Estimate(long rows, double accuracy, double low, double high, double tpr, double fpr, double selection, double tp, double fp,
                           double fn, double tn) {
    }

    /** Labelled predictions whose label is positive. */
    public long labelledPositive() {
        return Arrays.stream(labelledPositive).sum();
    }

    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + BINS * 4 * 8);
        b.putInt(MAGIC).putLong(unscored);
        for (long[] a : new long[][] {rows, decidedPositive, labelled, labelledPositive}) {
            for (long v : a) {
                b.putLong(v);
            }
        }
        return b.array();
    }

    public static ScoreSketch fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != 4 + 8 + BINS * 4 * 8) {
            throw new IllegalArgumentException("not a score sketch (" + (bytes == null ? "null" : bytes.length + " bytes") + ")");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.getInt() != MAGIC) {
            throw new IllegalArgumentException("not a score sketch");
        }
        ScoreSketch s = new ScoreSketch();
        s.unscored = b.getLong();
        for (long[] a : new long[][] {s.rows, s.decidedPositive, s.labelled, s.labelledPositive}) {
            for (int i = 0; i < BINS; i++) {
                a[i] = b.getLong();
            }
        }
        return s;
    }
}
