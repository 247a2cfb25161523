package dev.probity.fairness.stats;

import dev.probity.core.model.TaskKind;
import java.util.Arrays;

/**
 * The mergeable sufficient statistics of one group of rows (one value of a protected attribute, or one
 * intersection of several). Every metric in the catalogue is a function of these; two groups' statistics
 * merge by addition, so chunks, threads, files, SQL engines and time windows combine exactly.
 *
 * <ul>
 *   <li>binary tasks: the confusion counts, indexed {@code label * 2 + prediction} (TN, FP, FN, TP), their
 *       weight sums and sums of squared weights (for Kish's effective sample size);</li>
 *   <li>with scores: the exact {@link ScoreHistogram};</li>
 *   <li>multiclass: the K×K confusion matrix (rows = label, columns = prediction), counts and weights;</li>
 *   <li>regression: {@link RegressionMoments} and a {@link QuantileSketch} of the predictions (unweighted;
 *       in-memory engine only).</li>
 * </ul>
 */
public final class GroupStats {
    private final TaskKind kind;
    final long[] counts;
    final double[] weights;
    final double[] weightSquares;
    ScoreHistogram scores;
    final int classes;
    RegressionMoments moments;
    QuantileSketch predictionSketch;

    /**
     * @param kind the task
     * @param weighted whether rows carry weights
     * @param withScores binary tasks with a score column
     * @param classes number of classes for multiclass tasks (else ignored)
     */
    public GroupStats(TaskKind kind, boolean weighted, boolean withScores, int classes) {
        this.kind = kind;
        this.classes = kind == TaskKind.MULTICLASS ? classes : 0;
        int cells = switch (kind) {
            case BINARY -> 4;
            case MULTICLASS -> classes * classes;
            case REGRESSION -> 1;
        };
        this.counts = new long[cells];
        this.weights = weighted ? new double[cells] : null;
        this.weightSquares = weighted ? new double[cells] : null;
        this.scores = withScores && kind == TaskKind.BINARY ? new ScoreHistogram() : null;
        if (kind == TaskKind.REGRESSION) {
            moments = new RegressionMoments();
            predictionSketch = new QuantileSketch();
        }
    }

    public TaskKind kind() {
        return kind;
    }

    public boolean weighted() {
        return weights != null;
    }

