package dev.probity.models.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.InputException;
import dev.probity.core.io.AtomicFiles;
import dev.probity.core.model.DataFingerprint;
import dev.probity.core.model.Model;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.Provenance;
import dev.probity.models.onnx.OnnxModel;
import dev.probity.models.xgboost.XgbModels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The Probity model file ({@code probity.model/v1}): one JSON document holding any model Probity makes — a
 * trained pipeline, a mitigated model wrapping its baseline, a mixture — with its {@link Provenance} and, optionally,
 * evaluation metrics. Each kind of model is written by its {@link ModelCodec}; a model built on others holds them
 * nested, each with its own kind and provenance. No clock time is recorded and keys are sorted, so the same model
 * writes the same bytes, and reading a file and writing it again gives the same bytes.
 *
 * <pre>
 * { "format": "probity.model/v1", "kind": "pipeline", "info": …, "encoder": …, "estimator": …,
 *   "provenance": { "step": "train", "method": "logistic", "data": {"source", "rows", "sha256"}, … },
 *   "evaluation": { "train": {"accuracy": …}, … } }
 * </pre>
 * Files written before kinds existed (no {@code kind}, provenance with {@code dataSha256}) are read as pipelines.
 */
public final class ModelFiles {
    public static final String FORMAT = "probity.model/v1";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static volatile Map<String, ModelCodec> byKind;
    private static volatile Map<Class<?>, ModelCodec> byType;

    private ModelFiles() {
    }

