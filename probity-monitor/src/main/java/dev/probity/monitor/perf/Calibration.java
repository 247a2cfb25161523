package dev.probity.monitor.perf;

import dev.probity.core.InputException;
import dev.probity.core.stats.RocAuc;
import dev.probity.core.stats.SplitMix64;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * Turning a model's scores into probabilities, and NannyML's rule for whether to: CBPE reads a calibrated score as the
 * chance that the row is positive, so scores that are not calibrated on the reference are calibrated there first.
 *
 * <p>The rule ({@link #check}), as NannyML's {@code needs_calibration}:
 * <ol>
 *   <li>labels of one class, or a ROC AUC of the scores above 0.999: no calibration (scores that separate the classes
 *       that well cannot be improved);</li>
 *   <li>otherwise 10 stratified shuffle splits, each holding out 10% of the reference (test rows: ⌈0.1·n⌉, shared
 *       between the classes in proportion); on each, the calibrator is fitted on the other 90% and applied to the
 *       held-out rows;</li>
 *   <li>the held-out rows of all splits, pooled, give the expected calibration error (ECE) of the raw scores and of
 *       the calibrated ones ({@link #expectedCalibrationError}, 10 bins of equal count);</li>
 *   <li>calibration is needed when the raw ECE is strictly larger than the calibrated one.</li>
 * </ol>
 * NannyML draws the splits with numpy's generator seeded 42 (scikit-learn's {@code StratifiedShuffleSplit}); Probity
 * draws them with SplitMix64 seeded 42, so which rows are held out differs and a case on the edge can be decided the
 * other way. Ties among scores are sorted stably here (numpy's default sort is not stable), which decides which of
 * several equal scores fall into a bin at its edge.
 */
public final class Calibration {
    private Calibration() {
    }

    /** How scores are calibrated. */
    public enum Method {
        /** Isotonic regression ({@link Isotonic}), NannyML's default and only built-in calibrator. */
        ISOTONIC("isotonic"),
        /** Platt's logistic scaling ({@link Platt}). */
        PLATT("platt"),
        /** The scores are taken as probabilities as they are. */
        NONE("none");

        private final String id;

        Method(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** When the calibrator is applied. */
    public enum When {
        /** When it lowers the expected calibration error on held-out reference rows (NannyML's rule). */
        IF_IT_HELPS,
        /** Always. */
        ALWAYS
    }

    /**
     * The rule's settings.
     *
     * @param bins      bins of the expected calibration error (NannyML: 10)
     * @param splits    shuffle splits (NannyML: 10)
     * @param testShare share of the reference held out in each split (NannyML: 0.1)
     * @param seed      seed of the splits (NannyML: 42, of numpy's generator)
     */
    public record Rule(int bins, int splits, double testShare, long seed) {
        public Rule {
            if (bins < 2) {
                throw new InputException("the expected calibration error needs at least 2 bins; got " + bins);
            }
            if (splits < 1) {
                throw new InputException("the calibration check needs at least 1 split; got " + splits);
            }
            if (!(testShare > 0 && testShare < 1)) {
                throw new InputException("the share held out is between 0 and 1; got " + testShare);
            }
        }

        public static Rule defaults() {
            return new Rule(10, 10, 0.1, 42);
        }
    }

    /**
     * What the rule found.
     *
     * @param method           the calibrator considered
     * @param applied          whether the scores are calibrated
     * @param eceRaw           the expected calibration error of the raw scores on the held-out rows (NaN where not computed)
     * @param eceCalibrated    the same after calibration (NaN where not computed)
     * @param reason           why, in words
     */
    public record Check(Method method, boolean applied, double eceRaw, double eceCalibrated, String reason) {
    }

    /** Fits {@code method} on scores and labels; the result maps a score to a probability. */
    public static DoubleUnaryOperator fit(Method method, double[] scores, int[] labels) {
        return switch (method) {
            case ISOTONIC -> {
                double[] y = new double[labels.length];
                for (int i = 0; i < y.length; i++) {
                    y[i] = labels[i];
                }
                yield Isotonic.fit(scores, y)::predict;
            }
            case PLATT -> Platt.fit(scores, labels)::predict;
            case NONE -> s -> s;
        };
    }

    /**
     * Whether {@code method} should calibrate these reference scores, by NannyML's rule (see the class comment).
     *
     * @param scores probabilities in [0, 1]
     * @param labels 0 or 1
     */
    public static Check check(double[] scores, int[] labels, Method method, When when, Rule rule) {
        if (method == Method.NONE) {
            return new Check(method, false, Double.NaN, Double.NaN, "calibration turned off: the scores are taken as probabilities");
        }
        if (when == When.ALWAYS) {
            return new Check(method, true, Double.NaN, Double.NaN, "calibration asked for always");
        }
        int n = scores.length;
        int pos = 0;
        for (int l : labels) {
            pos += l;
        }
        if (pos == 0 || pos == n) {
            return new Check(method, false, Double.NaN, Double.NaN, "the labels hold one class: nothing to calibrate against");
        }
        boolean[] positive = new boolean[n];
        for (int i = 0; i < n; i++) {
            positive[i] = labels[i] == 1;
        }
        double auc = RocAuc.of(scores, positive);
        if (auc > 0.999) {
            return new Check(method, false, Double.NaN, Double.NaN,
                    String.format(Locale.ROOT, "the scores' ROC AUC is %.4f (> 0.999): they separate the classes, calibration cannot improve them", auc));
        }
        if (Math.min(pos, n - pos) < 2) {
            throw new InputException("the calibration check needs at least 2 rows of each class in the reference; it has " + pos
                    + " positive and " + (n - pos) + " negative");
        }
        int test = (int) Math.ceil(rule.testShare() * n);
        if (test >= n) {
            throw new InputException("the reference has " + n + " rows: too few to hold out " + test + " for the calibration check");
        }
        int[] neg = new int[n - pos];
        int[] posRows = new int[pos];
        for (int i = 0, a = 0, b = 0; i < n; i++) {
            if (labels[i] == 1) {
                posRows[a++] = i;
            } else {
                neg[b++] = i;
            }
        }
        // test rows per class: proportional, remainders to the larger fractional part (a tie to the positive class)
        double exactPos = (double) test * pos / n;
        int testPos = (int) Math.floor(exactPos);
        int testNeg = (int) Math.floor((double) test * (n - pos) / n);
        if (testPos + testNeg < test) {
            double fracPos = exactPos - testPos;
            double fracNeg = (double) test * (n - pos) / n - testNeg;
            if (fracPos >= fracNeg) {
                testPos++;
            } else {
                testNeg++;
            }
        }
        int total = rule.splits() * (testPos + testNeg);
        double[] raw = new double[total];
        double[] cal = new double[total];
        int[] truth = new int[total];
        int at = 0;
        for (int s = 0; s < rule.splits(); s++) {
            SplitMix64 rng = SplitMix64.stream(rule.seed(), s);
            boolean[] held = new boolean[n];
            pick(posRows, testPos, rng, held);
            pick(neg, testNeg, rng, held);
            int trainN = n - testPos - testNeg;
            double[] ts = new double[trainN];
            int[] tl = new int[trainN];
            for (int i = 0, j = 0; i < n; i++) {
                if (!held[i]) {
                    ts[j] = scores[i];
                    tl[j++] = labels[i];
                }
            }
            DoubleUnaryOperator c = fit(method, ts, tl);
            for (int i = 0; i < n; i++) {
                if (held[i]) {
                    raw[at] = scores[i];
                    cal[at] = c.applyAsDouble(scores[i]);
                    truth[at++] = labels[i];
                }
            }
        }
        double before = expectedCalibrationError(raw, truth, rule.bins());
        double after = expectedCalibrationError(cal, truth, rule.bins());
        boolean needed = before > after;
        String why = String.format(Locale.ROOT, "expected calibration error on held-out reference rows: %.4f raw, %.4f %s — %s", before, after,
                method.id(), needed ? "calibrated, since that is lower" : "left raw, since calibrating does not lower it");
        return new Check(method, needed, before, after, why);
    }

    /** Marks {@code k} of {@code rows} at random (a partial Fisher–Yates shuffle). */
    private static void pick(int[] rows, int k, SplitMix64 rng, boolean[] held) {
        int[] r = rows.clone();
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(r.length - i);
            int t = r[i];
            r[i] = r[j];
            r[j] = t;
            held[r[i]] = true;
        }
    }

    /**
     * NannyML's expected calibration error: the rows sorted by probability (stably), cut into bins of equal count, and
     * Σ (bin size / n)·|mean probability − share positive| over the bins. Bins: with n rows and b bins asked for, b
     * becomes ⌊n/2⌋ when n ≤ 2b (at least 2 are needed); each bin holds ⌊n/b⌋ rows and the last also holds the rest.
     */
    public static double expectedCalibrationError(double[] p, int[] y, int bins) {
        int n = p.length;
        if (y.length != n) {
            throw new InputException("the calibration error needs one label per probability; got " + n + " and " + y.length);
        }
        int b = bins;
        if (n <= 2 * b) {
            b = n / 2;
            if (b < 2) {
                throw new InputException("the calibration error needs at least 2 bins of 2 rows; there are " + n + " rows");
            }
        }
        int width = n / b;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (u, v) -> Double.compare(p[u], p[v]));
        // edges 0, width, 2·width, … up to n, the last moved to n
        int edges = n / width + 1;
        double ece = 0;
        for (int e = 0; e + 1 < edges; e++) {
            int from = e * width;
            int to = e + 2 == edges ? n : (e + 1) * width;
            double sp = 0;
            double sy = 0;
            for (int k = from; k < to; k++) {
                sp += p[order[k]];
                sy += y[order[k]];
            }
            int size = to - from;
            ece += (double) size / n * Math.abs(sp / size - sy / size);
        }
        return ece;
    }
}