    /** Number of rows (unweighted). */
    public long rows() {
        if (kind == TaskKind.REGRESSION) {
            return moments.count();
        }
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /** Total weight (the row count when unweighted). */
    public double size() {
        if (kind == TaskKind.REGRESSION) {
            return moments.weight();
        }
        if (weights == null) {
            return rows();
        }
        double s = 0;
        for (double w : weights) {
            s += w;
        }
        return s;
    }

    // ------------------------------------------------------------ binary

    /** Weighted confusion (equal to {@link #counts()} when unweighted). */
    public Confusion confusion() {
        requireKind(TaskKind.BINARY);
        return weights == null ? Confusion.ofCells(counts) : Confusion.ofCells(weights);
    }

    /** Unweighted confusion counts. */
    public Confusion counts() {
        requireKind(TaskKind.BINARY);
        return Confusion.ofCells(counts);
    }

    /**
     * Kish's effective sample size (Σw)²/Σw² of the rows in the given cells ({@code label*2+prediction});
     * the plain count when unweighted.
     */
    public double effectiveSize(int... cells) {
        double n = 0;
        double w = 0;
        double w2 = 0;
        for (int c : cells) {
            n += counts[c];
            if (weights != null) {
                w += weights[c];
                w2 += weightSquares[c];
            }
        }
        if (weights == null) {
            return n;
        }
        return w2 > 0 ? w * w / w2 : 0;
    }

    public ScoreHistogram scores() {
        return scores == null ? null : scores.seal();
    }

    // ------------------------------------------------------------ multiclass

    public int classes() {
        return classes;
    }

    /** Weight (or count) of rows with label class {@code y} predicted as {@code p}. */
    public double cell(int y, int p) {
        int i = y * classes + p;
        return weights == null ? counts[i] : weights[i];
    }

    public long cellCount(int y, int p) {
        return counts[y * classes + p];
    }

    /** One-vs-rest confusion for class {@code k} of a multiclass task. */
    public Confusion oneVsRest(int k) {
        requireKind(TaskKind.MULTICLASS);
        double tp = 0;
        double fp = 0;
        double fn = 0;
        double total = 0;
        for (int y = 0; y < classes; y++) {
            for (int p = 0; p < classes; p++) {
                double v = cell(y, p);
                total += v;
                if (y == k && p == k) {
                    tp += v;
                } else if (p == k) {
                    fp += v;
                } else if (y == k) {
                    fn += v;
                }
            }
        }
        return new Confusion(tp, fp, total - tp - fp - fn, fn);
    }

    // ------------------------------------------------------------ regression

    public RegressionMoments moments() {
        return moments;
    }

    /** The quantile sketch of predictions (null from the SQL engine). */
    public QuantileSketch predictionSketch() {
        return predictionSketch;
    }

    // ------------------------------------------------------------ accumulation

    /** Adds a binary row ({@code cell = label * 2 + prediction}). */
    public void addBinary(int cell, double weight) {
        counts[cell]++;
        if (weights != null) {
            weights[cell] += weight;
            weightSquares[cell] += weight * weight;
        }
    }

    public void addMulticlass(int y, int p, double weight) {
        int i = y * classes + p;
        counts[i]++;
        if (weights != null) {
            weights[i] += weight;
            weightSquares[i] += weight * weight;
        }
    }

    public void addRegression(double y, double p, double weight) {
        moments.add(y, p, weight);
        counts[0]++;
        if (weights != null) {
            weights[0] += weight;
            weightSquares[0] += weight * weight;
        }
        predictionSketch.add(p);
    }

    /** Adds counts computed elsewhere (SQL engine, bootstrap). */
    public void addCell(int cell, long count, double weight, double weightSquare) {
        counts[cell] += count;
        if (weights != null) {
            weights[cell] += weight;
            weightSquares[cell] += weightSquare;
        }
    }

    public void setScores(ScoreHistogram h) {
        this.scores = h;
    }

    public void setMoments(RegressionMoments m) {
        this.moments = m;
        this.predictionSketch = null;
    }

    /** Adds another group's statistics into this one. */
    public GroupStats merge(GroupStats o) {
        if (o.kind != kind || o.counts.length != counts.length || (o.weights == null) != (weights == null)) {
            throw new IllegalArgumentException("cannot merge statistics of different shapes");
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += o.counts[i];
        }
        if (weights != null) {
            for (int i = 0; i < weights.length; i++) {
                weights[i] += o.weights[i];
                weightSquares[i] += o.weightSquares[i];
            }
        }
        if (scores != null && o.scores != null) {
            scores = scores.merge(o.scores);
        } else if (o.scores != null) {
            scores = o.scores.seal();
        }
        if (kind == TaskKind.REGRESSION) {
            moments.merge(o.moments);
            if (predictionSketch != null && o.predictionSketch != null) {
                predictionSketch.merge(o.predictionSketch);
            } else {
                predictionSketch = null;
            }
        }
        return this;
    }

    /** The same multiclass statistics with class i renumbered {@code map[i]} among {@code classes} classes. */
    GroupStats remapClasses(int[] map, int newClasses) {
        GroupStats g = new GroupStats(kind, weights != null, false, newClasses);
        for (int y = 0; y < classes; y++) {
            for (int p = 0; p < classes; p++) {
                int from = y * classes + p;
                int to = map[y] * newClasses + map[p];
                g.counts[to] += counts[from];
                if (weights != null) {
                    g.weights[to] += weights[from];
                    g.weightSquares[to] += weightSquares[from];
                }
            }
        }
        return g;
    }

    /** A new object with both groups' rows; neither changes. */
    public GroupStats plus(GroupStats o) {
        return copy().merge(o);
    }

    /** A deep copy. */
    public GroupStats copy() {
        GroupStats g = new GroupStats(kind, weights != null, false, classes);
        g.merge(this);
        if (scores != null) {
            g.scores = scores.seal();
        }
        return g;
    }

    private void requireKind(TaskKind k) {
        if (kind != k) {
            throw new IllegalStateException("statistics are for a " + kind + " task, not " + k);
        }
    }

    /** Raw cell counts; do not modify. */
    public long[] cellCounts() {
        return counts;
    }

    /** Raw cell weights, or null when unweighted; do not modify. */
    public double[] cellWeights() {
        return weights;
    }

    /** Same counts and weights (exactly), same score histogram, same moments (to rounding). */
    public boolean sameAs(GroupStats o, double relativeTolerance) {
        if (kind != o.kind || !Arrays.equals(counts, o.counts)) {
            return false;
        }
        if ((weights == null) != (o.weights == null)) {
            return false;
        }
        if (weights != null && !(close(weights, o.weights, relativeTolerance)
                && close(weightSquares, o.weightSquares, relativeTolerance))) {
            return false;
        }
        if ((scores == null) != (o.scores == null) || (scores != null && !scores.equals(o.scores))) {
            return false;
        }
        if (kind == TaskKind.REGRESSION) {
            RegressionMoments a = moments;
            RegressionMoments b = o.moments;
            return a.count == b.count && close(a.fields(), b.fields(), relativeTolerance)
                    && (predictionSketch == null || o.predictionSketch == null || predictionSketch.equals(o.predictionSketch));
        }
        return true;
    }

    private static boolean close(double[] a, double[] b, double tol) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > tol * Math.max(1, Math.max(Math.abs(a[i]), Math.abs(b[i])))) {
                return false;
            }
        }
        return true;
    }
}
