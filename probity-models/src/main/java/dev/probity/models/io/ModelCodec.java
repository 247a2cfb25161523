package dev.probity.models.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.model.Model;
import dev.probity.core.model.Provenance;

/**
 * Reads and writes one kind of model in the model file ({@code probity.model/v1}). Each kind of {@link Model} that
 * can be saved has a codec, found with {@link java.util.ServiceLoader} ({@code META-INF/services}), so a module
 * above this one (mitigation's post-processed and randomized models, say) adds its kinds without this module
 * knowing them. A codec writes only its own fields; {@link ModelFiles} adds {@code kind} and {@code provenance},
 * and {@link Nested} writes and reads the models a model is built on, so they keep their own provenance.
 */
public interface ModelCodec {
    /** The {@code kind} value in the file, e.g. {@code pipeline}, {@code group-thresholds}. */
    String kind();

    /** The model class this codec writes (exactly; subclasses need their own codec). */
    Class<? extends Model> type();

    /** The kind-specific fields of {@code model}, added to {@code node}. */
    void write(Model model, ObjectNode node, Nested nested);

    /** The model from its node; {@code provenance} is the one stored next to it. */
    Model read(JsonNode node, Provenance provenance, Nested nested);

    /** Writing and reading models inside a model, and the JSON mapper of the file. */
    interface Nested {
        com.fasterxml.jackson.databind.ObjectMapper json();

        /** A model inside this one, as a node with its kind and provenance. */
        ObjectNode write(Model inner);

        /** A model inside this one, from such a node. */
        Model read(JsonNode node);
    }
}
