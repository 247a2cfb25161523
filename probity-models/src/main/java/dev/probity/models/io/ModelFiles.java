package dev.probity.models.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;
import dev.probity.core.io.AtomicFiles;
import dev.probity.core.model.Model;
import dev.probity.core.model.ModelInfo;
import dev.probity.models.encode.Encoder;
import dev.probity.models.onnx.OnnxModel;
import dev.probity.models.pipeline.Estimator;
import dev.probity.models.pipeline.PipelineModel;
import dev.probity.models.xgboost.XgbModels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Probity model file ({@code probity.model/v1}): one JSON document holding the model's description, its
 * fitted encoder and estimator, and its provenance — a SHA-256 of the training data's content, every
 * parameter and the seed, the library versions, and the training/validation/test metrics. No clock time
 * is recorded, so training twice on the same data with the same seed writes the same bytes.
 */
public final class ModelFiles {
    public static final String FORMAT = "probity.model/v1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private ModelFiles() {
    }

    /** Where a model came from. */
    public record Provenance(String data, String dataSha256, long rows, List<String> features, String label,
                             Map<String, Object> parameters, long seed, Map<String, String> libraries,
                             Map<String, Map<String, Double>> metrics) {
    }

    /** The content hash of a frame: column names and types, then every value as text, row by row. */
    public static String contentHash(Frame f) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Column c : f.columns()) {
                md.update((c.name() + "\u0000" + c.type().label() + "\u0001").getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 0; i < f.rowCount(); i++) {
                for (Column c : f.columns()) {
                    String v = c.format(i);
                    md.update(v == null ? new byte[] {2} : v.getBytes(StandardCharsets.UTF_8));
                    md.update((byte) 0);
                }
                md.update((byte) '\n');
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Versions of the libraries that produced or run models. */
    public static Map<String, String> libraries() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("probity", version(ModelFiles.class, "0.1.0"));
        m.put("java", Runtime.version().toString());
        m.put("onnxruntime", version(ai.onnxruntime.OrtEnvironment.class, "unknown"));
        m.put("xgboost4j", version(ml.dmlc.xgboost4j.java.XGBoost.class, "unknown"));
        return m;
    }

    private static String version(Class<?> c, String fallback) {
        String v = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
        return v == null ? fallback : v;
    }

    public static void save(PipelineModel model, Provenance provenance, Path file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.set("info", JSON.valueToTree(model.info()));
        root.set("encoder", JSON.valueToTree(model.encoder()));
        root.set("estimator", JSON.valueToTree(model.estimator()));
        root.set("provenance", JSON.valueToTree(provenance));
        try {
            byte[] bytes = JSON.writeValueAsBytes(root);
            AtomicFiles.write(file, out -> out.write(bytes));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the model: " + e.getMessage(), e);
        }
    }

    /** Reads a Probity model file and its provenance. */
    public static PipelineModel loadProbity(Path file) {
        JsonNode root = readJson(file);
        try {
            ModelInfo info = JSON.treeToValue(root.path("info"), ModelInfo.class);
            Encoder encoder = JSON.treeToValue(root.path("encoder"), Encoder.class);
            Estimator estimator = JSON.treeToValue(root.path("estimator"), Estimator.class);
            return new PipelineModel(info, encoder, estimator);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InputException(file + ": not a valid " + FORMAT + " model: " + e.getMessage());
        }
    }

    public static Provenance provenance(Path file) {
        try {
            return JSON.treeToValue(readJson(file).path("provenance"), Provenance.class);
        } catch (JsonProcessingException e) {
            throw new InputException(file + ": unreadable provenance: " + e.getMessage());
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            JsonNode root = JSON.readTree(Files.readAllBytes(file));
            if (!FORMAT.equals(root.path("format").asText())) {
                throw new InputException(file + ": not a Probity model file (no \"format\": \"" + FORMAT + "\")");
            }
            return root;
        } catch (IOException e) {
            throw new InputException(file + ": cannot read the model: " + e.getMessage());
        }
    }

    /**
     * Loads any model Probity runs: a Probity model file, an ONNX file ({@code .onnx}), or an XGBoost JSON or
     * UBJSON file. {@code features} names the columns of ONNX tensor inputs and unnamed XGBoost features.
     */
    public static Model load(Path file, List<String> features) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": no such model file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".onnx")) {
            return OnnxModel.load(file, features, null);
        }
        if (name.endsWith(".ubj")) {
            return XgbModels.load(file, features);
        }
        try {
            JsonNode root = JSON.readTree(Files.readAllBytes(file));
            if (FORMAT.equals(root.path("format").asText())) {
                return loadProbity(file);
            }
            if (root.has("learner")) {
                return XgbModels.load(file, features);
            }
        } catch (IOException e) {
            throw new InputException(file + ": neither a Probity model, an ONNX file nor an XGBoost model: " + e.getMessage());
        }
        throw new InputException(file + ": neither a Probity model (\"format\": \"" + FORMAT + "\") nor an XGBoost model (\"learner\")");
    }
}
