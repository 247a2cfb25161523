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

    /** The resolved inputs of an audit. */
    public record Prepared(AuditData data, Frame frame, long rowsRead, long rowsAfterFilter, long rowsDropped,
                           String positiveLabel, String positivePrediction, List<String> groupingColumns,
                           double[] outcomeForConsistency) {}

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
        Frame frame = input;
        long rowsRead = frame.rowCount();
        if (rowsRead == 0) {
            throw new InputException(frame.source() + " has no data rows");
        }
        frame = new dev.probity.core.frame.RowSelection(spec.derived(), spec.where()).apply(frame);
        long afterFilter = frame.rowCount();
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
            warnings.accept("left out " + dropped + " rows with a missing label, prediction, score or weight (drop-missing is on)");
            if (frame.rowCount() == 0) {
                throw new InputException("no rows left: every row has a missing label, prediction, score or weight");
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
        AuditData data;
        double[] outcome = null;
        switch (spec.task()) {
            case BINARY -> {
                Binarization.Binary y = Binarization.of(label, spec.positive(), "label", frame);
                positiveLabel = y.positive();
                byte[] p;
                if (prediction != null) {
                    // The label's positive value applies to the prediction when the prediction can hold it.
                    String pp = spec.predictionPositive() != null ? spec.predictionPositive()
                            : spec.positive() != null && prediction.type() != dev.probity.core.frame.ColumnType.BOOLEAN
                            && compatible(prediction, spec.positive()) ? spec.positive() : null;
                    Binarization.Binary b = Binarization.of(prediction, pp, "prediction", frame);
                    p = b.values();
                    positivePrediction = b.positive();
                } else {
                    p = new byte[n];
                    for (int i = 0; i < n; i++) {
                        p[i] = (byte) (scores[i] >= spec.threshold() ? 1 : 0);
                    }
                    positivePrediction = "score >= " + spec.threshold();
                }
                outcome = new double[n];
                for (int i = 0; i < n; i++) {
                    outcome[i] = p[i];
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
                if (cls.size() > 1000) {
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
                outcome);
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
