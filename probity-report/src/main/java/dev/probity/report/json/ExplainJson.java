package dev.probity.report.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.InputException;
import dev.probity.explain.ExplainResult;
import dev.probity.explain.global.GlobalViews;
import dev.probity.explain.reasons.Reasons;
import dev.probity.explain.shap.Explanation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Explanations as JSON, schema {@value ExplainResult#SCHEMA}: per explained row its explanation (features, their
 * values, contributions, base, prediction, facts), and where the method gives them its reasons, plain-language text
 * and counterfactuals; for the global view one result with importance, mean |SHAP|, partial dependence and the
 * surrogate tree. Keys keep a fixed order, so the same run writes the same bytes; {@link #read} gives back an equal
 * {@link ExplainResult}.
 */
public final class ExplainJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ExplainJson() {
    }

    public static String toString(ExplainResult r) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("schema", ExplainResult.SCHEMA);
        ObjectNode tool = doc.putObject("tool");
        tool.put("name", "probity");
        tool.put("version", AuditJson.VERSION);
        doc.put("model", r.model());
        doc.put("method", r.method());
        doc.put("data", r.source());
        if (!r.warnings().isEmpty()) {
            ArrayNode w = doc.putArray("warnings");
            r.warnings().forEach(w::add);
        }
        ArrayNode results = doc.putArray("results");
        if (r.global() != null) {
            ExplainResult.Global g = r.global();
            ObjectNode o = results.addObject();
            o.put("rows", g.rows());
            if (g.permutationImportance() != null) {
                o.set("permutation_importance", JSON.valueToTree(g.permutationImportance()));
                o.put("importance_score", g.importanceScore());
            }
            ObjectNode mean = o.putObject("mean_abs_shap");
            g.meanAbsShap().forEach(m -> mean.put(m.feature(), m.value()));
            o.set("partial_dependence", JSON.valueToTree(g.partialDependence()));
            ObjectNode sur = o.putObject("surrogate_tree");
            sur.put("r2", g.surrogateR2());
            sur.put("decision_agreement", g.surrogateAgreement());
            sur.put("rules", g.surrogateRules());
        }
        for (ExplainResult.Row row : r.rows()) {
            ObjectNode o = results.addObject();
            o.put("row", row.row());
            if (row.explanation() != null) {
                o.set("explanation", JSON.valueToTree(row.explanation()));
            }
            if (r.method().equals("reasons")) {
                o.set("reasons", JSON.valueToTree(row.reasons()));
                o.put("plain_language", row.plainLanguage());
            }
            if (r.method().equals("counterfactual")) {
                ArrayNode cfs = o.putArray("counterfactuals");
                for (ExplainResult.Counterfactual c : row.counterfactuals()) {
                    ObjectNode cn = cfs.addObject();
                    cn.set("changes", JSON.valueToTree(c.changes()));
                    cn.put("score_before", c.scoreBefore());
                    cn.put("score_after", c.scoreAfter());
                    cn.put("distance", c.distance());
                }
            }
        }
        try {
            return FiniteJson.write(JSON, doc);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a document {@link #toString} wrote; {@code source} names it in errors. */
    public static ExplainResult read(byte[] json, String source) {
        JsonNode d;
        try {
            d = JSON.readTree(json);
        } catch (IOException e) {
            throw new InputException(source + ": " + dev.probity.core.io.JsonErrors.describe(json, e));
        }
        if (d == null || !ExplainResult.SCHEMA.equals(d.path("schema").asText())) {
            throw new InputException(source + ": not Probity explanations (no \"schema\": \"" + ExplainResult.SCHEMA + "\")");
        }
        try {
            String method = d.path("method").asText();
            List<ExplainResult.Row> rows = new ArrayList<>();
            ExplainResult.Global global = null;
            for (JsonNode o : d.path("results")) {
                if (o.has("mean_abs_shap")) {
                    List<ExplainResult.MeanAbs> mean = new ArrayList<>();
                    o.path("mean_abs_shap").fields().forEachRemaining(e -> mean.add(new ExplainResult.MeanAbs(e.getKey(), e.getValue().asDouble())));
                    List<GlobalViews.Importance> importance = o.has("permutation_importance")
                            ? JSON.convertValue(o.get("permutation_importance"), new TypeReference<List<GlobalViews.Importance>>() { }) : null;
                    JsonNode sur = o.path("surrogate_tree");
                    global = new ExplainResult.Global(o.path("rows").asInt(), importance,
                            o.has("importance_score") ? o.get("importance_score").asText() : null, mean,
                            JSON.convertValue(o.path("partial_dependence"), new TypeReference<List<GlobalViews.Dependence>>() { }),
                            sur.path("r2").asDouble(), sur.path("decision_agreement").asDouble(), sur.path("rules").asText());
                    continue;
                }
                Explanation e = o.has("explanation") ? JSON.treeToValue(o.get("explanation"), Explanation.class) : null;
                List<Reasons.Reason> reasons = o.has("reasons")
                        ? JSON.convertValue(o.get("reasons"), new TypeReference<List<Reasons.Reason>>() { }) : List.of();
                List<ExplainResult.Counterfactual> cfs = new ArrayList<>();
                for (JsonNode c : o.path("counterfactuals")) {
                    cfs.add(new ExplainResult.Counterfactual(JSON.convertValue(c.path("changes"), new TypeReference<Map<String, String>>() { }),
                            c.path("score_before").asDouble(), c.path("score_after").asDouble(), c.path("distance").asDouble()));
                }
                rows.add(new ExplainResult.Row(o.path("row").asInt(), e, reasons,
                        o.has("plain_language") && !o.get("plain_language").isNull() ? o.get("plain_language").asText() : null, cfs));
            }
            List<String> warnings = new ArrayList<>();
            d.path("warnings").forEach(w -> warnings.add(w.asText()));
            return new ExplainResult(method, d.path("model").asText(), d.path("data").asText(), rows, global, warnings);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InputException(source + ": a damaged " + ExplainResult.SCHEMA + " document (" + e.getMessage() + ")", e);
        }
    }

    public static ExplainResult read(String json) {
        return read(json.getBytes(StandardCharsets.UTF_8), "explanation JSON");
    }
}
