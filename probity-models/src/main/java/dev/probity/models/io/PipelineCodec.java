package dev.probity.models.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.model.Model;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.Provenance;
import dev.probity.models.encode.Encoder;
import dev.probity.models.pipeline.Estimator;
import dev.probity.models.pipeline.PipelineModel;

/** {@code pipeline}: a model Probity trained (or an XGBoost model it loaded): description, encoder, estimator. */
public final class PipelineCodec implements ModelCodec {
    @Override
    public String kind() {
        return "pipeline";
    }

    @Override
    public Class<? extends Model> type() {
        return PipelineModel.class;
    }

    @Override
    public void write(Model model, ObjectNode node, Nested nested) {
        PipelineModel m = (PipelineModel) model;
        node.set("info", nested.json().valueToTree(m.info()));
        node.set("encoder", nested.json().valueToTree(m.encoder()));
        node.set("estimator", nested.json().valueToTree(m.estimator()));
    }

    @Override
    public Model read(JsonNode node, Provenance provenance, Nested nested) {
        ModelInfo info = nested.json().convertValue(node.path("info"), ModelInfo.class);
        Encoder encoder = nested.json().convertValue(node.path("encoder"), Encoder.class);
        Estimator estimator = nested.json().convertValue(node.path("estimator"), Estimator.class);
        return new PipelineModel(info, encoder, estimator, provenance == null ? Provenance.unrecorded(info) : provenance);
    }
}
