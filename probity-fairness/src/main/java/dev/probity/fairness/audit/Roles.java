package dev.probity.fairness.audit;

import dev.probity.core.Internal;
import dev.probity.core.InputException;
import dev.probity.core.model.Binarization;
import dev.probity.core.expr.Expression;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.Grouping;
import dev.probity.core.frame.StringColumn;
import dev.probity.fairness.stats.AuditData;
import dev.probity.core.model.TaskKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Resolves an {@link AuditSpec} against a frame: derives columns, filters rows, turns the label,
 * prediction, score and weight into primitive arrays, and codes every row's combination of protected
 * attributes. Everything that makes an audit meaningless is an {@link InputException} here, before any
 * number is computed: a missing column, a label that is not binary, a NaN score, no rows left, a protected
 * attribute with one group or a group of one row.
 */
@Internal("use Audit.run and Audit.columnsNeeded")
public final class Roles {
    private Roles() {
    }

    /**
     * The resolved inputs of an audit. {@code outcomeForConsistency} holds the predictions as numbers for the consistency
     * metric; a binary audit that names no features leaves it null.
     */
    public record Prepared(AuditData data, Frame frame, long rowsRead, long rowsAfterFilter, long rowsDropped,
                           String positiveLabel, String positivePrediction, List<String> groupingColumns,
                           double[] outcomeForConsistency, boolean labelPositiveSeen, boolean predictionPositiveSeen) {}

    /** Column names an audit will read (to read nothing else from a wide file). */
    public static Set<String> columnsNeeded(AuditSpec spec) {
        Set<String> out = new LinkedHashSet<>();
        Set<String> derived = spec.derived().keySet();
        for (String expr : spec.derived().values()) {
            out.addAll(Expression.parse(expr).identifiers());
        }
        for (String s : new String[] {spec.label(), spec.prediction(), spec.score(), spec.where()}) {
            if (s != null) {
                out.addAll(Expression.parse(s).identifiers());
            }
        }
        out.addAll(spec.protectedAttributes());
        if (spec.weight() != null) {
            out.add(spec.weight());
        }
        if (spec.strata() != null) {
            out.add(spec.strata());
        }
        out.addAll(spec.features());
        out.removeAll(derived);
        return out;
    }

    public static Prepared prepare(Frame input, AuditSpec spec, Consumer<String> warnings) {
        return prepare(input, spec, warnings, false);
    }

