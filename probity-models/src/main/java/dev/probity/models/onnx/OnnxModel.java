package dev.probity.models.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Feature;
import dev.probity.core.model.Model;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.TaskKind;
import dev.probity.core.model.Probabilities;

import java.nio.FloatBuffer;
import java.nio.DoubleBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model exported to ONNX, run by ONNX Runtime. Two input layouts are understood:
 * <ul>
 *   <li>one 2-D numeric tensor {@code [N, p]}: the columns are the {@code features} given to
 *       {@link #load} (or listed in the model's metadata property {@code feature_names}, comma-separated);</li>
 *   <li>one input per column, each {@code [N, 1]} (scikit-learn pipelines with a ColumnTransformer):
 *       the input names are the column names; float, double, int64 and string inputs are filled from the
 *       frame.</li>
 * </ul>
 * Outputs: a classifier has a label output and a probability output, either a {@code [N, K]} tensor or
 * a sequence of maps from class to probability (skl2onnx's ZipMap); a regressor has a single numeric
 * output of shape {@code [N]} or {@code [N, 1]}.
 */
public final class OnnxModel implements Model, AutoCloseable {
    private static final int BATCH = 65_536;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelInfo info;
    private final boolean singleTensor;
    private final String tensorInput;
    private final OnnxJavaType tensorType;
    private final Map<String, OnnxJavaType> columnInputs;
    private final String probabilityOutput;
    private final String valueOutput;
    private byte[] bytes;
    private List<String> givenFeatures;
    private List<String> givenClasses;
    private dev.probity.core.model.Provenance provenance;

    private OnnxModel(OrtEnvironment env, OrtSession session, ModelInfo info, boolean singleTensor, String tensorInput,
                      OnnxJavaType tensorType, Map<String, OnnxJavaType> columnInputs, String probabilityOutput,
                      String valueOutput) {
        this.env = env;
        this.session = session;
        this.info = info;
        this.singleTensor = singleTensor;
        this.tensorInput = tensorInput;
        this.tensorType = tensorType;
        this.columnInputs = columnInputs;
        this.probabilityOutput = probabilityOutput;
        this.valueOutput = valueOutput;
    }

    /**
     * ONNX Runtime's environment with Microsoft's usage telemetry switched off. Official ONNX Runtime builds send
     * trace events to Microsoft by default (the jar's Privacy.md); Probity never lets a model run report home.
     * {@code setTelemetry(false)} stops the events after start-up; the {@code ./probity} launcher also sets
     * {@code ORT_DISABLE_TELEMETRY=1}, which stops them before ONNX Runtime starts. Applications that embed the
     * library should set that variable too (see docs/dependencies.md).
     */
    public static synchronized OrtEnvironment environment() {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        if (!telemetryOff) {
            try {
                env.setTelemetry(false);
            } catch (OrtException e) {
                throw new IllegalStateException("cannot switch off ONNX Runtime telemetry: " + e.getMessage(), e);
            }
            telemetryOff = true;
        }
        return env;
    }

    private static boolean telemetryOff;

    /**
     * Loads an ONNX file.
     *
     * @param file     the model
     * @param features column names for a single-tensor input, in tensor order (null: from metadata)
     * @param classes  class labels in probability-column order for tensor outputs (null: from a ZipMap,
     *                 else "0".."K-1")
     */
    public static OnnxModel load(Path file, List<String> features, List<String> classes) {
        byte[] bytes;
        try {
            bytes = dev.probity.core.io.FileBytes.read(file);
        } catch (java.io.IOException e) {
            throw new InputException(file + ": cannot read the model: " + e.getMessage());
        }
        return fromBytes(file.toString(), file.getFileName().toString(), bytes, features, classes);
    }

    /**
     * An ONNX model from its bytes (a model file that embeds one, say). {@code source} names it in errors,
     * {@code fileName} in the model's description; {@code features} and {@code classes} as for {@link #load}.
     */
    public static OnnxModel fromBytes(String source, String fileName, byte[] bytes, List<String> features, List<String> classes) {
        OrtEnvironment env = environment();
        OrtSession session;
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            session = env.createSession(bytes, options);
        } catch (OrtException e) {
            throw new InputException(source + ": ONNX Runtime cannot load this model: " + e.getMessage());
        }
        try {
            OnnxModel m = inspect(source, fileName, env, session, features, classes);
            m.bytes = bytes;
            m.givenFeatures = features == null ? null : List.copyOf(features);
            m.givenClasses = classes == null ? null : List.copyOf(classes);
            Map<String, Object> p = new LinkedHashMap<>(m.info.parameters());
            p.put("file_sha256", dev.probity.models.xgboost.XgbModels.sha256(bytes));
            m.provenance = new dev.probity.core.model.Provenance(dev.probity.core.model.Provenance.LOAD, "onnx", p, null,
                    m.info.features().stream().map(Feature::name).toList(), null, 0, List.of(),
                    dev.probity.models.io.ModelFiles.libraries());
            return m;
        } catch (OrtException e) {
            closeQuietly(session);
            throw new InputException(source + ": cannot inspect the model's inputs and outputs: " + e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static OnnxModel inspect(String name, String fileName, OrtEnvironment env, OrtSession session, List<String> features,
                                     List<String> classes) throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        List<Feature> feats = new ArrayList<>();
        boolean single = false;
        String tensorInput = null;
        OnnxJavaType tensorType = null;
        Map<String, OnnxJavaType> columnInputs = new LinkedHashMap<>();
        if (inputs.size() == 1 && inputs.values().iterator().next().getInfo() instanceof TensorInfo t
                && t.getShape().length == 2 && (t.getShape()[1] != 1 || features != null) && t.type != OnnxJavaType.STRING) {
            single = true;
            tensorInput = inputs.keySet().iterator().next();
            tensorType = t.type;
            List<String> names = features;
            if (names == null) {
                String meta = session.getMetadata().getCustomMetadata().get("feature_names");
                if (meta == null) {
                    throw new InputException(name + ": the model takes one tensor '" + tensorInput + "' of shape "
                            + java.util.Arrays.toString(t.getShape()) + " and does not name its columns; give them in order ({{features}})");
                }
                names = List.of(meta.split(","));
            }
            long width = t.getShape()[1];
            if (width > 0 && width != names.size()) {
                throw new InputException(name + ": the model's input '" + tensorInput + "' has " + width + " columns but "
                        + names.size() + " feature names were given: " + names);
            }
            for (String f : names) {
                feats.add(new Feature(f.trim(), ColumnType.DOUBLE));
            }
        } else {
            for (Map.Entry<String, NodeInfo> e : inputs.entrySet()) {
                if (!(e.getValue().getInfo() instanceof TensorInfo t)) {
                    throw new InputException(name + ": input '" + e.getKey() + "' is not a tensor (" + e.getValue().getInfo() + ")");
                }
                ColumnType type = switch (t.type) {
                    case FLOAT, DOUBLE -> ColumnType.DOUBLE;
                    case INT64, INT32 -> ColumnType.LONG;
                    case STRING -> ColumnType.STRING;
                    default -> throw new InputException(name + ": input '" + e.getKey() + "' has type " + t.type
                            + "; Probity feeds float, double, int64, int32 and string inputs");
                };
                columnInputs.put(e.getKey(), t.type);
                feats.add(new Feature(e.getKey(), type));
            }
        }
        String probability = null;
        String value = null;
        List<String> cls = classes;
        int k = -1;
        for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
            ValueInfo vi = e.getValue().getInfo();
            if (vi instanceof SequenceInfo s && s.isSequenceOfMaps()) {
                probability = e.getKey();
            } else if (vi instanceof TensorInfo t && (t.type == OnnxJavaType.FLOAT || t.type == OnnxJavaType.DOUBLE)) {
                if (t.getShape().length == 2 && t.getShape()[1] != 1 && probability == null) {
                    probability = e.getKey();
                    k = (int) t.getShape()[1];
                } else if (value == null) {
                    value = e.getKey();
                }
            }
        }
        TaskKind kind;
        if (probability != null) {
            if (cls == null && k <= 0) {
                cls = zipMapClasses(session, inputs, probability, single, tensorInput, tensorType, feats, columnInputs, env);
            }
            if (cls == null) {
                cls = new ArrayList<>();
                for (int c = 0; c < k; c++) {
                    cls.add(Integer.toString(c));
                }
            }
            kind = cls.size() == 2 ? TaskKind.BINARY : TaskKind.MULTICLASS;
        } else if (value != null) {
            kind = TaskKind.REGRESSION;
            cls = List.of();
        } else {
            throw new InputException(name + ": found no probability output (a [N,K] tensor or a sequence of maps) and no numeric value output; outputs: "
                    + session.getOutputInfo().keySet());
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("file", fileName);
        params.put("producer", session.getMetadata().getProducerName());
        params.put("inputs", inputs.keySet().toString());
        ModelInfo info = new ModelInfo("onnx", feats, null, cls, kind, params);
        return new OnnxModel(env, session, info, single, tensorInput, tensorType, columnInputs, probability,
                kind == TaskKind.REGRESSION ? value : null);
    }

    /** Classes of a ZipMap output, read from a one-row run on zeros (the map keys, sorted as numbers or text). */
    private static List<String> zipMapClasses(OrtSession session, Map<String, NodeInfo> inputs, String output, boolean single,
                                              String tensorInput, OnnxJavaType tensorType, List<Feature> feats,
                                              Map<String, OnnxJavaType> columnInputs, OrtEnvironment env) throws OrtException {
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            if (single) {
                feed.put(tensorInput, tensor(env, tensorType, new double[feats.size()], 1, feats.size()));
            } else {
                for (Map.Entry<String, OnnxJavaType> e : columnInputs.entrySet()) {
                    feed.put(e.getKey(), e.getValue() == OnnxJavaType.STRING
                            ? OnnxTensor.createTensor(env, new String[] {""}, new long[] {1, 1})
                            : tensor(env, e.getValue(), new double[1], 1, 1));
                }
            }
            try (OrtSession.Result r = session.run(feed, java.util.Set.of(output))) {
                OnnxValue v = r.get(0);
                List<? extends OnnxValue> maps = ((OnnxSequence) v).getValue();
                Map<?, ?> m = ((OnnxMap) maps.get(0)).getValue();
                TreeMap<Object, Object> sorted = new TreeMap<>(m);
                List<String> out = new ArrayList<>();
                for (Object key : sorted.keySet()) {
                    out.add(key.toString());
                }
                return out;
            }
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public dev.probity.core.model.Provenance provenance() {
        return provenance;
    }

    /** The ONNX bytes this model runs (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The feature names given at load (null: read from the model). */
    public List<String> givenFeatures() {
        return givenFeatures;
    }

    /** The class labels given at load (null: read from the model). */
    public List<String> givenClasses() {
        return givenClasses;
    }

    /** The same model with another provenance (the one stored in a model file that embeds it). */
    public OnnxModel withProvenance(dev.probity.core.model.Provenance p) {
        OnnxModel m = fromBytes(info.algorithm(), String.valueOf(info.parameters().get("file")), bytes, givenFeatures, givenClasses);
        m.provenance = p;
        return m;
    }

    @Override
    public Probabilities predictProba(Frame data) {
        if (probabilityOutput == null) {
            throw new UnsupportedOperationException("the ONNX model is a regressor; it has no class probabilities");
        }
        info.checkInputs(data);
        int n = data.rowCount();
        int k = info.classes().size();
        double[] out = new double[n * k];
        for (int start = 0; start < n; start += BATCH) {
            int from = start;
            int to = Math.min(n, from + BATCH);
            run(data, from, to, probabilityOutput, v -> readProbabilities(v, out, from, to, k));
        }
        return new Probabilities(n, k, out);
    }

    @Override
    public double[] predict(Frame data) {
        if (valueOutput == null) {
            return Model.super.predict(data);
        }
        info.checkInputs(data);
        int n = data.rowCount();
        double[] out = new double[n];
        for (int start = 0; start < n; start += BATCH) {
            int from = start;
            int to = Math.min(n, from + BATCH);
            run(data, from, to, valueOutput, v -> {
                Object value = ((OnnxTensor) v).getValue();
                for (int i = from; i < to; i++) {
                    out[i] = number(value, i - from);
                }
            });
        }
        return out;
    }

    private interface Reader {
        void read(OnnxValue v) throws OrtException;
    }

    private void run(Frame data, int from, int to, String output, Reader reader) {
        int rows = to - from;
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            if (singleTensor) {
                int p = info.features().size();
                double[] block = new double[rows * p];
                for (int j = 0; j < p; j++) {
                    double[] col = numbers(data, info.features().get(j).name());
                    for (int i = from; i < to; i++) {
                        block[(i - from) * p + j] = col[i];
                    }
                }
                feed.put(tensorInput, tensor(env, tensorType, block, rows, p));
            } else {
                for (Map.Entry<String, OnnxJavaType> e : columnInputs.entrySet()) {
                    Column c = data.column(e.getKey());
                    if (e.getValue() == OnnxJavaType.STRING) {
                        String[] s = new String[rows];
                        for (int i = from; i < to; i++) {
                            String v = c.format(i);
                            s[i - from] = v == null ? "" : v;
                        }
                        feed.put(e.getKey(), OnnxTensor.createTensor(env, s, new long[] {rows, 1}));
                    } else {
                        double[] col = numbers(data, e.getKey());
                        feed.put(e.getKey(), tensor(env, e.getValue(), java.util.Arrays.copyOfRange(col, from, to), rows, 1));
                    }
                }
            }
            try (OrtSession.Result r = session.run(feed, java.util.Set.of(output))) {
                reader.read(r.get(0));
            }
        } catch (OrtException e) {
            throw new InputException(data.source() + ": ONNX Runtime failed on rows " + (from + 1) + "-" + to + ": " + e.getMessage());
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private void readProbabilities(OnnxValue v, double[] out, int from, int to, int k) throws OrtException {
        if (v instanceof OnnxSequence seq) {
            List<? extends OnnxValue> maps = seq.getValue();
            for (int i = from; i < to; i++) {
                Map<?, ?> m = ((OnnxMap) maps.get(i - from)).getValue();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    int c = info.classes().indexOf(e.getKey().toString());
                    if (c < 0) {
                        throw new InputException("the ONNX model returned class '" + e.getKey() + "', not among " + info.classes());
                    }
                    out[i * k + c] = ((Number) e.getValue()).doubleValue();
                }
            }
            return;
        }
        Object value = ((OnnxTensor) v).getValue();
        for (int i = from; i < to; i++) {
            Object row = java.lang.reflect.Array.get(value, i - from);
            for (int c = 0; c < k; c++) {
                out[i * k + c] = ((Number) java.lang.reflect.Array.get(row, c)).doubleValue();
            }
        }
    }

    private static double number(Object value, int i) {
        Object row = java.lang.reflect.Array.get(value, i);
        if (row.getClass().isArray()) {
            return ((Number) java.lang.reflect.Array.get(row, 0)).doubleValue();
        }
        return ((Number) row).doubleValue();
    }

    private static double[] numbers(Frame data, String column) {
        Column c = data.column(column);
        double[] x = new double[c.size()];
        for (int i = 0; i < x.length; i++) {
            Object v = c.get(i);
            if (v == null) {
                x[i] = Double.NaN;
            } else if (v instanceof Number num) {
                x[i] = num.doubleValue();
            } else if (v instanceof Boolean b) {
                x[i] = b ? 1 : 0;
            } else {
                throw new InputException(data.source() + ": column '" + column + "' must be numeric for the ONNX model, found '" + v + "'");
            }
        }
        return dev.probity.core.frame.Numbers.requireFinite(data, column, x, "feature");
    }

    private static OnnxTensor tensor(OrtEnvironment env, OnnxJavaType type, double[] values, int rows, int cols) throws OrtException {
        long[] shape = {rows, cols};
        return switch (type) {
            case FLOAT -> {
                float[] f = new float[values.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) values[i];
                }
                yield OnnxTensor.createTensor(env, FloatBuffer.wrap(f), shape);
            }
            case DOUBLE -> OnnxTensor.createTensor(env, DoubleBuffer.wrap(values), shape);
            case INT64, INT32 -> {
                long[] l = new long[values.length];
                for (int i = 0; i < l.length; i++) {
                    l[i] = (long) values[i];
                }
                yield OnnxTensor.createTensor(env, LongBuffer.wrap(l), shape);
            }
            default -> throw new InputException("unsupported ONNX input type " + type);
        };
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException ignored) {
            // closing a session that failed to inspect; nothing more to do
        }
    }

    @Override
    public void close() {
        closeQuietly(session);
    }
}
