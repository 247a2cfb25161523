package dev.probity.report.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.mitigation.MitigationReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The mitigation report as JSON, schema {@value MitigationReport#SCHEMA}: the method, its stage, settings and
 * details, the mitigated model's provenance, the trade-off points, and both audits in full
 * ({@code probity.audit/v1}). Keys keep a fixed order, so the same run writes the same bytes.
 */
public final class MitigationJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MitigationJson() {
    }

    public static String toString(MitigationReport r) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("schema", MitigationReport.SCHEMA);
        ObjectNode tool = doc.putObject("tool");
        tool.put("name", "probity");
        tool.put("version", AuditJson.VERSION);
        doc.put("method", r.method());
        doc.put("stage", r.stage().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        doc.put("constraint", r.constraint());
        doc.put("model", r.baseline().info().algorithm());
        doc.put("mitigated_model", r.mitigated().info().algorithm());
        doc.put("rows", r.rows());
        doc.set("parameters", JSON.valueToTree(r.parameters()));
        doc.set("details", JSON.valueToTree(r.details()));
        doc.set("provenance", JSON.valueToTree(r.mitigated().provenance()));
        ObjectNode t = doc.putObject("tradeoff");
        t.put("disparity", r.tradeoff().disparity());
        t.set("baseline", point(r.tradeoff().baseline()));
        t.set("mitigated", point(r.tradeoff().mitigated()));
        ArrayNode c = t.putArray("candidates");
        r.tradeoff().candidates().forEach(p -> c.add(point(p)));
        try {
            doc.set("before", JSON.readTree(AuditJson.toString(r.before())));
            doc.set("after", JSON.readTree(AuditJson.toString(r.after())));
            return JSON.writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode point(MitigationReport.Point p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", p.name());
        number(n, "error", p.error());
        number(n, "disparity", p.disparity());
        n.put("front", p.front());
        return n;
    }

    private static void number(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }
}
