package dev.probity.core.model;

import dev.probity.core.InputException;
import dev.probity.core.frame.BooleanColumn;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.Numbers;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The targets a trainer fits. For classification, {@code codes[i]} indexes {@code classes}; for
 * regression, {@code values} holds the numbers and {@code classes} is empty.
 */
public record Labels(String name, List<String> classes, int[] codes, double[] values) {
    public Labels {
        classes = List.copyOf(classes);
    }

    public static Labels classes(String name, List<String> classes, int[] codes) {
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] < 0 || codes[i] >= classes.size()) {
                throw new IllegalArgumentException("label code " + codes[i] + " at row " + i + " outside 0.." + (classes.size() - 1));
            }
        }
        return new Labels(name, classes, codes, null);
    }

    public static Labels regression(String name, double[] values) {
        return new Labels(name, List.of(), null, values);
    }

    public boolean isClassification() {
        return codes != null;
    }

    public int size() {
        return codes != null ? codes.length : values.length;
    }

    public Labels select(int[] rows) {
        if (codes != null) {
            int[] c = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                c[i] = codes[rows[i]];
            }
            return new Labels(name, classes, c, null);
        }
        double[] v = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            v[i] = values[rows[i]];
        }
        return new Labels(name, classes, null, v);
    }

    /**
     * Class labels from a column of the data. Text and boolean columns give classes in sorted order;
     * with {@code positive} given, a two-class problem puts that value second (class 1), and any value
     * other than {@code positive} is class 0 — by {@link Binarization}, the rule the audit uses. Rows with a
     * missing label are an error naming the row.
     */
    public static Labels fromColumn(Frame data, String column, String positive) {
        Column c = data.column(column);
        if (c.missing().any()) {
            int row = c.missing().next(0);
            throw new InputException(data.source() + ": label column '" + c.name() + "' is empty at "
                    + data.origin().describe(row) + "; remove or fill rows without a label");
        }
        int n = c.size();
        String[] text = new String[n];
        for (int i = 0; i < n; i++) {
            text[i] = c.format(i);
        }
        if (positive != null) {
            // the one rule the audit uses too (Binarization): "1.0" names the positive of an integer label, etc.
            Binarization.Binary b = Binarization.of(c, positive, "label", data);
            int[] codes = new int[n];
            for (int i = 0; i < n; i++) {
                codes[i] = b.values()[i];
            }
            return classes(c.name(), List.of("not " + positive, positive), codes);
        }
        TreeSet<String> distinct = new TreeSet<>(c instanceof StringColumn || c instanceof BooleanColumn
                ? java.util.Comparator.naturalOrder() : java.util.Comparator.comparingDouble(Double::parseDouble));
        distinct.addAll(Arrays.asList(text));
        List<String> cls = new ArrayList<>(distinct);
        if (cls.size() < 2) {
            throw new InputException(data.source() + ": label column '" + c.name() + "' has a single value " + cls
                    + "; a classifier needs at least two classes");
        }
        int[] codes = new int[n];
        for (int i = 0; i < n; i++) {
            codes[i] = java.util.Collections.binarySearch(cls, text[i], distinct.comparator());
        }
        return classes(c.name(), cls, codes);
    }

    /** Numeric targets from a column; rows with missing values are an error. */
    public static Labels numericColumn(Frame data, String column) {
        Column c = data.column(column);
        if (!Numbers.isNumeric(c)) {
            throw new InputException(data.source() + ": label column '" + c.name() + "' is text; regression needs numbers");
        }
        double[] v = Numbers.of(c).clone();
        if (c.missing().any()) {
            throw new InputException(data.source() + ": label column '" + c.name() + "' is empty at "
                    + data.origin().describe(c.missing().next(0)));
        }
        return regression(c.name(), v);
    }

    /** Throws unless there are exactly two classes, naming the method that needs it. */
    public Labels requireBinary(String who) {
        if (!isClassification() || classes.size() != 2) {
            throw new InputException(who + " needs a binary label, but '" + name + "' has "
                    + (isClassification() ? classes.size() + " classes " + classes : "numeric values")
                    + "; name the positive value ({{positive}}) to treat one value as the positive class");
        }
        return this;
    }
}
