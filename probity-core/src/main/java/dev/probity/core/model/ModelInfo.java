package dev.probity.core.model;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;

import java.util.List;
import java.util.Map;

/**
 * What a model is: the algorithm that made it, the columns it reads, the classes it predicts (in the
 * order of {@code predictProba}'s columns) and the kind of output.
 *
 * @param algorithm  a short name such as {@code logistic}, {@code tree}, {@code xgboost}, {@code onnx}
 * @param features   the input columns, in the order the model reads them
 * @param label      the name of the label the model was trained on, or {@code null} when unknown
 * @param classes    class labels for classifiers (empty for regressors)
 * @param output     binary, multiclass or regression
 * @param parameters every parameter that shaped the model, for provenance and display
 */
public record ModelInfo(String algorithm, List<Feature> features, String label, List<String> classes,
                        TaskKind output, Map<String, Object> parameters) {
    public ModelInfo {
        features = List.copyOf(features);
        classes = List.copyOf(classes);
        parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        if (output == TaskKind.BINARY && classes.size() != 2) {
            throw new IllegalArgumentException("a binary model needs 2 classes, got " + classes);
        }
    }

    /** The class that {@code predictProba} column 1 stands for in a binary model. */
    public String positiveClass() {
        if (output != TaskKind.BINARY) {
            throw new IllegalStateException("not a binary classifier");
        }
        return classes.get(1);
    }

    /**
     * Checks that {@code data} has every feature with a usable type; the error names the first column
     * that is missing or of the wrong type and lists what the model expects.
     */
    public void checkInputs(Frame data) {
        for (Feature f : features) {
            if (!data.has(f.name())) {
                throw new InputException(data.source() + ": the model reads column '" + f.name()
                        + "', which the data does not have. " + data.unknownColumnMessage(f.name())
                        + " The model expects: " + featureList());
            }
            Column c = data.column(f.name());
            if (!f.accepts(c.type())) {
                throw new InputException(data.source() + ": column '" + f.name() + "' is " + c.type().label()
                        + " but the model expects " + f.type().label());
            }
        }
    }

    private String featureList() {
        StringBuilder b = new StringBuilder();
        for (Feature f : features) {
            if (!b.isEmpty()) {
                b.append(", ");
            }
            b.append(f.name()).append(' ').append(f.type().label());
        }
        return b.toString();
    }
}
