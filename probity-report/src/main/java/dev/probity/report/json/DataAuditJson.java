package dev.probity.report.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.InputException;
import dev.probity.fairness.data.DataAuditResult;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The data bias report as JSON, schema {@value DataAuditResult#SCHEMA}: the result's records with their
 * components as snake_case keys, in declaration order (docs/json-schema.md documents every key). No timestamps:
 * the same data and settings write the same bytes, and {@link #read} gives back an equal result.
 */
public final class DataAuditJson {
    private static final ObjectMapper JSON = RecordJson.mapper();

    private DataAuditJson() {
    }

    public static String toString(DataAuditResult r) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("schema", DataAuditResult.SCHEMA);
        ObjectNode tool = doc.putObject("tool");
        tool.put("name", "probity");
        tool.put("version", AuditJson.VERSION);
        doc.setAll((ObjectNode) JSON.valueToTree(r));
        try {
            return FiniteJson.write(JSON, doc) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(DataAuditResult r, OutputStream out) {
        try {
            out.write(toString(r).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a document {@link #toString} wrote; {@code source} names it in errors. */
    public static DataAuditResult read(byte[] json, String source) {
        JsonNode d;
        try {
            d = JSON.readTree(json);
        } catch (IOException e) {
            throw new InputException(source + ": " + dev.probity.core.io.JsonErrors.describe(json, e));
        }
        if (d == null || !DataAuditResult.SCHEMA.equals(d.path("schema").asText())) {
            throw new InputException(source + ": not a data bias report (schema " + DataAuditResult.SCHEMA + "); its schema is '"
                    + (d == null ? "" : InputException.shown(d.path("schema").asText())) + "'");
        }
        try {
            return JSON.treeToValue(d, DataAuditResult.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InputException(source + ": not a readable data bias report: " + e.getOriginalMessage());
        }
    }
}
