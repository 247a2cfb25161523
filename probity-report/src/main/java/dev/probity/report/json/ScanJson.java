package dev.probity.report.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.monitor.scan.Scan;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The scan report as JSON ({@code probity.scan/v1}): the issues by severity first, then every check's numbers. A number
 * that does not exist (no flip found, no labels) is null.
 */
public final class ScanJson {
    public static final String SCHEMA = "probity.scan/v1";
    private static final ObjectMapper JSON = RecordJson.mapper();

    private ScanJson() {
    }

    public static String toString(Scan.Report r) {
        ObjectNode d = JSON.createObjectNode();
        d.put("schema", SCHEMA);
        ObjectNode tool = d.putObject("tool");
        tool.put("name", "probity");
        tool.put("version", AuditJson.VERSION);
        d.put("model", r.model());
        d.put("data", r.data());
        d.put("rows", r.rows());
        Scan.Settings s = r.settings();
        ObjectNode set = d.putObject("settings");
        set.put("label", s.label());
        set.set("protected", JSON.valueToTree(s.protectedAttributes()));
        set.set("immutable", JSON.valueToTree(s.immutable()));
        set.put("reference", s.reference() == null ? null : s.reference().source());
        set.put("attackRows", s.attackRows());
        set.put("sampleRows", s.sampleRows());
        set.put("epsilon", s.epsilon());
        set.put("noise", s.noise());
        set.put("bins", s.bins());
        set.put("seed", s.seed());
        ObjectNode summary = d.putObject("summary");
        for (Scan.Level l : Scan.Level.values()) {
            summary.put(l.id(), r.count(l));
        }
        ArrayNode issues = d.putArray("issues");
        for (Scan.Issue i : r.issues()) {
            ObjectNode o = issues.addObject();
            o.put("level", i.level().id());
            o.put("check", i.check());
            o.put("summary", i.summary());
            o.put("metric", i.metric());
            o.put("reference", i.reference());
            o.put("threshold", i.threshold());
        }
        d.put("accuracy", r.accuracy());
        d.set("perturbation", JSON.valueToTree(r.perturbation()));
        if (r.robustness() != null) {
            ObjectNode rb = JSON.valueToTree(r.robustness());
            rb.put("norm", r.robustness().norm().id());
            ArrayNode curve = rb.putArray("curve");
            for (double[] p : r.robustness().curve()) {
                ObjectNode c = curve.addObject();
                c.put("epsilon", p[0]);
                c.put(r.robustness().labelled() ? "robustAccuracy" : "unchanged", p[1]);
            }
            d.set("robustness", rb);
        } else {
            d.putNull("robustness");
        }
        d.set("causalDiscrimination", JSON.valueToTree(r.discrimination()));
        d.set("slices", JSON.valueToTree(r.slices()));
        if (r.drift() != null) {
            d.set("drift", JSON.valueToTree(r.drift()));
        } else {
            d.putNull("drift");
        }
        d.set("notes", JSON.valueToTree(r.notes()));
        try {
            return FiniteJson.write(JSON, d) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
