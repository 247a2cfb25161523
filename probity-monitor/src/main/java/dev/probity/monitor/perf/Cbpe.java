package dev.probity.monitor.perf;

import dev.probity.core.InputException;
import dev.probity.core.stats.RocAuc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Confidence-based performance estimation (CBPE), as NannyML does it for a binary classifier: the performance of a
 * model on data whose labels have not arrived, estimated from its scores alone.
 *
 * <p>A calibrated score p is the chance that the row is positive. A row predicted positive is then a true positive
 * with probability p and a false positive with probability 1 − p; a row predicted negative a false negative with
 * probability p and a true negative with 1 − p. Summed over a chunk these give the expected confusion matrix, and from
 * it accuracy, precision, recall, F1 and specificity. ROC AUC is estimated from the same expected counts at every
 * distinct score: the area under the curve whose true and false positive rates are those expected counts.
 *
 * <p>{@link #fit} learns on a reference — scores and labels the model was judged on — three things: whether the scores
 * need calibrating and the calibrator ({@link Calibration#check}); each metric's sampling error per row; and the alert
 * thresholds, the mean ± 3 standard deviations of the metric's realized value on the reference's chunks (NannyML's
 * {@code StandardDeviationThreshold}, clipped to [0, 1]). {@link Estimator#estimate} then gives, per chunk of new data,
 * each metric's estimate, its sampling error (NannyML's: the per-row standard deviation on the reference over
 * √(chunk rows × the reference's share of rows the metric counts)), the band estimate ± 3 sampling errors (clipped to
 * [0, 1]), the realized value where labels are present, and an alert when the estimate falls outside the thresholds.
 *
 * <p>The estimate is only as good as its assumptions: the scores, calibrated on the reference, are calibrated on the
 * new data too — P(y | x) has not changed (no concept drift) and the new rows lie where the reference had rows.
 */
public final class Cbpe {
    private Cbpe() {
    }

    /** The metrics estimated, with NannyML's names. */
    public enum Metric {
        ACCURACY("accuracy"), PRECISION("precision"), RECALL("recall"), F1("f1"), SPECIFICITY("specificity"), ROC_AUC("roc_auc");

        private final String id;

        Metric(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** NannyML's {@code SAMPLING_ERROR_RANGE}: the band is the estimate ± this many sampling errors. */
    public static final double BAND = 3;
    /** NannyML's {@code StandardDeviationThreshold}: thresholds at the reference chunks' mean ± this many standard deviations. */
    public static final double ALERT_SD = 3;
    /** NannyML advises at least this many reference chunks for thresholds worth having. */
    public static final int FEW_CHUNKS = 6;

    /**
     * How to estimate.
     *
     * @param calibration       the calibrator (NannyML: isotonic)
     * @param when              when it is applied (NannyML: if it helps, by {@link Calibration#check})
     * @param rule              the settings of that check
     * @param decisionThreshold a row is predicted positive when its raw score is at least this (used where no
     *                          predictions are given)
     * @param band              sampling errors either side of an estimate
     * @param alertSd           standard deviations either side of the reference chunks' mean
     */
    public record Settings(Calibration.Method calibration, Calibration.When when, Calibration.Rule rule, double decisionThreshold, double band,
                           double alertSd) {
        public Settings {
            if (calibration == null || when == null || rule == null) {
                throw new InputException("the calibration, when to apply it and the check's rule are all needed");
            }
            if (!(decisionThreshold >= 0 && decisionThreshold <= 1)) {
                throw new InputException("a decision threshold is a probability in [0, 1]; got " + decisionThreshold);
            }
            if (!(band >= 0) || !Double.isFinite(band)) {
                throw new InputException("the band is a non-negative number of sampling errors; got " + band);
            }
            if (!(alertSd >= 0) || !Double.isFinite(alertSd)) {
                throw new InputException("the alert thresholds are a non-negative number of standard deviations; got " + alertSd);
            }
        }

        public static Settings defaults() {
            return new Settings(Calibration.Method.ISOTONIC, Calibration.When.IF_IT_HELPS, Calibration.Rule.defaults(), 0.5, BAND, ALERT_SD);
        }

        public Settings withCalibration(Calibration.Method method, Calibration.When w) {
            return new Settings(method, w, rule, decisionThreshold, band, alertSd);
        }

        public Settings withDecisionThreshold(double t) {
            return new Settings(calibration, when, rule, t, band, alertSd);
        }
    }

    /**
     * The rows of a dataset as CBPE reads them.
     *
     * @param scores      the model's score for the positive class, a probability in [0, 1]
     * @param predictions the model's decisions, 0 or 1 (null: score ≥ the decision threshold)
     * @param labels      the true classes, 0 or 1, or −1 where a label has not arrived (null: none has)
     */
    public record Rows(double[] scores, int[] predictions, int[] labels) {
        public Rows {
            if (scores == null) {
                throw new InputException("scores are needed");
            }
            for (int i = 0; i < scores.length; i++) {
                if (!(scores[i] >= 0 && scores[i] <= 1)) {
                    throw new InputException("a score is a probability in [0, 1]; row " + i + " has " + scores[i]);
                }
            }
            if (predictions != null) {
                if (predictions.length != scores.length) {
                    throw new InputException("one prediction per score is needed; got " + predictions.length + " for " + scores.length + " scores");
                }
                for (int i = 0; i < predictions.length; i++) {
                    if (predictions[i] != 0 && predictions[i] != 1) {
                        throw new InputException("a prediction is 0 or 1; row " + i + " has " + predictions[i]);
                    }
                }
            }
            if (labels != null) {
                if (labels.length != scores.length) {
                    throw new InputException("one label per score is needed; got " + labels.length + " for " + scores.length + " scores");
                }
                for (int i = 0; i < labels.length; i++) {
                    if (labels[i] < -1 || labels[i] > 1) {
                        throw new InputException("a label is 0 or 1 (or −1 where it has not arrived); row " + i + " has " + labels[i]);
                    }
                }
            }
        }

        /** Scores and labels (null where none have arrived); predictions from the decision threshold. */
        public static Rows of(double[] scores, int[] labels) {
            return new Rows(scores, null, labels);
        }

        public int size() {
            return scores.length;
        }
    }

    /**
     * One metric on one chunk.
     *
     * @param metric         the metric
     * @param value          the estimate (NaN where undefined, e.g. precision with no row predicted positive)
     * @param samplingError  NannyML's sampling error for a chunk of this size
     * @param lower          the band's lower end, value − band·sampling error, at least 0
     * @param upper          the band's upper end, value + band·sampling error, at most 1
     * @param realized       the metric on the chunk's labelled rows (NaN without labels, or where undefined)
     * @param lowerThreshold the alert threshold below
     * @param upperThreshold the alert threshold above
     * @param alert          the estimate lies outside the thresholds (never on reference chunks)
     */
    public record Estimate(Metric metric, double value, double samplingError, double lower, double upper, double realized, double lowerThreshold,
                           double upperThreshold, boolean alert) {
    }

    /**
     * One chunk's estimates.
     *
     * @param key        the chunk's name
     * @param rows       its rows
     * @param first      its first row index
     * @param last       its last row index
     * @param labelled   rows with a label
     * @param outOfRange the share of rows whose score lies outside the reference's scores (calibration there is
     *                   extrapolated: the fit's end value is used)
     * @param estimates  one per metric, in {@link Metric} order
     */
    public record ChunkResult(String key, int rows, int first, int last, int labelled, double outOfRange, List<Estimate> estimates) {
        public ChunkResult {
            estimates = List.copyOf(estimates);
        }

        public Estimate get(Metric m) {
            return estimates.get(m.ordinal());
        }

        public boolean alert() {
            return estimates.stream().anyMatch(Estimate::alert);
        }
    }

    /**
     * A metric's alert thresholds.
     *
     * @param metric the metric
     * @param lower  mean − alertSd·sd, at least 0 (NaN when no reference chunk had the metric defined)
     * @param upper  mean + alertSd·sd, at most 1
     * @param mean   the mean realized value on the reference chunks
     * @param sd     their population standard deviation
     * @param chunks reference chunks where the metric was defined
     */
    public record Threshold(Metric metric, double lower, double upper, double mean, double sd, int chunks) {
    }

    /**
     * The estimates.
     *
     * @param calibration what the calibration check found
     * @param thresholds  one per metric, in {@link Metric} order
     * @param reference   the reference's chunks, estimated as new data would be (their realized values set the thresholds)
     * @param chunks      the new data's chunks
     * @param notes       what a reader should know (few reference chunks, scores outside the reference's)
     */
    public record Report(Calibration.Check calibration, List<Threshold> thresholds, List<ChunkResult> reference, List<ChunkResult> chunks,
                         List<String> notes) {
        public Report {
            thresholds = List.copyOf(thresholds);
            reference = List.copyOf(reference);
            chunks = List.copyOf(chunks);
            notes = List.copyOf(notes);
        }

        /** The chunks with at least one alert. */
        public List<ChunkResult> alerts() {
            return chunks.stream().filter(ChunkResult::alert).toList();
        }
    }

    /** Per-row spread of a metric on the reference: NannyML's sampling error components. */
    record Spread(double sd, double share) {
        double error(int rows) {
            return sd / Math.sqrt(rows * share);
        }
    }

    /** Fits on reference scores and labels (every label 0 or 1); predictions from the decision threshold. */
    public static Estimator fit(double[] scores, int[] labels, Chunking chunking, Settings settings) {
        return fit(Rows.of(scores, labels), chunking, settings);
    }

    /**
     * Fits on a reference: decides on and fits the calibrator, measures each metric's per-row spread, and sets the
     * alert thresholds from the realized metrics of the reference's chunks.
     *
     * @param reference rows with every label known, both classes present
     * @param chunking  how the reference is cut for the thresholds (by key: the reference's own keys)
     * @param settings  {@link Settings#defaults()} for NannyML's
     */
    public static Estimator fit(Rows reference, Chunking chunking, Settings settings) {
        int n = reference.size();
        if (n == 0) {
            throw new InputException("the reference has no rows");
        }
        if (reference.labels() == null) {
            throw new InputException("the reference needs labels: CBPE calibrates and sets its thresholds on them");
        }
        int pos = 0;
        for (int i = 0; i < n; i++) {
            if (reference.labels()[i] < 0) {
                throw new InputException("every reference row needs a label; row " + i + " has none");
            }
            pos += reference.labels()[i];
        }
        if (pos == 0 || pos == n) {
            throw new InputException("the reference's labels are all " + (pos == 0 ? 0 : 1)
                    + ": CBPE needs both classes there, to check the scores' calibration and to set recall, specificity and ROC AUC thresholds");
        }
        double[] s = reference.scores();
        int[] y = reference.labels();
        int[] yhat = predictions(reference, settings.decisionThreshold());
        Calibration.Check check = Calibration.check(s, y, settings.calibration(), settings.when(), settings.rule());
        DoubleUnaryOperator calibrator = check.applied() ? Calibration.fit(settings.calibration(), s, y) : v -> v;
        Map<Metric, Spread> spreads = spreads(s, yhat, y);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : s) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        List<Chunking.Chunk> chunks = chunking.split(n);
        // thresholds: the realized metric on each reference chunk
        List<Threshold> thresholds = new ArrayList<>();
        for (Metric m : Metric.values()) {
            double sum = 0;
            int k = 0;
            double[] vals = new double[chunks.size()];
            for (Chunking.Chunk c : chunks) {
                double v = realized(m, s, yhat, y, c.rows());
                if (!Double.isNaN(v)) {
                    vals[k++] = v;
                    sum += v;
                }
            }
            if (k == 0) {
                thresholds.add(new Threshold(m, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0));
                continue;
            }
            double mean = sum / k;
            double ss = 0;
            for (int i = 0; i < k; i++) {
                ss += (vals[i] - mean) * (vals[i] - mean);
            }
            double sd = Math.sqrt(ss / k);
            thresholds.add(new Threshold(m, Math.max(0, mean - settings.alertSd() * sd), Math.min(1, mean + settings.alertSd() * sd), mean, sd, k));
        }
        List<String> notes = new ArrayList<>();
        if (chunks.size() < FEW_CHUNKS) {
            notes.add("the thresholds rest on " + chunks.size() + " reference chunk" + (chunks.size() == 1 ? "" : "s")
                    + " (NannyML advises at least " + FEW_CHUNKS + "): with few chunks their spread, and so the thresholds, are uncertain");
        }
        return new Estimator(settings, check, calibrator, spreads, min, max, thresholds, notes, reference, chunks);
    }

    /** A reference, fitted: estimates chunks of new data. */
    public static final class Estimator {
        private final Settings settings;
        private final Calibration.Check check;
        private final DoubleUnaryOperator calibrator;
        private final Map<Metric, Spread> spreads;
        private final double min;
        private final double max;
        private final List<Threshold> thresholds;
        private final List<String> notes;
        private final List<ChunkResult> reference;

        private Estimator(Settings settings, Calibration.Check check, DoubleUnaryOperator calibrator, Map<Metric, Spread> spreads, double min,
                          double max, List<Threshold> thresholds, List<String> notes, Rows referenceRows, List<Chunking.Chunk> referenceChunks) {
            this.settings = settings;
            this.check = check;
            this.calibrator = calibrator;
            this.spreads = spreads;
            this.min = min;
            this.max = max;
            this.thresholds = List.copyOf(thresholds);
            this.notes = List.copyOf(notes);
            this.reference = results(referenceRows, referenceChunks, false);
        }

        public Settings settings() {
            return settings;
        }

        public Calibration.Check calibration() {
            return check;
        }

        public List<Threshold> thresholds() {
            return thresholds;
        }

        /** The reference's chunks, estimated as new data would be. */
        public List<ChunkResult> reference() {
            return reference;
        }

        /** The probabilities CBPE reads from scores: calibrated where the check said so, else the scores. */
        public double[] probabilities(double[] scores) {
            double[] out = new double[scores.length];
            for (int i = 0; i < scores.length; i++) {
                out[i] = calibrator.applyAsDouble(scores[i]);
            }
            return out;
        }

        /** Estimates each chunk of new data; {@code labels} may be null, or −1 where a label has not arrived. */
        public Report estimate(double[] scores, int[] labels, Chunking chunking) {
            return estimate(Rows.of(scores, labels), chunking);
        }

        public Report estimate(Rows data, Chunking chunking) {
            if (data.size() == 0) {
                throw new InputException("no rows to estimate on");
            }
            List<ChunkResult> out = results(data, chunking.split(data.size()), true);
            List<String> all = new ArrayList<>(notes);
            long outside = Arrays.stream(data.scores()).filter(v -> v < min || v > max).count();
            if (outside > 0) {
                all.add(String.format(Locale.ROOT, "%d of %d scores (%.1f%%) lie outside the reference's [%s, %s]: calibration there is extrapolated, "
                        + "and CBPE assumes no shift to where the reference had no rows", outside, data.size(), 100.0 * outside / data.size(), min, max));
            }
            return new Report(check, thresholds, reference, out, all);
        }

        private List<ChunkResult> results(Rows data, List<Chunking.Chunk> chunks, boolean alerts) {
            double[] s = data.scores();
            double[] p = probabilities(s);
            int[] yhat = predictions(data, settings.decisionThreshold());
            int[] y = data.labels();
            List<ChunkResult> out = new ArrayList<>();
            for (Chunking.Chunk c : chunks) {
                int[] rows = c.rows();
                if (rows.length == 0) {
                    throw new InputException("chunk " + c.key() + " is empty: there is nothing to estimate");
                }
                int labelled = 0;
                int outside = 0;
                for (int i : rows) {
                    labelled += y != null && y[i] >= 0 ? 1 : 0;
                    outside += s[i] < min || s[i] > max ? 1 : 0;
                }
                List<Estimate> es = new ArrayList<>();
                for (Metric m : Metric.values()) {
                    double v = estimated(m, s, p, yhat, rows);
                    double se = spreads.get(m).error(rows.length);
                    double lo = Double.isNaN(v) ? Double.NaN : Math.max(0, v - settings.band() * se);
                    double hi = Double.isNaN(v) ? Double.NaN : Math.min(1, v + settings.band() * se);
                    double r = labelled == 0 ? Double.NaN : realized(m, s, yhat, y, rows);
                    Threshold t = thresholds.get(m.ordinal());
                    boolean alert = alerts && !Double.isNaN(v) && (v < t.lower() || v > t.upper());
                    es.add(new Estimate(m, v, se, lo, hi, r, t.lower(), t.upper(), alert));
                }
                out.add(new ChunkResult(c.key(), rows.length, c.first(), c.last(), labelled, (double) outside / rows.length, es));
            }
            return out;
        }
    }

    private static int[] predictions(Rows r, double threshold) {
        if (r.predictions() != null) {
            return r.predictions();
        }
        int[] out = new int[r.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.scores()[i] >= threshold ? 1 : 0;
        }
        return out;
    }

    /**
     * A metric estimated on {@code rows} from calibrated probabilities {@code p}: the expected confusion matrix
     * (TP = Σ p over rows predicted positive, FP = Σ 1 − p there, FN = Σ p over rows predicted negative, TN = Σ 1 − p
     * there); ROC AUC from the same expected counts at each distinct raw score.
     */
    static double estimated(Metric m, double[] s, double[] p, int[] yhat, int[] rows) {
        if (m == Metric.ROC_AUC) {
            return expectedAuc(s, p, rows);
        }
        double tp = 0;
        double fp = 0;
        double fn = 0;
        double tn = 0;
        for (int i : rows) {
            if (yhat[i] == 1) {
                tp += p[i];
                fp += 1 - p[i];
            } else {
                fn += p[i];
                tn += 1 - p[i];
            }
        }
        return confusion(m, tp, fp, fn, tn);
    }

    /** The metric from a confusion matrix (counts or expected counts); NaN where its denominator is 0. */
    static double confusion(Metric m, double tp, double fp, double fn, double tn) {
        return switch (m) {
            case ACCURACY -> ratio(tp + tn, tp + fp + fn + tn);
            case PRECISION -> ratio(tp, tp + fp);
            case RECALL -> ratio(tp, tp + fn);
            case SPECIFICITY -> ratio(tn, tn + fp);
            case F1 -> ratio(tp, tp + 0.5 * (fp + fn));
            case ROC_AUC -> throw new IllegalArgumentException("ROC AUC is not a function of one confusion matrix");
        };
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }

    /**
     * NannyML's estimated ROC AUC: rows ordered by raw score; at each distinct score the expected true positives are
     * Σ p and the expected false positives Σ 1 − p of the rows there; the area under the curve those counts trace, by
     * trapezoids. Rows with equal raw scores form one step, as the curve's thresholds are the distinct scores.
     */
    static double expectedAuc(double[] s, double[] p, int[] rows) {
        Integer[] order = new Integer[rows.length];
        for (int k = 0; k < rows.length; k++) {
            order[k] = rows[k];
        }
        Arrays.sort(order, (a, b) -> Double.compare(s[a], s[b]));
        double[] pos = new double[rows.length];
        double[] neg = new double[rows.length];
        int d = -1;
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            if (k == 0 || Double.compare(s[i], s[order[k - 1]]) != 0) {
                d++;
            }
            pos[d] += p[i];
            neg[d] += 1 - p[i];
        }
        return RocAuc.fromTies(Arrays.copyOf(pos, d + 1), Arrays.copyOf(neg, d + 1));
    }

    /** The metric on the labelled rows among {@code rows}; ROC AUC from the raw scores. NaN where undefined. */
    static double realized(Metric m, double[] s, int[] yhat, int[] y, int[] rows) {
        if (m == Metric.ROC_AUC) {
            int k = 0;
            double[] sc = new double[rows.length];
            boolean[] positive = new boolean[rows.length];
            for (int i : rows) {
                if (y[i] >= 0) {
                    sc[k] = s[i];
                    positive[k++] = y[i] == 1;
                }
            }
            return RocAuc.of(Arrays.copyOf(sc, k), Arrays.copyOf(positive, k));
        }
        double tp = 0;
        double fp = 0;
        double fn = 0;
        double tn = 0;
        for (int i : rows) {
            if (y[i] < 0) {
                continue;
            }
            if (yhat[i] == 1) {
                tp += y[i];
                fp += 1 - y[i];
            } else {
                fn += y[i];
                tn += 1 - y[i];
            }
        }
        return confusion(m, tp, fp, fn, tn);
    }

    /**
     * NannyML's sampling error components on the reference: for each metric the population standard deviation of the
     * rows' contributions and the share of rows that contribute. Accuracy: each row correct (1) or not (0), all rows.
     * Precision: rows predicted positive, 1 for a true positive. Recall: positive rows, 1 for a true positive.
     * Specificity: negative rows, 1 for a true negative. F1: rows that are TP, FP or FN, a TP counting
     * m / (TP + ½(FP + FN)) (m those rows), the others 0. ROC AUC: with the minority class as positive (labels and scores
     * flipped when more than half are positive), each positive's share of negatives scored below it (ties half); the
     * share is the positives'.
     */
    static Map<Metric, Spread> spreads(double[] s, int[] yhat, int[] y) {
        int n = s.length;
        Map<Metric, Spread> out = new EnumMap<>(Metric.class);
        double[] correct = new double[n];
        List<Double> prec = new ArrayList<>();
        List<Double> rec = new ArrayList<>();
        List<Double> spec = new ArrayList<>();
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (int i = 0; i < n; i++) {
            correct[i] = yhat[i] == y[i] ? 1 : 0;
            if (yhat[i] == 1) {
                prec.add(correct[i]);
            }
            if (y[i] == 1) {
                rec.add(correct[i]);
            } else {
                spec.add(correct[i]);
            }
            tp += yhat[i] == 1 && y[i] == 1 ? 1 : 0;
            fp += yhat[i] == 1 && y[i] == 0 ? 1 : 0;
            fn += yhat[i] == 0 && y[i] == 1 ? 1 : 0;
        }
        out.put(Metric.ACCURACY, new Spread(sd(correct), 1));
        out.put(Metric.PRECISION, new Spread(sd(prec), (double) prec.size() / n));
        out.put(Metric.RECALL, new Spread(sd(rec), (double) rec.size() / n));
        out.put(Metric.SPECIFICITY, new Spread(sd(spec), (double) spec.size() / n));
        int relevant = tp + fp + fn;
        double[] f1 = new double[relevant];
        double factor = relevant / (0.5 * (fp + fn) + tp);
        for (int i = 0; i < tp; i++) {
            f1[i] = factor;
        }
        out.put(Metric.F1, new Spread(sd(f1), (double) relevant / n));
        out.put(Metric.ROC_AUC, aucSpread(s, y));
        return out;
    }

    private static Spread aucSpread(double[] s, int[] y) {
        int n = s.length;
        int pos = 0;
        for (int v : y) {
            pos += v;
        }
        boolean flip = pos > n - pos;
        double[] score = new double[n];
        boolean[] positive = new boolean[n];
        for (int i = 0; i < n; i++) {
            score[i] = flip ? 1 - s[i] : s[i];
            positive[i] = flip ? y[i] == 0 : y[i] == 1;
        }
        int np = flip ? n - pos : pos;
        int nn = n - np;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
        double[] u = new double[np];
        int k = 0;
        int below = 0;
        for (int a = 0; a < n; ) {
            int b = a;
            int tiedNeg = 0;
            while (b < n && Double.compare(score[order[b]], score[order[a]]) == 0) {
                tiedNeg += positive[order[b]] ? 0 : 1;
                b++;
            }
            for (int j = a; j < b; j++) {
                if (positive[order[j]]) {
                    u[k++] = (below + 0.5 * tiedNeg) / nn;
                }
            }
            below += tiedNeg;
            a = b;
        }
        return new Spread(sd(u), (double) np / n);
    }

    private static double sd(List<Double> v) {
        return sd(v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** numpy's {@code std}: the population standard deviation; NaN for no values. */
    static double sd(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double m = 0;
        for (double x : v) {
            m += x;
        }
        m /= v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / v.length);
    }
}
