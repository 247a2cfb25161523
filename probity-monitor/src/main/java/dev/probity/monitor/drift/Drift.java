package dev.probity.monitor.drift;

import dev.probity.core.InputException;
import dev.probity.core.frame.BooleanColumn;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data drift between a reference and a current dataset, column by column, as Evidently's data drift preset judges it:
 * each column gets a test chosen by its kind, the reference's size and the number of distinct values (or the test you
 * name), a score and a verdict; the dataset drifts when the share of drifting columns reaches the drift share (0.5).
 *
 * <p>Evidently's automatic choice ({@link #choose}): a reference of at most 1,000 rows gets Kolmogorov–Smirnov for a
 * numerical column with more than 5 distinct values, the chi-square test for other columns with more than 2, and the
 * z-test for 2 or fewer; a larger reference gets the normalized Wasserstein distance for a numerical column with more
 * than 5 distinct values and the Jensen–Shannon distance otherwise. Distinct values are counted over both datasets.
 * A column is numerical when its values are numbers (Evidently's column mapping); any other is categorical.
 */
public final class Drift {
    private Drift() {
    }

    /**
     * What to compare and how.
     *
     * @param columns    the columns (null: every column both datasets have)
     * @param test       the test for every column (null: Evidently's automatic choice)
     * @param threshold  the threshold (NaN: each test's default)
     * @param driftShare the share of drifting columns at which the dataset drifts
     */
    public record Spec(List<String> columns, DriftTest test, double threshold, double driftShare) {
        public Spec {
            if (!(driftShare > 0 && driftShare <= 1)) {
                throw new InputException("a drift share is in (0, 1]; got " + driftShare);
            }
            if (!Double.isNaN(threshold) && !(threshold >= 0 && Double.isFinite(threshold))) {
                throw new InputException("a drift threshold is a non-negative number; got " + threshold);
            }
        }

        public static Spec defaults() {
            return new Spec(null, null, Double.NaN, 0.5);
        }
    }

    /** One column's verdict. */
    public record ColumnDrift(String column, String kind, String test, String chosenBecause, double score, boolean scoreIsPValue,
                              double threshold, String rule, boolean drifted, int referenceRows, int currentRows, int distinct, String note) {
    }

    /** A column that could not be tested, and why. */
    public record Skipped(String column, String reason) {
    }

    /** The report. */
    public record Report(String reference, String current, List<ColumnDrift> columns, List<Skipped> skipped, int drifted, double share,
                         double driftShare, boolean datasetDrift) {
    }

    public static Report run(Frame reference, Frame current, Spec spec) {
        List<String> names = new ArrayList<>();
        if (spec.columns() == null) {
            for (String c : reference.columnNames()) {
                if (current.has(c)) {
                    names.add(c);
                }
            }
            if (names.isEmpty()) {
                throw new InputException(reference.source() + " and " + current.source() + " have no column in common");
            }
        } else {
            for (String c : spec.columns()) {
                if (!reference.has(c)) {
                    throw new InputException(reference.source() + ": " + reference.unknownColumnMessage(c));
                }
                if (!current.has(c)) {
                    throw new InputException(current.source() + ": " + current.unknownColumnMessage(c));
                }
                names.add(c);
            }
        }
        // columns are independent: tested on every core, reported in order
        Object[] results = new Object[names.size()];
        java.util.stream.IntStream.range(0, names.size()).parallel().forEach(i -> results[i] = column(reference, current, names.get(i), spec));
        List<ColumnDrift> out = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Object o : results) {
            if (o instanceof ColumnDrift c) {
                out.add(c);
            } else {
                skipped.add((Skipped) o);
            }
        }
        if (out.isEmpty()) {
            throw new InputException("no column could be tested: " + String.join("; ", skipped.stream().map(k -> k.column() + ": " + k.reason()).toList()));
        }
        int drifted = (int) out.stream().filter(ColumnDrift::drifted).count();
        double share = out.isEmpty() ? 0 : (double) drifted / out.size();
        return new Report(reference.source(), current.source(), List.copyOf(out), List.copyOf(skipped), drifted, share, spec.driftShare(),
                !out.isEmpty() && share >= spec.driftShare());
    }

    /** Below this many values on either side a column's verdict carries a note that it rests on few values. */
    public static final int SMALL = 30;

    /** One column's verdict, or why it was skipped. */
    private static Object column(Frame reference, Frame current, String c, Spec spec) {
        {
            Column rc = reference.column(c);
            Column cc = current.column(c);
            boolean numerical = numeric(rc) && numeric(cc);
            Sample r = sample(rc, numerical);
            Sample s = sample(cc, numerical);
            if (r.size() == 0 || s.size() == 0) {
                return new Skipped(c, (r.size() == 0 ? "the reference" : "the current data") + " has no value in it");
            }
            // enough distinct values to choose the test (a merge that stops at 6); the exact count comes later, from
            // the test's own walk over the pooled values where it has one
            int few = Sample.distinctUpTo(r, s, 6);
            DriftTest t;
            if (spec.test() != null) {
                t = spec.test();
                if (!t.accepts(r)) {
                    return new Skipped(c, "a categorical column; " + t.id() + " needs numbers");
                }
                if (t == DriftTest.FISHER && few > 2) {
                    return new Skipped(c, Sample.distinct(r, s) + " distinct values; fisher_exact compares columns with at most two");
                }
            } else {
                t = choose(numerical, r.size(), few).getKey();
            }
            double score;
            int distinct;
            if (numerical && (t == DriftTest.WASSERSTEIN || t == DriftTest.ENERGY)) {
                Distances.CdfPass pass = Distances.cdfPass(r.numbers(), s.numbers(), t == DriftTest.WASSERSTEIN ? 1 : 2);
                distinct = pass.distinct();
                score = t == DriftTest.WASSERSTEIN ? pass.distance() / Math.max(DriftTest.populationStd(r.numbers()), 0.001)
                        : Math.sqrt(2) * pass.distance();
            } else {
                distinct = few < 6 ? few : Sample.distinct(r, s);
                score = t.score(r, s);
            }
            String why = spec.test() != null ? "chosen" : choose(numerical, r.size(), distinct).getValue();
            double threshold = Double.isNaN(spec.threshold()) ? t.defaultThreshold() : spec.threshold();
            String note = null;
            if (t == DriftTest.ANDERSON && (score == 0.25 || score == 0.001)) {
                // anderson_ksamp's table ends there: the true p-value is at least 0.25, or at most 0.001
                note = score == 0.25 ? "p-value capped at 0.25 (the table's end): the true one is at least that"
                        : "p-value floored at 0.001 (the table's end): the true one is at most that";
            }
            if (!numerical && Math.min(r.size(), s.size()) >= SMALL && distinct >= 0.9 * (r.size() + s.size())) {
                note = (note == null ? "" : note + "; ") + "a different value on nearly every row — an identifier? its drift says nothing about the data";
            }
            if (Math.min(r.size(), s.size()) < SMALL) {
                note = (note == null ? "" : note + "; ") + "only " + Math.min(r.size(), s.size()) + " values on one side: a verdict on so few is weak";
            }
            return new ColumnDrift(c, numerical ? "numerical" : "categorical", t.id(), why, score, t.isPValue(), threshold,
                    t.rule(threshold), t.drifted(score, threshold), r.size(), s.size(), distinct, note);
        }
    }

    /** Evidently's default test for a column, and the reason in words. */
    public static Map.Entry<DriftTest, String> choose(boolean numerical, int referenceRows, int distinct) {
        String size = referenceRows <= 1000 ? "reference of 1,000 rows or fewer" : "reference of more than 1,000 rows";
        DriftTest t;
        if (referenceRows <= 1000) {
            t = numerical && distinct > 5 ? DriftTest.KS : distinct > 2 ? DriftTest.CHI_SQUARE : DriftTest.Z;
        } else {
            t = numerical && distinct > 5 ? DriftTest.WASSERSTEIN : DriftTest.JENSEN_SHANNON;
        }
        String kind = (numerical ? "numerical" : "categorical") + ", " + distinct + " distinct value" + (distinct == 1 ? "" : "s");
        return Map.entry(t, kind + ", " + size);
    }

    private static boolean numeric(Column c) {
        return c instanceof DoubleColumn || c instanceof LongColumn;
    }

    private static Sample sample(Column c, boolean numerical) {
        int n = c.size();
        if (numerical && c instanceof DoubleColumn d && !d.missing().any()) {
            return Sample.numerical(d.values()); // copied once, there
        }
        if (numerical) {
            double[] v = new double[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (!c.isMissing(i)) {
                    v[k++] = c instanceof DoubleColumn d ? d.getDouble(i) : ((LongColumn) c).getLong(i);
                }
            }
            return Sample.numerical(java.util.Arrays.copyOf(v, k));
        }
        List<String> labels = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            labels.add(c.isMissing(i) ? null : c instanceof BooleanColumn ? String.valueOf(c.get(i)) : c.format(i));
        }
        return Sample.categorical(labels);
    }

    /** The report's verdicts by column, for quick lookups. */
    public static Map<String, ColumnDrift> byColumn(Report r) {
        Map<String, ColumnDrift> m = new LinkedHashMap<>();
        r.columns().forEach(c -> m.put(c.column(), c));
        return m;
    }
}
