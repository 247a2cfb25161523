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

    public static Sample numerical(double[] values) {
        return new Sample(Arrays.stream(values).filter(Double::isFinite).toArray(), null);
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
                m.merge(v == 0 ? 0.0 : v, 1, Integer::sum); // -0.0 and 0.0 are one value
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
        Map<Object, Integer> m = new TreeMap<>(a.counts());
        b.counts().forEach((k, v) -> m.merge(k, v, Integer::sum));
        return m.size();
    }

    /** The union of both samples' values, in order. */
    static List<Object> keys(Sample a, Sample b) {
        Map<Object, Integer> m = new TreeMap<>(a.counts());
        b.counts().forEach((k, v) -> m.merge(k, v, Integer::sum));
        return new ArrayList<>(m.keySet());
    }
}
