package dev.probity.models.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.model.Model;
import dev.probity.core.model.Provenance;
import dev.probity.models.io.ModelCodec;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code onnx}: an ONNX model inside a Probity model file (as the baseline of a mitigated model, say): its bytes in
 * base64, the file name, and the feature and class names it was loaded with.
 */
public final class OnnxCodec implements ModelCodec {
    @Override
    public String kind() {
        return "onnx";
    }

    @Override
    public Class<? extends Model> type() {
        return OnnxModel.class;
    }

    @Override
    public void write(Model model, ObjectNode node, Nested nested) {
        OnnxModel m = (OnnxModel) model;
        node.put("file", String.valueOf(m.info().parameters().get("file")));
        if (m.givenFeatures() != null) {
            node.set("features", nested.json().valueToTree(m.givenFeatures()));
        }
        if (m.givenClasses() != null) {
            node.set("classes", nested.json().valueToTree(m.givenClasses()));
        }
        node.put("onnx", Base64.getEncoder().encodeToString(m.bytes()));
    }

    @Override
    public Model read(JsonNode node, Provenance provenance, Nested nested) {
        byte[] bytes = Base64.getDecoder().decode(node.path("onnx").asText());
        OnnxModel m = OnnxModel.fromBytes(node.path("file").asText("model.onnx"), node.path("file").asText("model.onnx"), bytes,
                names(node.get("features")), names(node.get("classes")));
        return provenance == null ? m : m.withProvenance(provenance);
    }

    private static List<String> names(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asText()));
        return out;
    }
}
