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
import dev.probity.core.model.Provenance;
import dev.probity.mitigation.MitigationReport;
import dev.probity.mitigation.MitigationResult;
import dev.probity.mitigation.Stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The mitigation result as JSON, schema {@value MitigationResult#SCHEMA}: the method, its stage, settings and
 * details, the mitigated model's provenance, the trade-off points, and both audits in full
 * ({@code probity.audit/v1}). Keys keep a fixed order, so the same run writes the same bytes; {@link #read} gives
 * back an equal {@link MitigationResult}.
 */
public final class MitigationJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private MitigationJson() {
    }

    public static String toString(MitigationReport r) {
        return toString(r.result());
    }

    public static String toString(MitigationResult r) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("schema", MitigationResult.SCHEMA);
        ObjectNode tool = doc.putObject("tool");
        tool.put("name", "probity");
        tool.put("version", AuditJson.VERSION);
        doc.put("method", r.method());
        doc.put("stage", r.stage().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        doc.put("constraint", r.constraint());
        doc.put("model", r.baselineAlgorithm());
        doc.put("mitigated_model", r.mitigatedAlgorithm());
        doc.put("rows", r.rows());
        doc.set("parameters", JSON.valueToTree(r.parameters()));
        doc.set("details", JSON.valueToTree(r.details()));
        doc.set("provenance", JSON.valueToTree(r.provenance()));
        ObjectNode t = doc.putObject("tradeoff");
        t.put("disparity", r.tradeoff().disparity());
        t.set("baseline", point(r.tradeoff().baseline()));
        t.set("mitigated", point(r.tradeoff().mitigated()));
        ArrayNode c = t.putArray("candidates");
        r.tradeoff().candidates().forEach(p -> c.add(point(p)));
        try {
            doc.set("before", JSON.readTree(AuditJson.toString(r.before())));
            doc.set("after", JSON.readTree(AuditJson.toString(r.after())));
            return FiniteJson.write(JSON, doc) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a document {@link #toString} wrote; {@code source} names it in errors. */
    public static MitigationResult read(byte[] json, String source) {
        JsonNode d;
        try {
            d = JSON.readTree(json);
        } catch (IOException e) {
            throw new InputException(source + ": " + dev.probity.core.io.JsonErrors.describe(json, e));
        }
        if (d == null || !MitigationResult.SCHEMA.equals(d.path("schema").asText())) {
            throw new InputException(source + ": not a Probity mitigation result (no \"schema\": \"" + MitigationResult.SCHEMA + "\")");
        }
        try {
            JsonNode t = d.path("tradeoff");
            List<MitigationReport.Point> candidates = new ArrayList<>();
            t.path("candidates").forEach(p -> candidates.add(point(p)));
            Map<String, Object> parameters = JSON.convertValue(d.path("parameters"), new TypeReference<Map<String, Object>>() { });
            Map<String, Object> details = JSON.convertValue(d.path("details"), new TypeReference<Map<String, Object>>() { });
            return new MitigationResult(d.path("method").asText(), Stage.valueOf(d.path("stage").asText().toUpperCase(Locale.ROOT).replace('-', '_')),
                    d.path("constraint").asText(), d.path("model").asText(), d.path("mitigated_model").asText(), d.path("rows").asInt(),
                    parameters, details, JSON.convertValue(d.path("provenance"), Provenance.class),
                    new MitigationReport.TradeOff(t.path("disparity").asText(), point(t.path("baseline")), point(t.path("mitigated")), candidates),
                    AuditJson.read(JSON.writeValueAsBytes(d.path("before")), source + " (before)"),
                    AuditJson.read(JSON.writeValueAsBytes(d.path("after")), source + " (after)"));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InputException(source + ": a damaged " + MitigationResult.SCHEMA + " document (" + e.getMessage() + ")", e);
        }
    }

    public static MitigationResult read(String json) {
        return read(json.getBytes(StandardCharsets.UTF_8), "mitigation JSON");
    }

    private static ObjectNode point(MitigationReport.Point p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", p.name());
        number(n, "error", p.error());
        number(n, "disparity", p.disparity());
        n.put("front", p.front());
        return n;
    }

    private static MitigationReport.Point point(JsonNode n) {
        return new MitigationReport.Point(n.path("name").asText(), n.path("error").isNull() ? Double.NaN : n.path("error").asDouble(),
                n.path("disparity").isNull() ? Double.NaN : n.path("disparity").asDouble(), n.path("front").asBoolean());
    }

    private static void number(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }
}
