package dev.probity.models.encode;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How to encode each input column, fitted on training data by {@link Encoder#fit}. Numbers default to
 * {@code numeric} handling, text to {@code categorical} handling; {@code overrides} picks per column.
 *
 * @param numeric     how numeric columns are encoded
 * @param categorical how text columns are encoded
 * @param impute      how missing numbers are filled
 * @param bins        number of bins when a column is binned
 * @param overrides   per-column encodings by column name
 */
public record EncodingSpec(NumericEncoding numeric, CategoricalEncoding categorical, Impute impute, int bins,
                           Map<String, String> overrides) {
    public enum NumericEncoding { STANDARDIZE, RAW, QUANTILE_BINS, UNIFORM_BINS }

    public enum CategoricalEncoding { ONE_HOT, ORDINAL }

    public enum Impute { MEAN, MEDIAN, ZERO, NONE }

    public EncodingSpec {
        overrides = Map.copyOf(overrides);
        if (bins < 2) {
            throw new IllegalArgumentException("bins must be at least 2, got " + bins);
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            parse(e.getKey(), e.getValue());
        }
    }

    /** Standardized numbers (mean imputation) and one-hot categories: what linear models want. */
    public static EncodingSpec linear() {
        return new EncodingSpec(NumericEncoding.STANDARDIZE, CategoricalEncoding.ONE_HOT, Impute.MEAN, 5, Map.of());
    }

    /** Raw numbers (missing kept as NaN) and one-hot categories: what tree models want. */
    public static EncodingSpec trees() {
        return new EncodingSpec(NumericEncoding.RAW, CategoricalEncoding.ONE_HOT, Impute.NONE, 5, Map.of());
    }

    public EncodingSpec withOverride(String column, String encoding) {
        Map<String, String> m = new LinkedHashMap<>(overrides);
        m.put(column, encoding);
        return new EncodingSpec(numeric, categorical, impute, bins, m);
    }

    public EncodingSpec withImpute(Impute i) {
        return new EncodingSpec(numeric, categorical, i, bins, overrides);
    }

    /** The encoding name for one column: an override, or the default for its kind. */
    String encodingOf(String column, boolean text) {
        String o = overrides.get(column);
        if (o != null) {
            return parse(column, o);
        }
        return text ? categorical.name().toLowerCase(Locale.ROOT).replace('_', '-')
                : numeric.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String parse(String column, String encoding) {
        String e = encoding.trim().toLowerCase(Locale.ROOT);
        return switch (e) {
            case "standardize", "raw", "quantile-bins", "uniform-bins", "one-hot", "ordinal" -> e;
            default -> throw new IllegalArgumentException("unknown encoding '" + encoding + "' for column '" + column
                    + "' (use standardize, raw, quantile-bins, uniform-bins, one-hot or ordinal)");
        };
    }
}
