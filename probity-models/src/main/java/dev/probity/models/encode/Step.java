package dev.probity.models.encode;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;

/**
 * One fitted encoding step: reads one input column and writes one entry per row. Steps are plain data,
 * saved in the model file, so a model encodes new data exactly as it encoded its training data.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Step.Numeric.class, name = "numeric"),
    @JsonSubTypes.Type(value = Step.OneHot.class, name = "one-hot"),
    @JsonSubTypes.Type(value = Step.Ordinal.class, name = "ordinal"),
    @JsonSubTypes.Type(value = Step.Bins.class, name = "bins")})
public sealed interface Step {
    /** The input column. */
    String column();

    /** Names of the encoded columns this step writes. */
    List<String> outputs();

    /**
     * A number: missing values become {@code fill} (NaN keeps them missing), then {@code (x - center) / scale}.
     * Plain pass-through is center 0, scale 1.
     */
    record Numeric(String column, double fill, double center, double scale) implements Step {
        @Override
        public List<String> outputs() {
            return List.of(column);
        }
    }

    /**
     * One indicator per category seen in training, in sorted order; a missing value is the category
     * {@code (missing)} when training had missing values. A category unseen in training sets no indicator.
     */
    record OneHot(String column, List<String> categories) implements Step {
        @Override
        public List<String> outputs() {
            return categories.stream().map(c -> column + "=" + c).toList();
        }
    }

    /** Category codes {@code 0..k-1} in the given order; unseen and missing values give NaN. */
    record Ordinal(String column, List<String> categories) implements Step {
        @Override
        public List<String> outputs() {
            return List.of(column);
        }
    }

    /**
     * Bins with the given inner edges: bin {@code b} holds {@code edges[b-1] <= x < edges[b]}; written as
     * one indicator per bin. Missing values become {@code fill} before binning (NaN: no indicator).
     */
    record Bins(String column, double[] edges, double fill) implements Step {
        @Override
        public List<String> outputs() {
            java.util.ArrayList<String> names = new java.util.ArrayList<>();
            for (int b = 0; b <= edges.length; b++) {
                String lo = b == 0 ? "-inf" : fmt(edges[b - 1]);
                String hi = b == edges.length ? "inf" : fmt(edges[b]);
                names.add(column + " in [" + lo + ", " + hi + ")");
            }
            return names;
        }

        private static String fmt(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
    }
}
