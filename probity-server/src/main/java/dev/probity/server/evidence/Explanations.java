package dev.probity.server.evidence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Feature;
import dev.probity.core.model.Model;
import dev.probity.explain.ExplainMethod;
import dev.probity.explain.ExplainResult;
import dev.probity.explain.ExplainSettings;
import dev.probity.explain.Explainers;
import dev.probity.ledger.Evidence;
import dev.probity.ledger.registry.Event;
import dev.probity.ledger.registry.ModelState;
import dev.probity.models.io.ModelFiles;
import dev.probity.report.json.ExplainJson;
import dev.probity.server.ingest.ModelDefinition;
import dev.probity.server.ingest.Records;
import dev.probity.server.store.Ingestion;
import dev.probity.server.store.ModelStore;
import dev.probity.server.store.Statistics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Why the model decided one logged prediction: the registered model file named by the model's definition
 * ({@code registered}), checked against the SHA-256 the registry recorded, explains the logged inputs with the
 * library's reason codes (adverse-action reasons, as Regulation B asks; the reasons for an individual GDPR Art. 15
 * asks about) and a plain-language explanation, against a background of the model's recent logged inputs.
 */
public final class Explanations {
    /** How many recent logged predictions form the background. */
    static final int BACKGROUND = 200;

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final Statistics statistics;
    private final EvidenceStore evidence;

    public Explanations(Statistics statistics, EvidenceStore evidence) {
        this.statistics = statistics;
        this.evidence = evidence;
    }

    /**
     * Explains the logged prediction {@code id} of model {@code m} ({@code probity.logged-explanation/v1}).
     *
     * @param favourable {@code positive} when the model's positive class is the favourable outcome, {@code negative}
     *                   when it is the unfavourable one (reasons are given for the unfavourable decision); null: positive
     */
    public ObjectNode explain(ModelStore.StoredModel m, String id, String favourableParam) {
        ModelDefinition def = m.definition();
        ObjectNode logged = statistics.prediction(m.name(), id)
                .orElseThrow(() -> new Ingestion.NotFoundException("no prediction '" + InputException.shown(id) + "' of " + m.name()));
        String[] nv = def.registeredVersion();
        if (nv == null) {
            throw new ModelStore.ConflictException("the model " + m.name() + " names no registered model version ('registered' in its "
                    + "definition), so there is no model file to explain its predictions with");
        }
        Event registration = evidence.read(r -> {
            ModelState s;
            try {
                s = r.model(nv[0], nv[1]);
            } catch (InputException e) {
                throw new ModelStore.ConflictException(m.name() + "'s definition names " + def.registered() + ", which is not registered in "
                        + "the service's evidence log");
            }
            return s.registered();
        });
        String sha = registration.text("sha256");
        Object path = registration.object("file").get("path");
        Path file = path == null ? null : Path.of(path.toString());
        if (file == null || !Files.isRegularFile(file)) {
            throw new ModelStore.ConflictException("the registered file of " + def.registered() + " (" + path + ") is not on the service's disk");
        }
        String onDisk;
        try {
            onDisk = Evidence.sha256(file);
        } catch (IOException e) {
            throw new ModelStore.ConflictException("cannot read the registered file " + file + ": " + e.getMessage());
        }
        if (!sha.equals(onDisk)) {
            throw new ModelStore.ConflictException("the file " + file + " no longer has the SHA-256 registered for " + def.registered()
                    + " (" + sha + "); it was changed after registration, so it cannot speak for the logged decisions");
        }
        Model model = ModelFiles.load(file, null);
        List<String> features = model.info().features().stream().map(Feature::name).toList();
        @SuppressWarnings("unchecked")
        Map<String, Object> inputs = JSON.convertValue(logged.get("inputs"), Map.class);
        List<String> absent = features.stream().filter(f -> !inputs.containsKey(f)).toList();
        if (!absent.isEmpty()) {
            throw new ModelStore.ConflictException("the logged prediction " + id + " lacks the model's inputs " + absent
                    + "; log them (as features of the model's definition) to explain its decisions");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(inputs);
        rows.addAll(statistics.recentInputs(m.name(), BACKGROUND, id));
        Frame frame = Records.inputFrame(m.name() + " prediction " + id, rows, features);
        String favourable = favourableParam == null ? "positive" : favourableParam.strip().toLowerCase(java.util.Locale.ROOT);
        if (!favourable.equals("positive") && !favourable.equals("negative")) {
            throw new InputException("favourable is positive (the model's positive class is the favourable outcome) or negative",
                    new InputException.Location("query", 0, 0, "favourable", favourableParam));
        }
        ExplainSettings defaults = ExplainSettings.defaults();
        ExplainSettings settings = defaults.withReasons(defaults.maxReasons(), defaults.statements(), favourable.equals("positive"));
        ExplainResult result = Explainers.explain(model, frame, frame, List.of(0), ExplainMethod.REASONS, settings);
        double[] decision = model.predict(frame);
        String decided = model.info().classes().isEmpty() ? String.valueOf(decision[0]) : model.info().classes().get((int) decision[0]);
        ObjectNode o = JSON.createObjectNode();
        o.put("schema", "probity.logged-explanation/v1");
        o.put("model", m.name());
        o.put("id", id);
        o.put("registered", def.registered());
        o.put("sha256", sha);
        o.put("logged_prediction", logged.path("prediction").asText());
        o.put("model_decision", decided);
        boolean same = decided.equals(logged.path("prediction").asText());
        o.put("matches_logged", same);
        List<String> classes = model.info().classes();
        if (classes.size() == 2) {
            o.put("favourable_class", classes.get(favourable.equals("positive") ? 1 : 0));
            o.put("favourable", favourable + " (set with favourable=positive|negative; reasons are given for the unfavourable decision)");
        }
        if (!same) {
            o.put("warning", "the registered model decides '" + decided + "' for these inputs but '" + logged.path("prediction").asText()
                    + "' was logged: the logged decision was not made by this file alone (another version, a threshold or a human "
                    + "override); the explanation below is of the registered model's decision");
        }
        ObjectNode bg = o.putObject("background");
        bg.put("rows", rows.size());
        bg.put("source", "the model's most recent logged predictions (up to " + BACKGROUND + "), this one included");
        try {
            o.set("explanation", JSON.readTree(ExplainJson.toString(result)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return o;
    }
}
