package dev.probity.report.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.explain.ExplainResult;

import java.io.UncheckedIOException;

/**
 * Explanations as JSON, schema {@value ExplainResult#SCHEMA}: per explained row its explanation (features, their
 * values, contributions, base, prediction, facts), and where the method gives them its reasons, plain-language text
 * and counterfactuals; for the global view one result with importance, mean |SHAP|, partial dependence and the
 * surrogate tree. Keys keep a fixed order, so the same run writes the same bytes.
 */
public final class ExplainJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
