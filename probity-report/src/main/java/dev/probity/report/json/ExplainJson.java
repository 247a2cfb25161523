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
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        try {
            write(r, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /**
     * Writes the document to {@code out} (left open) one result at a time, so that the explanations of many rows are
     * not held as one text; non-finite numbers are written as null.
     */
    public static void write(ExplainResult r, java.io.OutputStream out) throws IOException {
        try (com.fasterxml.jackson.core.JsonGenerator g = FiniteJson.generator(JSON, out)) {
            g.writeStartObject();
            g.writeStringField("schema", ExplainResult.SCHEMA);
            g.writeObjectFieldStart("tool");
            g.writeStringField("name", "probity");
            g.writeStringField("version", AuditJson.VERSION);
            g.writeEndObject();
            g.writeStringField("model", r.model());
            g.writeStringField("method", r.method());
            g.writeStringField("data", r.source());
            if (!r.warnings().isEmpty()) {
                g.writeArrayFieldStart("warnings");
                for (String w : r.warnings()) {
                    g.writeString(w);
                }
                g.writeEndArray();
            }
            g.writeArrayFieldStart("results");
            if (r.global() != null) {
                JSON.writeTree(g, global(r.global()));
            }
            for (ExplainResult.Row row : r.rows()) {
                JSON.writeTree(g, row(r, row));
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static ObjectNode global(ExplainResult.Global g) {
        ObjectNode o = JSON.createObjectNode();
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
        return o;
    }

    private static ObjectNode row(ExplainResult r, ExplainResult.Row row) {
        ObjectNode o = JSON.createObjectNode();
        o.put("row", row.row());
        if (row.explanation() != null) {
            o.set("explanation", JSON.valueToTree(row.explanation()));
        }
        if (row.interactions() != null) {
            // SHAP interaction values: [i][j] for the explanation's features, in their order
            o.set("interactions", JSON.valueToTree(row.interactions()));
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
        return o;
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
                double[][] interactions = o.has("interactions") ? JSON.treeToValue(o.get("interactions"), double[][].class) : null;
                rows.add(new ExplainResult.Row(o.path("row").asInt(), e, reasons,
                        o.has("plain_language") && !o.get("plain_language").isNull() ? o.get("plain_language").asText() : null, cfs,
                        interactions));
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
