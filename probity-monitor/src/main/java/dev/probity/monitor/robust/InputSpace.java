package dev.probity.monitor.robust;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.Missing;
import dev.probity.core.frame.Numbers;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.model.Feature;
import dev.probity.core.model.Model;
import dev.probity.core.model.TaskKind;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a model's inputs may move in a robustness test: the numeric features that may change, each with its range
 * and scale, the categorical ones that may be swapped, and the immutable ones that never change (a protected
 * attribute, an age that no applicant can lower).
 *
 * <p>Attacks measure distance in <em>standard deviations</em>: a step of {@code d} in feature {@code j} counts as
 * {@code d / scale[j]}, where {@code scale[j]} is the feature's standard deviation in the data (1 for a constant
 * feature), so that an age and an income are comparable. Ranges default to the smallest and largest value in the
 * data: an attack never proposes an input outside what was seen, unless the caller widens the range.
 *
 * @param model       the binary classifier under test
 * @param numeric     the numeric features that may change
 * @param low         the smallest value each numeric feature may take
 * @param high        the largest value
 * @param scale       each numeric feature's standard deviation in the data (1 when it is 0)
 * @param integer     whether the feature holds whole numbers in the data (perturbations round them)
 * @param categorical the text features that may be swapped to another category
 * @param immutable   the features that never change
 */