    /** A model file's content: the model and the evaluation metrics saved with it (dataset → metric → value). */
    public record Content(Model model, Map<String, Map<String, Double>> evaluation) {
        public Content {
            evaluation = evaluation == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(evaluation));
        }
    }

    /** Versions of the libraries that produce or run models. */
    public static Map<String, String> libraries() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("probity", version(ModelFiles.class, "0.1.0"));
        m.put("java", Runtime.version().toString());
        m.put("onnxruntime", version("ai.onnxruntime.OrtEnvironment"));
        m.put("xgboost4j", version("ml.dmlc.xgboost4j.java.XGBoost"));
        return m;
    }

    /**
     * A library's version by one of its classes, "unknown" when its jar does not say, "absent" when it is not on the
     * class path (a Spark cluster runs Probity without XGBoost4J, whose Scala 2.12 runtime clashes with Spark's 2.13).
     */
    private static String version(String className) {
        try {
            return version(Class.forName(className, false, ModelFiles.class.getClassLoader()), "unknown");
        } catch (ClassNotFoundException | LinkageError e) {
            return "absent";
        }
    }

    private static String version(Class<?> c, String fallback) {
        String v = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
        return v == null ? fallback : v;
    }

    /** Saves {@code model} (any kind with a codec) atomically. */
    public static void save(Model model, Path file) {
        save(model, Map.of(), file);
    }

    /** Saves {@code model} with evaluation metrics (dataset → metric → value) atomically. */
    public static void save(Model model, Map<String, Map<String, Double>> evaluation, Path file) {
        byte[] bytes = toBytes(new Content(model, evaluation));
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** The file's bytes for {@code content}. */
    public static byte[] toBytes(Content content) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.setAll(node(content.model()));
        if (!content.evaluation().isEmpty()) {
            root.set("evaluation", JSON.valueToTree(content.evaluation()));
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the model: " + e.getMessage(), e);
        }
    }

    /** Reads a model file's bytes; {@code source} names them in errors. */
    public static Content fromBytes(byte[] bytes, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new InputException(source + ": not a Probity model file: " + dev.probity.core.io.JsonErrors.describe(bytes, e));
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            String other = root != null && root.isObject() ? root.path("format").asText("") : "";
            // say what the file is when it names another Probity format (an entity tagger is not a scoring model)
            throw new InputException(source + ": not a Probity model file (no \"format\": \"" + FORMAT + "\""
                    + (other.startsWith("probity.") && other.length() < 60 ? "; it is " + other : "") + ")");
        }
        try {
            Map<String, Map<String, Double>> evaluation = root.has("evaluation")
                    ? JSON.convertValue(root.get("evaluation"), new TypeReference<Map<String, Map<String, Double>>>() { })
                    : legacyMetrics(root);
            Model model = model(root, source);
            selfCheck(model);
            return new Content(model, evaluation);
        } catch (InputException e) {
            throw e;
        } catch (RuntimeException e) {
            // a codec met a field that is missing or of the wrong shape, or the parts do not fit: damaged or hand-edited
            throw new InputException(source + ": a damaged " + FORMAT + " model file: " + damage(e), e);
        }
    }

    /**
     * Runs the model on one row of neutral values (0, false, an unseen category), so that a file whose parts do not fit
     * (coefficients for fewer columns than its encoder makes, a missing estimator) fails here, when it is read, and not
     * later with an index error in the middle of someone's evaluation.
     */
    private static void selfCheck(Model model) {
        List<dev.probity.core.frame.Column> cols = new java.util.ArrayList<>();
        for (dev.probity.core.model.Feature f : model.info().features()) {
            cols.add(switch (f.type()) {
                case LONG -> dev.probity.core.frame.LongColumn.of(f.name(), 0L);
                case DOUBLE -> dev.probity.core.frame.DoubleColumn.of(f.name(), 0.0);
                case BOOLEAN -> dev.probity.core.frame.BooleanColumn.of(f.name(), false);
                case STRING -> dev.probity.core.frame.StringColumn.of(f.name(), "");
            });
        }
        if (cols.isEmpty()) {
            return;
        }
        try {
            model.predictProba(dev.probity.core.frame.Frame.of(cols.toArray(new dev.probity.core.frame.Column[0])));
        } catch (InputException e) {
            // the neutral row is not a fair question for every model (an ONNX model's own checks); not damage
        }
    }

    /** What is wrong with a damaged file, in words: the field that is missing or malformed, without Java's internals. */
    static String damage(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
                StringBuilder path = new StringBuilder();
                for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
                    path.append(r.getFieldName() != null ? (path.isEmpty() ? "" : ".") + r.getFieldName() : "[" + r.getIndex() + "]");
                }
                return "the field '" + path + "' does not hold what a model file holds there";
            }
        }
        if (e instanceof NullPointerException) {
            return "a part it needs is missing";
        }
        if (e instanceof IndexOutOfBoundsException) {
            return "its parts do not fit together (an array is shorter than the model needs)";
        }
        return "its parts do not fit together";
    }

    /** Reads a Probity model file. */
    public static Content read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + (Files.isDirectory(file) ? ": a directory, not a model file" : ": no such model file"));
        }
        try {
            return fromBytes(dev.probity.core.io.FileBytes.read(file), file.toString());
        } catch (IOException e) {
            throw new InputException(file + ": cannot read the model: " + e.getMessage());
        }
    }

    /** The provenance saved in a Probity model file. */
    public static Provenance provenance(Path file) {
        return read(file).model().provenance();
    }

    /**
     * Loads any model Probity runs: a Probity model file, an ONNX file ({@code .onnx}), or an XGBoost JSON or
     * UBJSON file. {@code features} names the columns of ONNX tensor inputs and unnamed XGBoost features.
     */
    public static Model load(Path file, List<String> features) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + (Files.isDirectory(file) ? ": a directory, not a model file" : ": no such model file"));
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".onnx")) {
            return OnnxModel.load(file, features, null);
        }
        if (name.endsWith(".ubj")) {
            return XgbModels.load(file, features);
        }
        if (name.endsWith(".txt")) {
            throw new InputException(file + ": a LightGBM text model? Those are read only by the tree-shap explanation, "
                    + "which needs no LightGBM; Probity runs Probity, ONNX and XGBoost models");
        }
        byte[] bytes;
        try {
            bytes = dev.probity.core.io.FileBytes.read(file);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read the model: " + e.getMessage());
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new InputException(file + ": not a model Probity can read (a Probity model file, ONNX or XGBoost): "
                    + dev.probity.core.io.JsonErrors.describe(bytes, e));
        }
        if (root == null || root.isMissingNode()) {
            throw new InputException(file + ": the file is empty, not a model");
        }
        if (FORMAT.equals(root.path("format").asText())) {
            return fromBytes(bytes, file.toString()).model();
        }
        if (root != null && root.has("learner")) {
            return XgbModels.load(file, features);
        }
        String other = root.isObject() ? root.path("format").asText("") : "";
        // say what the file is when it names another Probity format (an entity tagger is not a scoring model)
        throw new InputException(file + ": JSON, but neither a Probity model (no \"format\": \"" + FORMAT
                + "\") nor an XGBoost model (no \"learner\")"
                + (other.startsWith("probity.") && other.length() < 60 ? "; it is " + other : ""));
    }

    /** A model as a node: its codec's fields, then {@code kind} and {@code provenance}. */
    static ObjectNode node(Model model) {
        ModelCodec codec = codecs(model.getClass());
        ObjectNode node = JSON.createObjectNode();
        node.put("kind", codec.kind());
        codec.write(model, node, NESTED);
        node.set("provenance", JSON.valueToTree(model.provenance()));
        return node;
    }

    static Model model(JsonNode node, String source) {
        String kind = node.has("kind") ? node.get("kind").asText() : "pipeline";
        ModelCodec codec = kinds().get(kind);
        if (codec == null) {
            throw new InputException(source + ": unknown model kind '" + kind + "'; this Probity reads " + new java.util.TreeSet<>(kinds().keySet())
                    + " (a module that defines it may be missing from the class path)");
        }
        return codec.read(node, provenance(node), NESTED);
    }

    private static Provenance provenance(JsonNode node) {
        JsonNode p = node.path("provenance");
        if (p.isMissingNode() || p.isNull()) {
            return null;
        }
        if (p.has("step")) {
            return JSON.convertValue(p, Provenance.class);
        }
        // Files from before kinds: {data, dataSha256, rows, features, label, parameters, seed, libraries, metrics}
        ModelInfo info = JSON.convertValue(node.path("info"), ModelInfo.class);
        DataFingerprint data = p.hasNonNull("dataSha256")
                ? new DataFingerprint(p.path("data").asText(null), p.path("rows").asLong(), p.get("dataSha256").asText()) : null;
        List<String> features = new ArrayList<>();
        p.path("features").forEach(f -> features.add(f.asText()));
        Map<String, Object> params = JSON.convertValue(p.path("parameters"), new TypeReference<Map<String, Object>>() { });
        Map<String, String> libs = JSON.convertValue(p.path("libraries"), new TypeReference<Map<String, String>>() { });
        return new Provenance(Provenance.TRAIN, info.algorithm(), params, data, features, p.path("label").asText(null),
                p.path("seed").asLong(), List.of(), libs);
    }

    private static Map<String, Map<String, Double>> legacyMetrics(JsonNode root) {
        JsonNode m = root.path("provenance").path("metrics");
        return m.isObject() ? JSON.convertValue(m, new TypeReference<Map<String, Map<String, Double>>>() { }) : Map.of();
    }

    private static final ModelCodec.Nested NESTED = new ModelCodec.Nested() {
        @Override
        public ObjectMapper json() {
            return JSON;
        }

        @Override
        public ObjectNode write(Model inner) {
            return node(inner);
        }

        @Override
        public Model read(JsonNode node) {
            return model(node, "nested model");
        }
    };

    /** The codec that writes {@code type}; a model kind without one cannot be saved. */
    static ModelCodec codecs(Class<?> type) {
        load();
        ModelCodec c = byType.get(type);
        if (c == null) {
            throw new IllegalArgumentException(type.getName() + " has no model-file codec (ModelCodec); it cannot be saved");
        }
        return c;
    }

    /** Kind → codec, for every codec on the class path. */
    public static Map<String, ModelCodec> kinds() {
        load();
        return byKind;
    }

    private static synchronized void load() {
        if (byKind != null) {
            return;
        }
        Map<String, ModelCodec> k = new TreeMap<>();
        Map<Class<?>, ModelCodec> t = new HashMap<>();
        for (ModelCodec c : ServiceLoader.load(ModelCodec.class, ModelFiles.class.getClassLoader())) {
            ModelCodec old = k.put(c.kind(), c);
            if (old != null && old.getClass() != c.getClass()) {
                throw new IllegalStateException("two codecs for model kind '" + c.kind() + "': " + old.getClass() + ", " + c.getClass());
            }
            t.put(c.type(), c);
        }
        byType = t;
        byKind = Collections.unmodifiableMap(k);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
