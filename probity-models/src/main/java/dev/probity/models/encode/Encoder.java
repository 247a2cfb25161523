package dev.probity.models.encode;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.Grouping;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.model.Feature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The fitted preprocessing of a model: one {@link Step} per input column. {@link #fit} learns means,
 * scales, categories and bin edges from training data; {@link #transform} applies them to any frame
 * with the same columns.
 */
public record Encoder(List<Feature> features, List<Step> steps) {
    public static final String MISSING_CATEGORY = Grouping.MISSING_LABEL;

    public Encoder {
        features = List.copyOf(features);
        steps = List.copyOf(steps);
        if (features.size() != steps.size()) {
            throw new IllegalArgumentException(features.size() + " features but " + steps.size() + " steps");
        }
    }

    /** Learns the encoding of {@code columns} of {@code data} under {@code spec}. */
    public static Encoder fit(Frame data, List<String> columns, EncodingSpec spec) {
        List<Feature> features = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        for (String name : columns) {
            Column c = data.column(name);
            features.add(new Feature(c.name(), c.type()));
            boolean text = c.type() == ColumnType.STRING;
            String enc = spec.encodingOf(c.name(), text);
            steps.add(switch (enc) {
                case "one-hot" -> new Step.OneHot(c.name(), categories(c));
                case "ordinal" -> new Step.Ordinal(c.name(), categories(c));
                default -> {
                    if (text) {
                        throw new InputException(data.source() + ": column '" + c.name() + "' is text and cannot be encoded as "
                                + enc + "; use one-hot or ordinal");
                    }
                    double[] x = numbers(data, c);
                    double fill = fill(x, spec.impute());
                    yield switch (enc) {
                        case "standardize" -> standardize(c.name(), x, fill);
                        case "raw" -> new Step.Numeric(c.name(), fill, 0, 1);
                        case "quantile-bins" -> new Step.Bins(c.name(), quantileEdges(x, spec.bins()), fill);
                        case "uniform-bins" -> new Step.Bins(c.name(), uniformEdges(x, spec.bins()), fill);
                        default -> throw new IllegalStateException(enc);
                    };
                }
            });
        }
        return new Encoder(features, steps);
    }

    /** Names of the encoded columns, in matrix order. */
    public List<String> outputNames() {
        List<String> names = new ArrayList<>();
        for (Step s : steps) {
            names.addAll(s.outputs());
        }
        return names;
    }

    /** For each encoded column, the index of the input feature it came from (for grouping explanations). */
    public int[] outputFeature() {
        int[] out = new int[outputNames().size()];
        int k = 0;
        for (int f = 0; f < steps.size(); f++) {
            for (int j = 0; j < steps.get(f).outputs().size(); j++) {
                out[k++] = f;
            }
        }
        return out;
    }

    /** Encodes {@code data}; the columns are found by name and checked against the fitted types. */
    public Matrix transform(Frame data) {
        int n = data.rowCount();
        int w = steps.size();
        int[] index = new int[n * w];
        double[] value = new double[n * w];
        int offset = 0;
        for (int j = 0; j < w; j++) {
            Step s = steps.get(j);
            Feature f = features.get(j);
            if (!data.has(f.name())) {
                throw new InputException(data.source() + ": the model reads column '" + f.name()
                        + "', which the data does not have. " + data.unknownColumnMessage(f.name()));
            }
            Column c = data.column(f.name());
            if (!f.accepts(c.type())) {
                throw new InputException(data.source() + ": column '" + f.name() + "' is " + c.type().label()
                        + " but the model was trained on " + f.type().label());
            }
            switch (s) {
                case Step.Numeric num -> {
                    double[] x = numbers(data, c);
                    for (int i = 0; i < n; i++) {
                        double v = Double.isNaN(x[i]) ? num.fill() : x[i];
                        index[i * w + j] = offset;
                        value[i * w + j] = (v - num.center()) / num.scale();
                    }
                }
                case Step.OneHot oh -> {
                    int[] cat = categoryIndex(c, oh.categories());
                    for (int i = 0; i < n; i++) {
                        index[i * w + j] = offset + Math.max(cat[i], 0);
                        value[i * w + j] = cat[i] >= 0 ? 1 : 0;
                    }
                }
                case Step.Ordinal o -> {
                    int[] cat = categoryIndex(c, o.categories());
                    for (int i = 0; i < n; i++) {
                        index[i * w + j] = offset;
                        value[i * w + j] = cat[i] >= 0 ? cat[i] : Double.NaN;
                    }
                }
                case Step.Bins b -> {
                    double[] x = numbers(data, c);
                    for (int i = 0; i < n; i++) {
                        double v = Double.isNaN(x[i]) ? b.fill() : x[i];
                        if (Double.isNaN(v)) {
                            index[i * w + j] = offset;
                            value[i * w + j] = 0;
                        } else {
                            index[i * w + j] = offset + bin(b.edges(), v);
                            value[i * w + j] = 1;
                        }
                    }
                }
            }
            offset += s.outputs().size();
        }
        return new Matrix(n, w, outputNames(), index, value);
    }

    static int bin(double[] edges, double v) {
        int pos = Arrays.binarySearch(edges, v);
        return pos >= 0 ? pos + 1 : -pos - 1;
    }

    /** Category of each row as an index into {@code categories}, -1 when unseen (or missing without a missing category). */
    private static int[] categoryIndex(Column c, List<String> categories) {
        Map<String, Integer> pos = new HashMap<>();
        for (int k = 0; k < categories.size(); k++) {
            pos.put(categories.get(k), k);
        }
        int missingCat = pos.getOrDefault(MISSING_CATEGORY, -1);
        int n = c.size();
        int[] out = new int[n];
        if (c instanceof StringColumn s) {
            String[] dict = s.dictionary();
            int[] map = new int[dict.length];
            for (int d = 0; d < dict.length; d++) {
                map[d] = pos.getOrDefault(dict[d], -1);
            }
            int[] codes = s.codes();
            for (int i = 0; i < n; i++) {
                out[i] = codes[i] < 0 ? missingCat : map[codes[i]];
            }
            return out;
        }
        for (int i = 0; i < n; i++) {
            String v = c.format(i);
            out[i] = v == null ? missingCat : pos.getOrDefault(v, -1);
        }
        return out;
    }

    private static List<String> categories(Column c) {
        TreeSet<String> seen = new TreeSet<>();
        boolean missing = false;
        if (c instanceof StringColumn s) {
            boolean[] used = new boolean[s.dictionary().length];
            for (int code : s.codes()) {
                if (code < 0) {
                    missing = true;
                } else {
                    used[code] = true;
                }
            }
            for (int d = 0; d < used.length; d++) {
                if (used[d]) {
                    seen.add(s.dictionary()[d]);
                }
            }
        } else {
            for (int i = 0; i < c.size(); i++) {
                String v = c.format(i);
                if (v == null) {
                    missing = true;
                } else {
                    seen.add(v);
                }
            }
        }
        List<String> out = new ArrayList<>(seen);
        if (missing) {
            out.add(MISSING_CATEGORY);
        }
        return out;
    }

    /** The column as doubles with NaN for missing (a copy the caller may change); infinite values are refused. */
    static double[] numbers(Frame data, Column c) {
        return dev.probity.core.frame.Numbers.finite(data, c, "feature").clone();
    }

    private static double fill(double[] x, EncodingSpec.Impute impute) {
        return switch (impute) {
            case NONE -> Double.NaN;
            case ZERO -> 0;
            case MEAN -> {
                double s = 0;
                int k = 0;
                for (double v : x) {
                    if (!Double.isNaN(v)) {
                        s += v;
                        k++;
                    }
                }
                yield k == 0 ? 0 : s / k;
            }
            case MEDIAN -> {
                double[] s = present(x);
                yield s.length == 0 ? 0 : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
            }
        };
    }

    private static double[] present(double[] x) {
        return Arrays.stream(x).filter(v -> !Double.isNaN(v)).sorted().toArray();
    }

    /** Mean and population standard deviation of the values after imputation, as scikit-learn's StandardScaler. */
    private static Step.Numeric standardize(String name, double[] x, double fill) {
        double mean = 0;
        int k = 0;
        for (double v0 : x) {
            double v = Double.isNaN(v0) ? fill : v0;
            if (!Double.isNaN(v)) {
                k++;
                mean += (v - mean) / k;
            }
        }
        double m2 = 0;
        for (double v0 : x) {
            double v = Double.isNaN(v0) ? fill : v0;
            if (!Double.isNaN(v)) {
                m2 += (v - mean) * (v - mean);
            }
        }
        double sd = k == 0 ? 0 : Math.sqrt(m2 / k);
        return new Step.Numeric(name, fill, mean, sd > 0 ? sd : 1);
    }

    private static double[] quantileEdges(double[] x, int bins) {
        double[] s = present(x);
        TreeSet<Double> edges = new TreeSet<>();
        for (int b = 1; b < bins && s.length > 0; b++) {
            double q = (double) b / bins * (s.length - 1);
            int lo = (int) Math.floor(q);
            double e = s[lo] + (q - lo) * (s[Math.min(lo + 1, s.length - 1)] - s[lo]);
            if (e > s[0]) {
                edges.add(e);
            }
        }
        return edges.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] uniformEdges(double[] x, int bins) {
        double[] s = present(x);
        if (s.length == 0 || s[0] == s[s.length - 1]) {
            return new double[0];
        }
        double[] e = new double[bins - 1];
        for (int b = 1; b < bins; b++) {
            e[b - 1] = s[0] + (s[s.length - 1] - s[0]) * b / bins;
        }
        return e;
    }
}
