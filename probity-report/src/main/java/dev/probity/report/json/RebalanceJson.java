package dev.probity.report.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.model.DataFingerprint;
import dev.probity.mitigation.pre.Rebalancing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The provenance of rebalanced data (schema {@value #SCHEMA}): where the rows came from (the input's fingerprint),
 * how they were drawn (mode, attribute, target shares, seed), what changed (rows per group before and after,
 * duplicates), and the fingerprint of the rows written, so that a training run can show which data it used.
 */
public final class RebalanceJson {
    public static final String SCHEMA = "probity.rebalance/v1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RebalanceJson() {
    }

    public static String toString(Rebalancing.Result r, String attribute, DataFingerprint input, DataFingerprint output, String file) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("schema", SCHEMA);
        ObjectNode tool = doc.putObject("tool");
        tool.put("name", "probity");
        tool.put("version", AuditJson.VERSION);
        doc.put("step", "rebalance");
        doc.put("mode", r.mode().name().toLowerCase(Locale.ROOT));
        doc.put("attribute", attribute);
        doc.put("seed", r.seed());
        doc.set("input", JSON.valueToTree(input));
        ObjectNode o = JSON.valueToTree(output);
        o.put("file", file);
        doc.set("output", o);
        doc.set("target_shares", JSON.valueToTree(r.targets()));
        doc.set("rows_before", JSON.valueToTree(r.before()));
        doc.set("rows_after", JSON.valueToTree(r.after()));
        doc.put("duplicated_rows", r.duplicates());
        try {
            return FiniteJson.write(JSON, doc) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
