package dev.probity.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a model came from, recorded by whatever made it: a trainer ({@code train}), a mitigation method built on
 * other models ({@code mitigate}), or a file made elsewhere ({@code load}). It names the method and every
 * parameter that shaped the result, the seed, the data it was fitted on (a {@link DataFingerprint}), the models it
 * was built from, and the library versions. Model files serialize it; the ledger and the model registry record it.
 * No clock time is part of it, so the same inputs give the same provenance.
 *
 * @param step       {@code train}, {@code mitigate} or {@code load}
 * @param method     what made the model: a trainer's algorithm ({@code logistic}), a mitigation method
 *                   ({@code threshold-optimizer}) or a format ({@code onnx})
 * @param parameters every parameter, by name, sorted (plain values: see {@link PlainValues})
 * @param data       the data it was fitted on, or null (a loaded model, or a post-processor's base data is the
 *                   parent's)
 * @param features   the columns it reads
 * @param label      the label it was fitted to, or null
 * @param seed       the seed of every random choice
 * @param parents    the provenance of the models it was built from (a mitigated model's baseline), in order
 * @param libraries  library name → version
 */
public record Provenance(String step, String method, Map<String, Object> parameters, DataFingerprint data,
                         List<String> features, String label, long seed, List<Provenance> parents,
                         Map<String, String> libraries) {
    public static final String TRAIN = "train";
    public static final String MITIGATE = "mitigate";
    public static final String LOAD = "load";

    public Provenance {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(method, "method");
        parameters = Collections.unmodifiableMap(new TreeMap<>(PlainValues.map(parameters)));
        features = features == null ? List.of() : List.copyOf(features);
        parents = parents == null ? List.of() : List.copyOf(parents);
        libraries = Collections.unmodifiableMap(new TreeMap<>(libraries == null ? Map.of() : libraries));
    }

    /** A model whose origin nobody recorded (a {@link Model} implementation that does not say). */
    public static Provenance unrecorded(ModelInfo info) {
        return new Provenance(LOAD, info.algorithm(), info.parameters(), null,
                info.features().stream().map(Feature::name).toList(), info.label(), 0, List.of(), Map.of());
    }

    /** The same provenance with other parameters added (later entries win). */
    public Provenance withParameters(Map<String, Object> more) {
        Map<String, Object> p = new LinkedHashMap<>(parameters);
        p.putAll(more);
        return new Provenance(step, method, p, data, features, label, seed, parents, libraries);
    }

    /** Every provenance in this model's lineage, this one first, then its parents depth-first. */
    public List<Provenance> lineage() {
        List<Provenance> out = new ArrayList<>();
        out.add(this);
        for (Provenance p : parents) {
            out.addAll(p.lineage());
        }
        return out;
    }
}