    /**
     * Prepares the rows, as a whole ({@code part} false) or as one part of the rows ({@code part} true: a partition,
     * a file of several). A part may be empty or lose all its rows to the filter or to missing values ({@code data}
     * is then null), and a positive value that it does not hold makes all its rows negative; whoever merges the parts
     * checks, once, what only the whole can show ({@link AuditPart}).
     */
    static Prepared prepare(Frame input, AuditSpec spec, Consumer<String> warnings, boolean part) {
        Frame frame = input;
        long rowsRead = frame.rowCount();
        if (rowsRead == 0) {
            if (part) {
                return emptyPart(frame, 0, 0, 0);
            }
            throw new InputException(frame.source() + " has no data rows");
        }
        if (part) {
            frame = new dev.probity.core.frame.RowSelection(spec.derived(), null).apply(frame);
            if (spec.where() != null) {
                frame = frame.filter(Expression.parse(spec.where()).filter(frame));
            }
        } else {
            frame = new dev.probity.core.frame.RowSelection(spec.derived(), spec.where()).apply(frame);
        }
        long afterFilter = frame.rowCount();
        if (afterFilter == 0 && part) {
            return emptyPart(frame, rowsRead, 0, 0);
        }
        for (String p : spec.protectedAttributes()) {
            frame.column(p);
        }
        if (spec.weight() != null) {
            frame.column(spec.weight());
        }
        if (spec.strata() != null) {
            frame.column(spec.strata());
        }
        for (String f : spec.features()) {
            frame.column(f);
        }

        Column label = resolve(frame, spec.label(), "label");
        Column prediction = spec.prediction() == null ? null : resolve(frame, spec.prediction(), "prediction");
        Column score = spec.score() == null ? null : resolve(frame, spec.score(), "score");
        Column weight = spec.weight() == null ? null : frame.column(spec.weight());

        // Missing outputs: an error naming the first such row, unless asked to drop them.
        List<Column> required = new ArrayList<>(List.of(label));
        if (prediction != null) {
            required.add(prediction);
        }
        if (score != null) {
            required.add(score);
        }
        if (weight != null) {
            required.add(weight);
        }
        boolean[] keep = null;
        long dropped = 0;
        for (Column c : required) {
            if (!c.missing().any()) {
                continue;
            }
            if (!spec.dropMissing()) {
                int row = c.missing().next(0);
                throw new InputException(role(c, label, prediction, score) + " '" + c.name() + "' is missing on "
                        + frame.origin().describe(row) + " (" + c.missing().count() + " rows in all); fill it, filter those "
                        + "rows out ({{where}}), or drop them ({{drop-missing}})");
            }
            if (keep == null) {
                keep = new boolean[frame.rowCount()];
                Arrays.fill(keep, true);
            }
            for (int i = c.missing().next(0); i >= 0; i = c.missing().next(i + 1)) {
                keep[i] = false;
            }
        }
        if (keep != null) {
            int before = frame.rowCount();
            int[] rows = indices(keep);
            frame = frame.select(rows);
            label = label.select(rows);
            prediction = prediction == null ? null : prediction.select(rows);
            score = score == null ? null : score.select(rows);
            weight = weight == null ? null : weight.select(rows);
            dropped = before - frame.rowCount();
            if (!part) {
                warnings.accept(droppedWarning(dropped));
            }
            if (frame.rowCount() == 0) {
                if (part) {
                    return emptyPart(frame, rowsRead, afterFilter, dropped);
                }
                throw new InputException(NO_ROWS_LEFT_MISSING);
            }
        }

        int n = frame.rowCount();
        double[] scores = score == null ? null : numeric(score, "score", frame);
        if (scores != null) {
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(scores[i])) {
                    throw new InputException("score '" + score.name() + "' is NaN on " + frame.origin().describe(i)
                            + "; scores must be numbers");
                }
            }
        }
        double[] weights = weight == null ? null : numeric(weight, "weight", frame);
        if (weights != null) {
            for (int i = 0; i < n; i++) {
                if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                    throw new InputException("weight '" + weight.name() + "' is " + weights[i] + " on "
                            + frame.origin().describe(i) + "; weights must be finite and not negative");
                }
            }
        }

        List<String> grouping = new ArrayList<>(spec.protectedAttributes());
        if (spec.strata() != null && !grouping.contains(spec.strata())) {
            grouping.add(spec.strata());
        }
        final Frame audited = frame;
        grouping.replaceAll(audited::resolve);
        Grouping groups = frame.groupBy(grouping);
        List<List<String>> cellKeys = new ArrayList<>();
        for (int g = 0; g < groups.groupCount(); g++) {
            cellKeys.add(List.of(groups.labels(g)));
        }

        String positiveLabel = null;
        String positivePrediction = null;
        boolean labelSeen = true;
        boolean predictionSeen = true;
        AuditData data;
        double[] outcome = null;
        switch (spec.task()) {
            case BINARY -> {
                labelSeen = spec.positive() == null || occurs(label, spec.positive());
                Binarization.Binary y = part && !labelSeen && lenient(label, spec.positive())
                        ? new Binarization.Binary(new byte[n], spec.positive())
                        : Binarization.of(label, spec.positive(), "label", frame);
                positiveLabel = y.positive();
                byte[] p;
                if (prediction != null) {
                    // The label's positive value applies to the prediction when the prediction can hold it.
                    String pp = spec.predictionPositive() != null ? spec.predictionPositive()
                            : spec.positive() != null && prediction.type() != dev.probity.core.frame.ColumnType.BOOLEAN
                            && (compatible(prediction, spec.positive()) || part && prediction instanceof StringColumn)
                            ? spec.positive() : null;
                    predictionSeen = pp == null || occurs(prediction, pp);
                    Binarization.Binary b = part && !predictionSeen && lenient(prediction, pp)
                            ? new Binarization.Binary(new byte[n], pp)
                            : Binarization.of(prediction, pp, "prediction", frame);
                    p = b.values();
                    positivePrediction = b.positive();
                } else {
                    p = new byte[n];
                    for (int i = 0; i < n; i++) {
                        p[i] = (byte) (scores[i] >= spec.threshold() ? 1 : 0);
                    }
                    positivePrediction = "score >= " + spec.threshold();
                }
                if (!spec.features().isEmpty()) {
                    outcome = new double[n];
                    for (int i = 0; i < n; i++) {
                        outcome[i] = p[i];
                    }
                }
                data = new AuditData(grouping, cellKeys, groups.rowGroups(), TaskKind.BINARY, y.values(), p, scores, weights,
                        null, null, null, null, null);
            }
            case MULTICLASS -> {
                String[] ys = texts(label);
                String[] ps = texts(prediction);
                TreeSet<String> classes = new TreeSet<>(Arrays.asList(ys));
                classes.addAll(Arrays.asList(ps));
                List<String> cls = new ArrayList<>(classes);
                if (cls.size() > MAX_CLASSES) {
                    throw new InputException("label and prediction hold " + cls.size()
                            + " distinct classes; a multiclass audit supports up to 1,000");
                }
                Map<String, Integer> idx = new LinkedHashMap<>();
                for (int k = 0; k < cls.size(); k++) {
                    idx.put(cls.get(k), k);
                }
                int[] yc = new int[n];
                int[] pc = new int[n];
                outcome = new double[n];
                for (int i = 0; i < n; i++) {
                    yc[i] = idx.get(ys[i]);
                    pc[i] = idx.get(ps[i]);
                    outcome[i] = pc[i];
                }
                data = new AuditData(grouping, cellKeys, groups.rowGroups(), TaskKind.MULTICLASS, null, null, null, weights,
                        yc, pc, cls, null, null);
            }
            case REGRESSION -> {
                double[] yv = numeric(label, "label", frame);
                double[] pv = numeric(prediction, "prediction", frame);
                for (int i = 0; i < n; i++) {
                    if (Double.isNaN(yv[i]) || Double.isNaN(pv[i])) {
                        throw new InputException((Double.isNaN(yv[i]) ? "label" : "prediction") + " is NaN on "
                                + frame.origin().describe(i));
                    }
                }
                outcome = pv;
                data = new AuditData(grouping, cellKeys, groups.rowGroups(), TaskKind.REGRESSION, null, null, null, weights,
                        null, null, null, yv, pv);
            }
            default -> throw new IllegalStateException();
        }
        return new Prepared(data, frame, rowsRead, afterFilter, dropped, positiveLabel, positivePrediction, grouping,
                outcome, labelSeen, predictionSeen);
    }

    /** The most classes a multiclass audit takes. */
    static final int MAX_CLASSES = 1000;

    static final String NO_ROWS_LEFT_MISSING = "no rows left: every row has a missing label, prediction, score or weight";

    static String droppedWarning(long dropped) {
        return "left out " + dropped + " rows with a missing label, prediction, score or weight (drop-missing is on)";
    }

    private static Prepared emptyPart(Frame frame, long rowsRead, long afterFilter, long dropped) {
        return new Prepared(null, frame, rowsRead, afterFilter, dropped, null, null, List.of(), null, false, false);
    }

    /** Whether some row holds the positive value (as the binarization compares: text exactly, numbers numerically). */
    private static boolean occurs(Column c, String positive) {
        switch (c) {
            case StringColumn s -> {
                int code = s.codeOf(positive);
                if (code < 0) {
                    return false;
                }
                for (int x : s.codes()) {
                    if (x == code) {
                        return true;
                    }
                }
                return false;
            }
            case dev.probity.core.frame.LongColumn l -> {
                Double p = Binarization.parseNumber(positive);
                if (p == null) {
                    return false;
                }
                boolean zeroOne = true;
                for (long v : l.values()) {
                    if (v == p) {
                        return true;
                    }
                    zeroOne &= v == 0 || v == 1;
                }
                // a 0/1 column that never holds the positive 0 or 1 (a model that never decides positive) is not
                // refused by the whole either, when the whole is 0/1 too
                return zeroOne && (p == 0 || p == 1);
            }
            default -> {
                // decimals and booleans: a whole without the positive value is not refused, so neither is a part
                return true;
            }
        }
    }

    /**
     * Whether a part without the positive value may count all its rows negative: text and whole numbers, where a
     * whole that never holds the value is refused only after the merge; decimals and booleans never refuse it.
     */
    private static boolean lenient(Column c, String positive) {
        return c instanceof StringColumn
                || c instanceof dev.probity.core.frame.LongColumn && Binarization.parseNumber(positive) != null;
    }

    private static boolean compatible(Column c, String positive) {
        return switch (c.type()) {
            case STRING -> ((StringColumn) c).codeOf(positive) >= 0;
            case LONG, DOUBLE -> Binarization.parseNumber(positive) != null;
            case BOOLEAN -> positive.equalsIgnoreCase("true") || positive.equalsIgnoreCase("false");
        };
    }

    private static String role(Column c, Column label, Column prediction, Column score) {
        if (c == label) {
            return "label";
        }
        if (c == prediction) {
            return "prediction";
        }
        if (c == score) {
            return "score";
        }
        return "weight";
    }

    private static int[] indices(boolean[] keep) {
        int n = 0;
        for (boolean k : keep) {
            if (k) {
                n++;
            }
        }
        int[] out = new int[n];
        int j = 0;
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                out[j++] = i;
            }
        }
        return out;
    }

    /** A column by name, or an expression evaluated on the frame. */
    static Column resolve(Frame frame, String text, String role) {
        String name = frame.resolve(text);
        if (name != null) {
            return frame.column(name);
        }
        Expression e = Expression.parse(text);
        if (e.isColumnReference()) {
            return frame.column(text); // throws a clear "no column" error
        }
        return e.evaluate(frame, text);
    }

    private static double[] numeric(Column c, String role, Frame frame) {
        if (c instanceof StringColumn s) {
            int row = firstText(s);
            throw new InputException("the " + role + " '" + c.name() + "' must be numeric, but "
                    + frame.origin().describe(row) + " holds the text '" + InputException.shown(s.getString(row)) + "'");
        }
        return dev.probity.core.frame.Numbers.finite(frame, c, role);
    }

    /** The first row whose value is not a number (the reason the column was read as text), else the first value. */
    private static int firstText(StringColumn s) {
        int first = -1;
        for (int i = 0; i < s.size(); i++) {
            if (s.isMissing(i)) {
                continue;
            }
            if (first < 0) {
                first = i;
            }
            if (dev.probity.core.model.Binarization.parseNumber(s.getString(i)) == null) {
                return i;
            }
        }
        return Math.max(first, 0);
    }

    private static String[] texts(Column c) {
        String[] out = new String[c.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = c.format(i);
        }
        return out;
    }
}
