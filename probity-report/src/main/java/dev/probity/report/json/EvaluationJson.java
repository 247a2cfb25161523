package dev.probity.report.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.InputException;
import dev.probity.models.eval.ClassificationReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Classification reports as JSON, schema {@value #SCHEMA} (what {@code probity train --json} and
 * {@code probity evaluate --json} write): one report per dataset — per-class precision, recall, F1 and support, their
 * macro and weighted averages, accuracy, the confusion matrix and ROC AUC. {@link #read} gives back equal reports.
 */
public final class EvaluationJson {
    public static final String SCHEMA = "probity.evaluation/v1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EvaluationJson() {
    }

    public static String toString(List<ClassificationReport> reports) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("schema", SCHEMA);
        ObjectNode tool = doc.putObject("tool");
        tool.put("name", "probity");
        tool.put("version", AuditJson.VERSION);
        doc.set("reports", JSON.valueToTree(reports));
        try {
            return FiniteJson.write(JSON, doc);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<ClassificationReport> read(byte[] json, String source) {
        JsonNode d;
        try {
            d = JSON.readTree(json);
        } catch (IOException e) {
            throw new InputException(source + ": " + dev.probity.core.io.JsonErrors.describe(json, e));
        }
        if (d == null || !SCHEMA.equals(d.path("schema").asText())) {
            throw new InputException(source + ": not Probity classification reports (no \"schema\": \"" + SCHEMA + "\")");
        }
        try {
            return JSON.convertValue(d.path("reports"), new TypeReference<List<ClassificationReport>>() { });
        } catch (IllegalArgumentException e) {
            throw new InputException(source + ": a damaged " + SCHEMA + " document (" + e.getMessage() + ")", e);
        }
    }

    public static List<ClassificationReport> read(String json) {
        return read(json.getBytes(StandardCharsets.UTF_8), "evaluation JSON");
    }
}
