package dev.probity.monitor.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One column of one dataset, cleaned for a drift test: missing values (and, for numbers, ±∞) dropped. A numerical
 * sample keeps its values; a categorical one its labels.
 *
 * @param numbers the values of a numerical column, or null
 * @param labels  the values of a categorical column, or null
 */
public record Sample(double[] numbers, String[] labels) {

    /** A numerical sample: the finite values, sorted (the order of a sample does not matter to any test). */
    public static Sample numerical(double[] values) {
        double[] v = new double[values.length];
        int k = 0;
        for (double x : values) {
            if (Double.isFinite(x)) {
                v[k++] = x == 0 ? 0.0 : x;
            }
        }
        v = k == v.length ? v : Arrays.copyOf(v, k);
        Arrays.sort(v);
        return new Sample(v, null);
    }

    /** Distinct values of a numerical sample (its values are sorted), or of a categorical one. */
    int distinctCount() {
        if (!isNumerical()) {
            return counts().size();
        }
        int d = 0;
        for (int i = 0; i < numbers.length; i++) {
            if (i == 0 || numbers[i] != numbers[i - 1]) {
                d++;
            }
        }
        return d;
    }

    public static Sample categorical(List<String> values) {
        return new Sample(null, values.stream().filter(v -> v != null).toArray(String[]::new));
    }

    public boolean isNumerical() {
        return numbers != null;
    }

    public int size() {
        return numbers != null ? numbers.length : labels.length;
    }

    /** Counts by value; numbers are keyed by their value (ordered numerically), labels by text. */
    Map<Object, Integer> counts() {
        Map<Object, Integer> m = isNumerical() ? new TreeMap<>() : new TreeMap<>();
        if (isNumerical()) {
            for (double v : numbers) {
                m.merge(v, 1, Integer::sum); // -0.0 was made 0.0 when the sample was made
            }
        } else {
            for (String v : labels) {
                m.merge(v, 1, Integer::sum);
            }
        }
        return m;
    }

    /** Distinct values of both samples together. */
    static int distinct(Sample a, Sample b) {
        if (a.isNumerical() && b.isNumerical()) {
            double[] x = a.numbers;
            double[] y = b.numbers;
            int i = 0;
            int j = 0;
            int d = 0;
            double last = Double.NaN;
            while (i < x.length || j < y.length) {
                double v = j >= y.length || i < x.length && x[i] <= y[j] ? x[i++] : y[j++];
                if (d == 0 || v != last) {
                    d++;
                    last = v;
                }
            }
            return d;
        }
        Map<Object, Integer> m = new TreeMap<>(a.counts());
        b.counts().forEach((k, v) -> m.merge(k, v, Integer::sum));
        return m.size();
    }

    /**
     * Distinct values of both samples together, counted only up to {@code cap} (a merge that stops there): enough to
     * choose a test, at the cost of a few comparisons for a column of real numbers.
     */
    static int distinctUpTo(Sample a, Sample b, int cap) {
        if (!(a.isNumerical() && b.isNumerical())) {
            return Math.min(cap, distinct(a, b));
        }
        double[] x = a.numbers;
        double[] y = b.numbers;
        int i = 0;
        int j = 0;
        int d = 0;
        double last = Double.NaN;
        while ((i < x.length || j < y.length) && d < cap) {
            double v = j >= y.length || i < x.length && x[i] <= y[j] ? x[i++] : y[j++];
            if (d == 0 || v != last) {
                d++;
                last = v;
            }
        }
        return d;
    }

    /** The union of both samples' values, in order. */
    static List<Object> keys(Sample a, Sample b) {
        Map<Object, Integer> m = new TreeMap<>(a.counts());
        b.counts().forEach((k, v) -> m.merge(k, v, Integer::sum));
        return new ArrayList<>(m.keySet());
    }
}
