package dev.probity.text.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.model.Model;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.Provenance;
import dev.probity.models.io.ModelCodec;
import dev.probity.models.pipeline.Estimator;
import dev.probity.text.encode.SentenceEncoder;

/**
 * {@code text-classifier} in the model file: the model's description, its encoder's identity (name, SHA-256 of
 * the model and tokenizer files, token limit, pooling) and the head. The encoder's weights are not copied into the
 * file: they come from the class path, checked against the recorded hashes when the model first predicts.
 */
public final class TextClassifierCodec implements ModelCodec {
    @Override
    public String kind() {
        return "text-classifier";
    }

    @Override
    public Class<? extends Model> type() {
        return TextClassifier.class;
    }

    @Override
    public void write(Model model, ObjectNode node, Nested nested) {
        TextClassifier m = (TextClassifier) model;
        node.set("info", nested.json().valueToTree(m.info()));
        node.set("encoder", nested.json().valueToTree(m.encoderIdentity()));
        node.set("head", nested.json().valueToTree(m.head()));
    }

    @Override
    public Model read(JsonNode node, Provenance provenance, Nested nested) {
        ModelInfo info = nested.json().convertValue(node.path("info"), ModelInfo.class);
        SentenceEncoder.Identity encoder = nested.json().convertValue(node.path("encoder"), SentenceEncoder.Identity.class);
        Estimator head = nested.json().convertValue(node.path("head"), Estimator.class);
        return new TextClassifier(info, encoder, head, provenance);
    }
}