public record InputSpace(Model model, List<String> numeric, double[] low, double[] high, double[] scale, boolean[] integer,
                         List<String> categorical, Set<String> immutable) {
    public InputSpace {
        numeric = List.copyOf(numeric);
        categorical = List.copyOf(categorical);
        immutable = Set.copyOf(immutable);
        int p = numeric.size();
        if (low.length != p || high.length != p || scale.length != p || integer.length != p) {
            throw new IllegalArgumentException("one range, scale and integer flag per numeric feature");
        }
        for (int j = 0; j < p; j++) {
            if (!(low[j] <= high[j]) || !(scale[j] > 0) || !Double.isFinite(scale[j])) {
                throw new InputException("feature '" + numeric.get(j) + "': range [" + low[j] + ", " + high[j] + "] and scale "
                        + scale[j] + " do not make a usable input space");
            }
        }
    }

    /**
     * The input space of a binary classifier over {@code data}: every numeric feature the model reads may change
     * within the data's range, every text feature may be swapped, except the {@code immutable} ones.
     *
     * @throws InputException when the model is not a binary classifier, when an immutable name is not a feature of
     *                        the model, or when the data have no row with a value of a numeric feature
     */
    public static InputSpace of(Model model, Frame data, Collection<String> immutable) {
        if (model.info().output() != TaskKind.BINARY) {
            throw new InputException("robustness tests need a binary classifier; the model is " + model.info().output().name().toLowerCase(java.util.Locale.ROOT));
        }
        model.info().checkInputs(data);
        Set<String> fixed = new LinkedHashSet<>();
        List<String> names = model.info().features().stream().map(Feature::name).toList();
        for (String f : immutable == null ? List.<String>of() : immutable) {
            String resolved = names.stream().filter(n -> n.equalsIgnoreCase(f)).findFirst().orElse(null);
            if (resolved == null) {
                if (data.has(f)) {
                    continue; // a column the model does not read never changes anyway
                }
                throw new InputException("immutable feature '" + f + "' is not a column of " + data.source() + " (the model reads " + names + ")");
            }
            fixed.add(resolved);
        }
        List<String> numeric = new ArrayList<>();
        List<String> categorical = new ArrayList<>();
        List<double[]> stats = new ArrayList<>();
        List<Boolean> integers = new ArrayList<>();
        for (Feature f : model.info().features()) {
            if (fixed.contains(f.name())) {
                continue;
            }
            Column c = data.column(f.name());
            if (c.type() == ColumnType.STRING) {
                categorical.add(f.name());
                continue;
            }
            double[] x = Numbers.of(c);
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            double mean = 0;
            double m2 = 0;
            long n = 0;
            boolean whole = c.type() != ColumnType.DOUBLE;
            for (double v : x) {
                if (Double.isNaN(v)) {
                    continue;
                }
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
                n++;
                double d = v - mean;
                mean += d / n;
                m2 += d * (v - mean);
                whole &= v == Math.rint(v);
            }
            if (n == 0) {
                throw new InputException(data.source() + ": column '" + f.name() + "' has no values, so it has no range to perturb within;"
                        + " declare it immutable");
            }
            double sd = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
            numeric.add(f.name());
            stats.add(new double[] {lo, hi, sd > 0 && Double.isFinite(sd) ? sd : 1});
            integers.add(whole);
        }
        int p = numeric.size();
        double[] low = new double[p];
        double[] high = new double[p];
        double[] scale = new double[p];
        boolean[] integer = new boolean[p];
        for (int j = 0; j < p; j++) {
            low[j] = stats.get(j)[0];
            high[j] = stats.get(j)[1];
            scale[j] = stats.get(j)[2];
            integer[j] = integers.get(j);
        }
        return new InputSpace(model, numeric, low, high, scale, integer, categorical, fixed);
    }

    /** The same space with feature {@code name}'s range set to {@code [lo, hi]} (infinite bounds allowed). */
    public InputSpace withRange(String name, double lo, double hi) {
        int j = numeric.indexOf(name);
        if (j < 0) {
            throw new InputException("'" + name + "' is not a numeric feature that may change; those are " + numeric);
        }
        double[] l = low.clone();
        double[] h = high.clone();
        l[j] = lo;
        h[j] = hi;
        return new InputSpace(model, numeric, l, h, scale, integer, categorical, immutable);
    }

    /** The same space with every numeric range unbounded (for checks against exact geometry). */
    public InputSpace unbounded() {
        double[] l = new double[low.length];
        double[] h = new double[high.length];
        java.util.Arrays.fill(l, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(h, Double.POSITIVE_INFINITY);
        return new InputSpace(model, numeric, l, h, scale, integer, categorical, immutable);
    }

    /** Number of numeric features that may change. */
    public int dimension() {
        return numeric.size();
    }

    /** The numeric features of {@code data}'s rows, row-major {@code rows.length × dimension()}, NaN where missing. */
    public double[] values(Frame data, int[] rows) {
        int p = numeric.size();
        double[] out = new double[rows.length * p];
        for (int j = 0; j < p; j++) {
            double[] x = Numbers.of(data.column(numeric.get(j)));
            for (int i = 0; i < rows.length; i++) {
                out[i * p + j] = x[rows[i]];
            }
        }
        return out;
    }

    /**
     * Rows of {@code data} with their numeric features replaced: candidate {@code k} is row {@code rows[k]} with the values
     * {@code x[k * dimension() .. (k + 1) * dimension())} (NaN keeps a value missing).
     */
    public Frame with(Frame data, int[] rows, double[] x) {
        Frame out = data.select(rows);
        int p = numeric.size();
        for (int j = 0; j < p; j++) {
            double[] v = new double[rows.length];
            BitSet gone = null;
            for (int k = 0; k < rows.length; k++) {
                v[k] = x[k * p + j];
                if (Double.isNaN(v[k])) {
                    gone = gone == null ? new BitSet(rows.length) : gone;
                    gone.set(k);
                }
            }
            out = out.withColumn(new DoubleColumn(numeric.get(j), v, gone == null ? Missing.NONE : Missing.of(gone)));
        }
        return out;
    }

    /** The predicted class (0 or 1) of each row of {@code frame}. */
    public int[] decide(Frame frame) {
        double[] s = model.score(frame);
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i] >= 0.5 ? 1 : 0;
        }
        return out;
    }

    /** A text feature's categories as the data hold them (missing excluded). */
    static String[] categories(Frame data, String name) {
        StringColumn c = (StringColumn) data.column(name);
        boolean[] used = new boolean[c.cardinality()];
        for (int code : c.codes()) {
            if (code >= 0) {
                used[code] = true;
            }
        }
        List<String> out = new ArrayList<>();
        for (int k = 0; k < used.length; k++) {
            if (used[k]) {
                out.add(c.dictionary()[k]);
            }
        }
        return out.toArray(String[]::new);
    }
}
