package dev.probity.mitigation.models;

import dev.probity.core.Internal;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.DataFingerprint;
import dev.probity.core.model.Feature;
import dev.probity.core.model.Model;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.TaskKind;
import dev.probity.core.model.Provenance;
import dev.probity.models.io.ModelFiles;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the mitigated models share: their description and provenance, built from the base model's. */
@Internal("use Mitigations and the mitigated models")
public final class PostModels {
    private PostModels() {
    }

    /** The names of a model's input columns, in order (the columns a row's draw is keyed by). */
    public static List<String> inputs(ModelInfo info) {
        return info.features().stream().map(Feature::name).toList();
    }

    /**
     * The description of a model that reads {@code base}'s features and the protected {@code attributes}:
     * algorithm {@code method(base algorithm)}, the base model's classes and label, binary output.
     */
    public static ModelInfo info(String method, ModelInfo base, List<String> attributes, Frame data, Map<String, Object> parameters) {
        List<Feature> features = new ArrayList<>(base.features());
        for (String a : attributes) {
            if (features.stream().noneMatch(f -> f.name().equals(a))) {
                ColumnType t = data.has(a) ? data.column(a).type() : ColumnType.STRING;
                features.add(new Feature(a, t));
            }
        }
        return new ModelInfo(method + "(" + base.algorithm() + ")", features, base.label(), base.classes(),
                base.output() == TaskKind.REGRESSION ? TaskKind.REGRESSION : base.output(), parameters);
    }

    /** The provenance of a mitigated model: the method, its parameters, the data it was fitted on, the parents. */
    public static Provenance provenance(String method, Map<String, Object> parameters, Frame fittedOn, ModelInfo info,
                                        long seed, List<Model> parents) {
        return new Provenance(Provenance.MITIGATE, method, parameters, fittedOn == null ? null : DataFingerprint.of(fittedOn),
                inputs(info), info.label(), seed, parents.stream().map(Model::provenance).toList(), ModelFiles.libraries());
    }
}
