package dev.probity.report.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.InputException;
import dev.probity.fairness.ranking.RankAuditResult;
import dev.probity.mitigation.ranking.Rerank;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The rank audit as JSON, schema {@value RankAuditResult#SCHEMA}, and a re-ranking's report, schema
 * {@value #RERANK_SCHEMA} (the method, its parameters, NDCG before and after, and both audits in full). Keys in a fixed
 * order, no timestamps; {@link #read} gives back an equal result.
 */
public final class RankAuditJson {
    public static final String RERANK_SCHEMA = "probity.rerank/v1";
    private static final ObjectMapper JSON = RecordJson.mapper();

    private RankAuditJson() {
    }

    public static String toString(RankAuditResult r) {
        return write(doc(r));
    }

    private static ObjectNode doc(RankAuditResult r) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("schema", RankAuditResult.SCHEMA);
        ObjectNode tool = doc.putObject("tool");
        tool.put("name", "probity");
        tool.put("version", AuditJson.VERSION);
        doc.setAll((ObjectNode) JSON.valueToTree(r));
        return doc;
    }

    private static String write(ObjectNode doc) {
        try {
            return FiniteJson.write(JSON, doc) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(RankAuditResult r, OutputStream out) {
        try {
            out.write(toString(r).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String toString(Rerank.Report r) {
        return toString(r.result());
    }

    public static String toString(Rerank.Result r) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("schema", RERANK_SCHEMA);
        ObjectNode tool = doc.putObject("tool");
        tool.put("name", "probity");
        tool.put("version", AuditJson.VERSION);
        ObjectNode body = (ObjectNode) JSON.valueToTree(r);
        body.set("before", doc(r.before()));
        body.set("after", doc(r.after()));
        doc.setAll(body);
        return write(doc);
    }

    /** Reads a document {@link #toString(Rerank.Result)} wrote. Parameters come back as JSON gives them (numbers, text). */
    public static Rerank.Result readRerank(byte[] json, String source) {
        JsonNode d = tree(json, source, RERANK_SCHEMA, "re-ranking report");
        try {
            return JSON.treeToValue(d, Rerank.Result.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InputException(source + ": not a readable re-ranking report: " + e.getOriginalMessage());
        }
    }

    private static JsonNode tree(byte[] json, String source, String schema, String what) {
        JsonNode d;
        try {
            d = JSON.readTree(json);
        } catch (IOException e) {
            throw new InputException(source + ": " + dev.probity.core.io.JsonErrors.describe(json, e));
        }
        if (d == null || !schema.equals(d.path("schema").asText())) {
            throw new InputException(source + ": not a " + what + " (schema " + schema + "); its schema is '"
                    + (d == null ? "" : InputException.shown(d.path("schema").asText())) + "'");
        }
        return d;
    }

    /** Reads a document {@link #toString(RankAuditResult)} wrote; {@code source} names it in errors. */
    public static RankAuditResult read(byte[] json, String source) {
        JsonNode d = tree(json, source, RankAuditResult.SCHEMA, "rank audit");
        try {
            return JSON.treeToValue(d, RankAuditResult.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InputException(source + ": not a readable rank audit: " + e.getOriginalMessage());
        }
    }
}
