package dev.probity.core.frame;

import dev.probity.core.InputException;
import dev.probity.core.expr.Expression;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Columns derived by SQL expressions, then the rows kept by a SQL condition: the same preparation for every
 * workflow that reads data (the audit applies it inside its engines; training, evaluation, explanation and
 * mitigation apply it to each frame they read).
 *
 * @param derived new column name → expression, computed in order (a later one may use an earlier one)
 * @param where   the condition rows must meet, or null for all rows
 */
public record RowSelection(Map<String, String> derived, String where) {
    public RowSelection {
        derived = derived == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(derived));
        for (String e : derived.values()) {
            Expression.parse(e);
        }
        if (where != null) {
            Expression.parse(where);
        }
    }

    public static RowSelection all() {
        return new RowSelection(Map.of(), null);
    }

    public boolean isEmpty() {
        return derived.isEmpty() && where == null;
    }

    /** The frame with the derived columns, keeping the rows that meet the condition; refuses to keep none. */
    public Frame apply(Frame frame) {
        Frame out = frame;
        for (Map.Entry<String, String> d : derived.entrySet()) {
            out = out.withColumn(Expression.parse(d.getValue()).evaluate(out, d.getKey()));
        }
        if (where != null) {
            int before = out.rowCount();
            out = out.filter(Expression.parse(where).filter(out));
            if (out.rowCount() == 0) {
                throw new InputException("no rows left: the filter \"" + where + "\" removed all " + before + " rows of "
                        + frame.source());
            }
        }
        return out;
    }
}
